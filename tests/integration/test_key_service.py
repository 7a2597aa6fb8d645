"""Key service on SQLite and PostgreSQL: init, rotation, trust export/import between offices."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from app.codes.verify import VALID, check_code
from app.errors import InvalidInput, PermissionDenied, RuleViolation
from app.models import AppSetting, AuditEntry, IssuerKey
from app.models.db import Database
from app.services.base import Actor
from app.services.certificate_service import CertificateService
from app.services.key_service import KeyService
from app.services.office_settings import TRUST_REFRESHED_AT
from app.services.verification_service import VerificationService
from tests.helpers.certificates import (
    OFFICE_USCC,
    PASSPHRASE,
    add_holder,
    init_office_key,
)

OTHER_USCC = "12100000400012342E"


@pytest.fixture
def other_db(sqlite_template: Path, tmp_path: Path) -> Iterator[Database]:
    """Another office's register (its own SQLite file)."""
    path = tmp_path / "other_office.sqlite3"
    shutil.copy(sqlite_template, path)
    database = Database(f"sqlite:///{path.as_posix()}")
    yield database
    database.dispose()


def test_init_reads_office_settings_and_stores_only_encrypted_key(db: Database, actors: dict[str, Actor]) -> None:
    svc = KeyService(db, actors["admin"])
    with pytest.raises(InvalidInput) as err:
        svc.init_office_key(PASSPHRASE)
    assert err.value.code == "office_code_missing"
    with db.session_scope() as s:
        s.add(AppSetting(key="office_uscc", value=OFFICE_USCC))
        s.add(AppSetting(key="office_name", value="设置里的办公室"))
    info = svc.init_office_key(PASSPHRASE)
    assert info.office_code == OFFICE_USCC and info.office_name == "设置里的办公室"
    assert info.state == "active" and info.has_private_key
    with pytest.raises(RuleViolation):
        svc.init_office_key(PASSPHRASE)
    with db.session_scope(write=False) as s:
        row = s.get(IssuerKey, info.key_id)
        assert row is not None and row.private_key_encrypted is not None
        assert PASSPHRASE.encode() not in row.private_key_encrypted
        assert s.scalars(select(AuditEntry.action)).all() == ["key_created", "seals_created"]  # seals come with the key
    with pytest.raises(InvalidInput):
        KeyService(db, actors["admin"]).init_office_key("short")
    with pytest.raises(PermissionDenied):
        KeyService(db, actors["clerk"]).list_keys()


def test_rotation_keeps_old_certificates_verifiable(db: Database, actors: dict[str, Actor]) -> None:
    old_id = init_office_key(db, actors["admin"])
    add_holder(db)
    certs = CertificateService(db, actors["clerk"])
    old = certs.annotate("京1112026000012345", PASSPHRASE, on=date(2026, 11, 23))
    with pytest.raises(InvalidInput):
        KeyService(db, actors["admin"]).rotate("wrong passphrase")
    new = KeyService(db, actors["admin"]).rotate(PASSPHRASE, "a brand new passphrase")
    assert new.key_id != old_id
    keys = {k.key_id: k for k in KeyService(db, actors["admin"]).list_keys()}
    assert keys[old_id].state == "retired" and keys[new.key_id].state == "active"
    # New annotations are signed by the new key, with the new passphrase only; a new key
    # cannot sign for a day before it existed.
    with pytest.raises(InvalidInput):
        certs.annotate("京1112026000012345", PASSPHRASE)
    with pytest.raises(RuleViolation) as err:
        certs.annotate("京1112026000012345", "a brand new passphrase", on=date(2026, 11, 24))
    assert err.value.code == "certificate_annotation_before_key"
    fresh = certs.annotate("京1112026000012345", "a brand new passphrase")
    assert fresh.key_id == new.key_id and old.key_id == old_id
    lookup = VerificationService(db, actors["helpdesk"]).key_lookup()
    at = datetime.now(UTC)
    assert check_code(certs.get_view(old.serial).payload, lookup, at).status == VALID
    assert check_code(certs.get_view(fresh.serial).payload, lookup, at).status == VALID


