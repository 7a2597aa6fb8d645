"""Issue 13 between offices: office A seals its certificate files; office B (both backends) checks
them at its help desk after importing A's trust file, and learns of A's revoked seal from A's
signed revocation list. Files travel as bytes, as on a USB stick.

A = its own SQLite file (``other_db``) with seals and certificates; B = ``db``, its own office
key, no seals of its own.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from app.codes import seal_sm2 as sm2
from app.codes.trust_file import parse_trust_file
from app.models.db import Database
from app.models.seals import SealCertificate
from app.services.base import Actor
from app.services.key_service import KeyService
from app.services.seal_service import SealService
from tests.helpers.certificates import PASSPHRASE
from tests.helpers.seals import foreign_sealing, office_with_certificates, sealed

B_USCC = "12100000400012342E"
B_PASS = "office B passphrase"


@pytest.fixture
def office_a(sqlite_template: Path, tmp_path: Path) -> Iterator[Database]:
    path = tmp_path / "office_a.sqlite3"
    shutil.copy(sqlite_template, path)
    database = Database(f"sqlite:///{path.as_posix()}")
    yield database
    database.dispose()


@pytest.fixture
def a_files(office_a: Database, actors: dict[str, Actor]) -> dict[str, bytes]:
    """A's sealed PDF and OFD of a constructor (office seal) and an architect (two seals)."""
    views = office_with_certificates(office_a, actors["admin"], actors["clerk"])
    sealing = SealService(office_a, actors["clerk"]).signing_material(PASSPHRASE)
    return {f"{kind}.{fmt}": sealed(views[kind], sealing, fmt)
            for kind in ("constructor", "architect") for fmt in ("pdf", "ofd")}


def _states(db: Database, actors: dict[str, Actor], data: bytes, fmt: str) -> list[str]:
    desk = SealService(db, actors["helpdesk"])
    found = desk.check_pdf(data) if fmt == "pdf" else desk.check_ofd(data)
    return [f.state for f in found]  # type: ignore[attr-defined]


def test_trust_file_carries_both_seal_roots(office_a: Database, a_files: dict[str, bytes],
                                           actors: dict[str, Actor]) -> None:
    data = KeyService(office_a, actors["admin"]).export_trust(PASSPHRASE)
    doc = json.loads(data)
    root = doc["office"]["seal_root"]
    assert root["format"] == "x509-der" and root["sm2"]["format"] == "x509-der"
    parsed = parse_trust_file(data)
    assert parsed.seal_root is not None and parsed.seal_root.sm2_certificate is not None
    assert sm2.is_ca_of(parsed.seal_root.sm2_certificate, parsed.office_code)
    # The list beside the keys carries A's seal CRLs, one per root.
    assert sorted(c["algorithm"] for c in doc["revocation_list"]["seal_crls"]) == ["ecdsa-p256", "sm2"]


def test_office_b_checks_office_a_seals_and_learns_of_a_revocation(
        db: Database, office_a: Database, a_files: dict[str, bytes],
        actors: dict[str, Actor]) -> None:
    admin = actors["admin"]
    b = KeyService(db, admin)
    b.init_office_key(B_PASS, B_USCC, "邻省注册中心", seals=False)
    # Before B trusts A: every seal is from an unknown signer (never "unmodified").
    for name, data in a_files.items():
        states = _states(db, actors, data, name.rsplit(".", 1)[1])
        assert states and set(states) == {"unknown_signer"}, (name, states)

    a = KeyService(office_a, admin)
    result = b.import_trust(a.export_trust(PASSPHRASE))
    assert result.continuity == "new_office"
    with db.session_scope(write=False) as s:
        imported = {r.algorithm for r in s.scalars(select(SealCertificate).where(
            SealCertificate.source == "imported"))}
    assert imported == {"ecdsa-p256", "sm2"}
    for name, data in a_files.items():
        expected = ["unmodified"] * (2 if name.startswith("architect") else 1)
        assert _states(db, actors, data, name.rsplit(".", 1)[1]) == expected, name

    # A's office seal is compromised: A revokes it; B learns of it from A's revocation list.
    SealService(office_a, admin).revoke_seal("office", PASSPHRASE)
    listing = a.export_revocations(PASSPHRASE)
    b.import_revocations(listing)
    assert _states(db, actors, a_files["constructor.pdf"], "pdf") == ["revoked"]
    assert _states(db, actors, a_files["constructor.ofd"], "ofd") == ["revoked"]
    # The architects' seals were not revoked.
    assert _states(db, actors, a_files["architect.pdf"], "pdf") == ["unmodified"] * 2
    assert _states(db, actors, a_files["architect.ofd"], "ofd") == ["unmodified"] * 2
    # An older list (before the revocation) does not take it back: CRL numbers only go up.
    b.import_revocations(listing)
    assert _states(db, actors, a_files["constructor.pdf"], "pdf") == ["revoked"]


