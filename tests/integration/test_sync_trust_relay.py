"""Issue 12: trust-list updates reach a field office through its central office.

A third office (another province) is trusted by the central office only. Its key and its
signed revocation list travel in the central office's bundle, so the field office's help desk
verifies that office's certificates and learns of their revocation, never loosening what it
already knows.
"""

from __future__ import annotations

import shutil
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import select

from app.models import Certificate, IssuerKey
from tests.helpers.certificates import add_holder
from tests.helpers.register import uscc
from tests.helpers.sync_offices import (
    CENTRAL_NAME,
    CENTRAL_USCC,
    FIELD_NAME,
    FIELD_USCC,
    PASSPHRASE,
    make_office,
    pair,
    send,
)

DAY = date.today() - timedelta(days=20)


def test_other_offices_keys_and_revocations_reach_the_field(db_url: str, sqlite_template: Path,
                                                           tmp_path: Path) -> None:
    paths = {}
    for name in ("field", "other"):
        shutil.copy(sqlite_template, tmp_path / f"{name}.sqlite3")
        paths[name] = f"sqlite:///{(tmp_path / f'{name}.sqlite3').as_posix()}"
    central = make_office(db_url, CENTRAL_USCC, CENTRAL_NAME, "central", DAY)
    field = make_office(paths["field"], FIELD_USCC, FIELD_NAME, "field", DAY)
    other = make_office(paths["other"], uscc("440100", 990004), "广东省注册管理中心", "central", DAY)
    try:
        pair(field, central)
        # The other province issues a certificate ...
        add_holder(other.db)
        cert = other.clerk.certificates.annotate("京1112026000012345", PASSPHRASE,
                                                 on=date.today() - timedelta(days=5))
        with other.db.session_scope(write=False) as s:
            payload = s.scalars(select(Certificate.payload)
                                .where(Certificate.serial == cert.serial)).one()
        # ... which the field office cannot check yet.
        assert field.helpdesk.verification.verify_text(payload).status == "unknown_issuer"
        # The central office trusts that office (its trust file, fingerprints checked by phone).
        central.admin.keys.import_trust(other.admin.keys.export_trust(PASSPHRASE),
                                        accept_unconfirmed=True)
        _, got = send(central, field, tmp_path)
        assert got.counts["trusted_key"] == 1
        assert field.helpdesk.verification.verify_text(payload).status == "valid"
        with field.db.session_scope(write=False) as s:
            key = s.scalars(select(IssuerKey).where(IssuerKey.office_code == other.code)).one()
            assert key.source == "imported" and key.private_key_encrypted is None

        # The other office revokes; the central office imports its new list; the field learns.
        other.reviewer.certificates.revoke(cert.serial, "颁发错误")
        central.admin.keys.import_revocations(other.admin.keys.export_revocations(PASSPHRASE))
        _, got = send(central, field, tmp_path)
        assert got.counts["revocation_entry"] == 1
        assert field.helpdesk.verification.verify_text(payload).status == "revoked"
        # The field's first bundle: its own trust file and its help desk's summary; then quiet.
        assert send(field, central, tmp_path)[0].counts.keys() <= {"trust", "verification_summary"}
        assert send(central, field, tmp_path)[0].empty
        assert send(field, central, tmp_path)[0].empty
    finally:
        for office in (central, field, other):
            office.db.dispose()