def _other_office(tmp_db: Database, admin: Actor) -> bytes:
    KeyService(tmp_db, admin).init_office_key("other office passphrase", OTHER_USCC, "邻省注册中心")
    return KeyService(tmp_db, admin).export_trust("other office passphrase")


def test_trust_export_import_round_trip(db: Database, other_db: Database, actors: dict[str, Actor]) -> None:
    admin = actors["admin"]
    data = _other_office(other_db, admin)
    doc = json.loads(data)
    assert doc["version"] == 2
    assert (doc["office"]["code"], doc["office"]["name"]) == (OTHER_USCC, "邻省注册中心")
    assert "private" not in data.decode().lower()
    init_office_key(db, admin)
    svc = KeyService(db, admin)
    result = svc.import_trust(data)
    assert result.continuity == "new_office" and len(result.added) == 1
    with db.session_scope() as s:  # pretend the first import was long ago
        s.get(AppSetting, TRUST_REFRESHED_AT.key).value = "2020-01-01T00:00:00+00:00"
    again = svc.import_trust(data)  # idempotent, but it does refresh the trust store's age
    assert again.added == () and again.updated == () and len(again.unchanged) == 1
    with db.session_scope(write=False) as s:
        assert not s.get(AppSetting, TRUST_REFRESHED_AT.key).value.startswith("2020")
    # The other office rotates; its new file is signed by the old key too: confirmed.
    KeyService(other_db, admin).rotate("other office passphrase")
    rotated = KeyService(other_db, admin).export_trust("other office passphrase")
    result = svc.import_trust(rotated)
    assert result.continuity == "confirmed"
    assert len(result.added) == 1 and len(result.updated) == 1  # old key now retired
    imported = [k for k in svc.list_keys() if k.source == "imported"]
    assert sorted(k.state for k in imported) == ["retired", "trusted"]
    assert all(not k.has_private_key for k in imported)
    # Our own export imported back is harmless.
    own = svc.export_trust(PASSPHRASE)
    assert svc.import_trust(own).added == ()


def test_unconfirmed_new_keys_of_a_known_office_need_consent(db: Database, other_db: Database,
                                                             actors: dict[str, Actor]) -> None:
    admin = actors["admin"]
    init_office_key(db, admin)
    KeyService(db, admin).import_trust(_other_office(other_db, admin))
    # Someone else claims to be that office with a fresh key (different database, same code).
    with other_db.session_scope() as s:
        for row in s.scalars(select(IssuerKey)):
            s.delete(row)
    impostor = _other_office(other_db, admin)
    with pytest.raises(RuleViolation) as err:
        KeyService(db, admin).import_trust(impostor)
    assert err.value.code == "trust_file_unconfirmed"
    assert KeyService(db, admin).import_trust(impostor, accept_unconfirmed=True).continuity == "unconfirmed"


def test_file_in_our_name_with_foreign_keys_refused(db: Database, other_db: Database, actors: dict[str, Actor]) -> None:
    admin = actors["admin"]
    init_office_key(db, admin)
    KeyService(other_db, admin).init_office_key("other office passphrase", OFFICE_USCC, "冒充者")
    fake = KeyService(other_db, admin).export_trust("other office passphrase")
    with pytest.raises(RuleViolation) as err:
        KeyService(db, admin).import_trust(fake)
    assert err.value.code == "trust_file_own_office"


def test_malformed_files_refused_with_clear_codes(db: Database, actors: dict[str, Actor]) -> None:
    svc = KeyService(db, actors["admin"])
    for data, code in ((b"\x00\x01binary", "trust_file_not_json"), (b"{}", "trust_file_invalid"),
                       (b"[1,2]", "trust_file_invalid")):
        with pytest.raises(InvalidInput) as err:
            svc.import_trust(data)
        assert err.value.code == code
    with db.session_scope(write=False) as s:
        assert s.scalars(select(IssuerKey)).all() == []