def test_a_crl_not_signed_by_the_office_root_is_ignored(
        db: Database, office_a: Database, a_files: dict[str, bytes],
        actors: dict[str, Actor]) -> None:
    """The CRLs ride beside the list's signed body: a swapped-in CRL from another root (which
    would list nothing, or anything) must change nothing."""
    admin = actors["admin"]
    b = KeyService(db, admin)
    b.init_office_key(B_PASS, B_USCC, "邻省注册中心", seals=False)
    a = KeyService(office_a, admin)
    b.import_trust(a.export_trust(PASSPHRASE))
    SealService(office_a, admin).revoke_seal("office", PASSPHRASE)
    doc = json.loads(a.export_revocations(PASSPHRASE))
    from app.codes.revocations import seal_crl_entries

    doc["seal_crls"] = seal_crl_entries([("ecdsa-p256", foreign_sealing().crl)])
    b.import_revocations(json.dumps(doc, ensure_ascii=False).encode("utf-8"))
    # The genuine revocation did not arrive (its CRL was replaced), and the forged one was not
    # stored: the seal still checks as before, until a genuine list comes.
    assert _states(db, actors, a_files["constructor.pdf"], "pdf") == ["unmodified"]
    doc["seal_crls"] = json.loads(a.export_revocations(PASSPHRASE))["seal_crls"]
    b.import_revocations(json.dumps(doc, ensure_ascii=False).encode("utf-8"))
    assert _states(db, actors, a_files["constructor.pdf"], "pdf") == ["revoked"]



def test_a_renewed_seal_seals_again_and_other_offices_accept_it(
        db: Database, office_a: Database, a_files: dict[str, bytes],
        actors: dict[str, Actor]) -> None:
    """Revoked, then renewed under the same roots: B needs no new trust file for the new
    certificate; the files of the revoked one stay revoked."""
    from app.errors import RuleViolation
    from app.services.certificate_service import CertificateService

    admin = actors["admin"]
    b = KeyService(db, admin)
    b.init_office_key(B_PASS, B_USCC, "邻省注册中心", seals=False)
    a = KeyService(office_a, admin)
    b.import_trust(a.export_trust(PASSPHRASE))
    seals_a = SealService(office_a, admin)
    seals_a.revoke_seal("office", PASSPHRASE)
    clerk = SealService(office_a, actors["clerk"])
    serial = next(c.serial for c in CertificateService(office_a, actors["clerk"]).find(kind="constructor"))
    view = CertificateService(office_a, actors["clerk"]).printable_view(serial)
    with pytest.raises(RuleViolation):
        sealed(view, clerk.signing_material(PASSPHRASE), "pdf")  # no office seal until renewed
    renewed = seals_a.renew_seal("office", PASSPHRASE)
    assert sorted(r.algorithm for r in renewed) == ["ecdsa-p256", "sm2"]
    sealing = clerk.signing_material(PASSPHRASE)
    new_files = {fmt: sealed(view, sealing, fmt) for fmt in ("pdf", "ofd")}
    b.import_revocations(a.export_revocations(PASSPHRASE))
    for fmt, data in new_files.items():
        assert _states(db, actors, data, fmt) == ["unmodified"], fmt
        assert _states(office_a, actors, data, fmt) == ["unmodified"], fmt
        assert _states(db, actors, a_files[f"constructor.{fmt}"], fmt) == ["revoked"], fmt
