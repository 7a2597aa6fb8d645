"""VerifierPublishService (issue 18) on real registers: what the published trust list carries.

Two offices as in tests/integration/test_trust_attacks.py: the other office annotates two
certificates and revokes one; ours imports its trust file (with its revocation list) and
publishes the phone verifier. The list carries both offices' keys and the other office's
revocation "as of" its list's date; in Chromium the other office's certificates verify, the
revoked one as revoked. Both backends for the service; the browser step only where chromium is.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.errors import InvalidInput
from app.models.db import Database
from app.services.base import Actor
from app.services.certificate_service import CertificateService
from app.services.key_service import KeyService
from app.services.verifier_publish import MARKER, VerifierPublishService
from tests.helpers.browser import check_pasted, chromium, require_chromium, serve
from tests.helpers.certificates import PASSPHRASE, init_office_key
from tests.integration.test_trust_attacks import (  # noqa: F401  (other_db is a fixture)
    OTHER_PASS,
    OTHER_USCC,
    _annotated_and_revoked,
    _other_office,
    other_db,
)


def test_trusted_offices_and_their_revocations_are_published(
        db: Database, other_db: Database, actors: dict[str, Actor], tmp_path: Path) -> None:  # noqa: F811
    admin = actors["admin"]
    other = _other_office(other_db, admin)
    revoked, kept = _annotated_and_revoked(other_db, actors)
    clerk = CertificateService(other_db, actors["clerk"])
    payloads = {c.serial: clerk.get_view(c.serial).payload for c in clerk.find()}
    init_office_key(db, admin)
    KeyService(db, admin).import_trust(other.export_trust(OTHER_PASS))

    out = tmp_path / "site"
    done = VerifierPublishService(db, admin).publish(out, PASSPHRASE)
    assert done.offices == 2 and done.revocations == 1 and (out / MARKER).is_file()
    doc = json.loads((out / "trust.json").read_text("utf-8"))
    theirs = next(o for o in doc["offices"] if o["code"] == OTHER_USCC)
    assert doc["offices"][0]["code"] == done.office_code  # the publishing office first
    assert [e["serial"] for e in theirs["revocations"]["entries"]] == [revoked]
    assert theirs["revocations"]["as_of"] is not None
    assert all(k["state"] == "active" for k in theirs["keys"])
    assert (out / "trust.js").read_text("utf-8").startswith("/* Registry Office verifier")

    # Publishing again replaces the folder whole; a wrong passphrase changes nothing.
    before = (out / "trust.json").read_bytes()
    with pytest.raises(InvalidInput) as refused:
        VerifierPublishService(db, admin).publish(out, "not the passphrase")
    assert refused.value.code == "key_passphrase_wrong"
    assert (out / "trust.json").read_bytes() == before

    require_chromium()  # the service part above has run either way
    with serve(out) as base, chromium() as driver:
        driver.get(base + "index.html")
        got = check_pasted(driver, payloads[revoked])
        assert got["status"] == "revoked" and "证书信息有误" in got["text"], got
        assert check_pasted(driver, payloads[kept])["status"] == "valid"
