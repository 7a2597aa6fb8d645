"""Issue 10 on real registers (SQLite files and PostgreSQL): trust-file updates, key compromise,
the signed revocation list between offices, revoked now vs then, demo registers.

Two offices: ``db`` (ours, both backends) and another office's own SQLite file. Files travel
between them exactly as on a USB stick: exported bytes, imported bytes.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from app.codes.keys import Signer, decrypt_private_key
from app.codes.trust_file import build_trust_file
from app.errors import InvalidInput, RuleViolation
from app.models import AuditEntry, IssuerKey
from app.models.db import Database
from app.services.base import Actor
from app.services.certificate_service import CertificateService
from app.services.key_service import KeyService, to_trusted
from app.services.verification_service import VerificationService
from tests.helpers.certificates import PASSPHRASE, add_holder, init_office_key

OTHER_USCC = "12100000400012342E"
OTHER_PASS = "other office passphrase"


@pytest.fixture
def other_db(sqlite_template: Path, tmp_path: Path) -> Iterator[Database]:
    path = tmp_path / "other_office.sqlite3"
    shutil.copy(sqlite_template, path)
    database = Database(f"sqlite:///{path.as_posix()}")
    yield database
    database.dispose()


def _other_office(other: Database, admin: Actor) -> KeyService:
    svc = KeyService(other, admin)
    svc.init_office_key(OTHER_PASS, OTHER_USCC, "邻省注册中心")
    return svc


def _keys(db: Database) -> dict[str, tuple[object, ...]]:
    with db.session_scope(write=False) as s:
        return {r.key_id: (r.retired_at, r.valid_until, r.compromised_at, r.reserved)
                for r in s.scalars(select(IssuerKey).where(IssuerKey.source == "imported"))}


def _audit(db: Database, action: str) -> list[AuditEntry]:
    with db.session_scope(write=False) as s:
        return list(s.scalars(select(AuditEntry).where(AuditEntry.action == action)))


def _signer(other: Database, key_id: str) -> Signer:
    with other.session_scope(write=False) as s:
        row = s.get(IssuerKey, key_id)
        assert row is not None and row.private_key_encrypted is not None
        return Signer(key_id, decrypt_private_key(bytes(row.private_key_encrypted), OTHER_PASS))


def test_file_signed_only_by_a_retired_key_changes_nothing(
        db: Database, other_db: Database, actors: dict[str, Actor]) -> None:
    """The issue's "更新 2": a thief of the retired key un-retires it and ends the current key."""
    admin = actors["admin"]
    other = _other_office(other_db, admin)
    ours = KeyService(db, admin)
    init_office_key(db, admin)
    ours.import_trust(other.export_trust(OTHER_PASS))
    old_id = other.list_keys()[0].key_id
    other.rotate(OTHER_PASS)
    assert ours.import_trust(other.export_trust(OTHER_PASS)).continuity == "confirmed"
    before = _keys(db)
    new_id = next(k for k in before if k != old_id)
    assert before[old_id][0] is not None and before[new_id][0] is None

    # The attacker holds only the retired key: un-retire it, retire the current one.
    with other_db.session_scope(write=False) as s:
        rows = {r.key_id: to_trusted(r) for r in s.scalars(select(IssuerKey))}
    now = datetime.now(UTC)
    forged_keys = [rows[old_id].__class__(**{**rows[old_id].__dict__, "retired_at": None,
                                              "valid_until": None}),
                   rows[new_id].__class__(**{**rows[new_id].__dict__, "retired_at": now,
                                              "valid_until": now})]
    forged = build_trust_file(OTHER_USCC, "邻省注册中心", forged_keys,
                              [_signer(other_db, old_id)], now)
    for accept in (False, True):  # not even an admin's acceptance lets it through
        with pytest.raises(RuleViolation) as err:
            ours.import_trust(forged, accept_unconfirmed=accept)
        assert err.value.code == "trust_file_suspicious"
    assert _keys(db) == before
    trail = _audit(db, "trust_import_suspicious")
    assert len(trail) == 2 and old_id in json.dumps(trail[0].details)


def test_current_key_may_tighten_but_never_loosen(
        db: Database, other_db: Database, actors: dict[str, Actor]) -> None:
    admin = actors["admin"]
    other = _other_office(other_db, admin)
    ours = KeyService(db, admin)
    ours.import_trust(other.export_trust(OTHER_PASS))
    old_id = other.list_keys()[0].key_id
    other.rotate(OTHER_PASS)
    ours.import_trust(other.export_trust(OTHER_PASS))
    known = _keys(db)
    new_id = next(k for k in known if k != old_id)
    # A file signed by the current key that tries to un-retire the old key (an office's
    # mistake, or a thief of the current key): the retirement stays, and the import says what
    # it did not apply.
    with other_db.session_scope(write=False) as s:
        rows = {r.key_id: to_trusted(r) for r in s.scalars(select(IssuerKey))}
    unretired = rows[old_id].__class__(**{**rows[old_id].__dict__, "retired_at": None,
                                          "valid_until": None})
    loosening = build_trust_file(OTHER_USCC, "邻省注册中心", [unretired, rows[new_id]],
                                 [_signer(other_db, new_id)], datetime.now(UTC))
    result = ours.import_trust(loosening)
    assert result.continuity == "confirmed" and any(old_id in w for w in result.ignored)
    assert _keys(db)[old_id] == known[old_id]
    # The other office reports the old key compromised: that tightening is applied.
    since = datetime.now(UTC) - timedelta(days=3)
    other.compromise(old_id, since, "备份盘丢失")
    result = ours.import_trust(other.export_trust(OTHER_PASS))
    assert old_id in result.updated
    listed = {k.key_id: k for k in ours.list_keys()}
    assert listed[old_id].state == "compromised" and listed[new_id].state == "trusted"
    assert listed[old_id].compromise_reason == "备份盘丢失"


def test_old_genuine_file_is_stale_not_an_update(
        db: Database, other_db: Database, actors: dict[str, Actor]) -> None:
    admin = actors["admin"]
    other = _other_office(other_db, admin)
    ours = KeyService(db, admin)
    first = other.export_trust(OTHER_PASS)
    ours.import_trust(first)
    other.rotate(OTHER_PASS)
    ours.import_trust(other.export_trust(OTHER_PASS))
    known = _keys(db)
    # Importing the first file again (signed by the now retired key only) would un-retire
    # that key: suspicious, refused.
    with pytest.raises(RuleViolation) as err:
        ours.import_trust(first)
    assert err.value.code == "trust_file_suspicious"
    assert _keys(db) == known


def test_unconfirmed_new_key_needs_the_admin(
        db: Database, other_db: Database, actors: dict[str, Actor], tmp_path: Path) -> None:
    admin = actors["admin"]
    other = _other_office(other_db, admin)
    ours = KeyService(db, admin)
    ours.import_trust(other.export_trust(OTHER_PASS))
    # The other office lost its register and starts over with a fresh key (no old signature).
    fresh_path = tmp_path / "fresh.sqlite3"
    shutil.copy(str(other_db.engine.url.database), fresh_path)
    fresh = Database(f"sqlite:///{fresh_path.as_posix()}")
    try:
        with fresh.session_scope() as s:
            for row in s.scalars(select(IssuerKey)):
                s.delete(row)
        svc = KeyService(fresh, admin)
        svc.init_office_key(OTHER_PASS, OTHER_USCC, "邻省注册中心")
        data = svc.export_trust(OTHER_PASS)
    finally:
        fresh.dispose()
    with pytest.raises(RuleViolation) as err:
        ours.import_trust(data)
    assert err.value.code == "trust_file_unconfirmed"
    result = ours.import_trust(data, accept_unconfirmed=True)  # after the phone call
    assert result.continuity == "unconfirmed" and len(result.added) == 1


def test_version_1_file_still_imports(db: Database, other_db: Database,
                                      actors: dict[str, Actor]) -> None:
    """A file exported before version 2: read as v1, states from retired_at."""
    import hashlib

    from app.codes.signed_json import b64, canonical

    admin = actors["admin"]
    other = _other_office(other_db, admin)
    key = other.list_keys()[0]
    with other_db.session_scope(write=False) as s:
        row = s.get(IssuerKey, key.key_id)
        assert row is not None
        pub = bytes(row.public_key)
    body = {"format": "registry-office-trust-store", "version": 1,
            "exported_at": "2026-11-23T04:00:00+00:00",
            "office": {"code": OTHER_USCC, "name": "邻省注册中心"},
            "keys": [{"key_id": key.key_id, "algorithm": "Ed25519", "public_key": b64(pub),
                      "office_code": OTHER_USCC, "office_name": "邻省注册中心",
                      "valid_from": key.valid_from.isoformat(), "valid_until": None,
                      "retired_at": None}]}
    data = canonical(body)
    signer = _signer(other_db, key.key_id)
    doc = {**body, "sha256": hashlib.sha256(data).hexdigest(),
           "signatures": [{"key_id": key.key_id, "signature": b64(signer.private_key.sign(data))}]}
    result = KeyService(db, admin).import_trust(json.dumps(doc).encode())
    assert result.added == (key.key_id,) and result.continuity == "new_office"


def _annotated_and_revoked(other: Database, actors: dict[str, Actor]) -> tuple[str, str]:
    """Two certificates of the other office: one revoked, one still valid."""
    from sqlalchemy import update

    from app.models import AppSetting

    with other.session_scope() as s:
        s.add(AppSetting(key="office_uscc", value=OTHER_USCC))
        s.execute(update(IssuerKey).values(valid_from=datetime(2024, 1, 1, tzinfo=UTC)))
    add_holder(other)
    add_holder(other, number="京1112026000099999", id_number="440106199508172628")
    certs = CertificateService(other, actors["clerk"])
    revoked = certs.annotate("京1112026000012345", OTHER_PASS)
    kept = certs.annotate("京1112026000099999", OTHER_PASS)
    CertificateService(other, actors["reviewer"]).revoke(revoked.serial, "证书信息有误")
    return revoked.serial, kept.serial


def test_revocation_list_travels_with_the_trust_file(
        db: Database, other_db: Database, actors: dict[str, Actor]) -> None:
    admin = actors["admin"]
    other = _other_office(other_db, admin)
    revoked, kept = _annotated_and_revoked(other_db, actors)
    payloads = {c.serial: CertificateService(other_db, actors["clerk"]).get_view(c.serial).payload
                for c in CertificateService(other_db, actors["clerk"]).find()}
    data = other.export_trust(OTHER_PASS)
    listed = json.loads(data)["revocation_list"]
    assert [(e["serial"], e["state"]) for e in listed["entries"]] == [(revoked, "revoked")]
    result = KeyService(db, admin).import_trust(data)
    assert result.revocations is not None and result.revocations.added == 1
    desk = VerificationService(db, actors["helpdesk"])
    r = desk.verify_text(payloads[revoked], "manual")
    assert r.status == "revoked" and r.revoke_reason == "证书信息有误"
    assert r.revocations_as_of is not None  # "as of the list's date"
    ok = desk.verify_text(payloads[kept], "manual")
    assert ok.status == "valid" and ok.revocations_as_of == r.revocations_as_of
    # The stand-alone list imports too; the same facts change nothing.
    again = KeyService(db, admin).import_revocations(other.export_revocations(OTHER_PASS))
    assert (again.added, again.unchanged) == (0, 1)


def test_revocation_list_rules(db: Database, other_db: Database, actors: dict[str, Actor]) -> None:
    from app.codes.revocations import RevocationEntry, build_revocation_list

    admin = actors["admin"]
    other = _other_office(other_db, admin)
    ours = KeyService(db, admin)
    with pytest.raises(RuleViolation) as err:  # keys first
        ours.import_revocations(other.export_revocations(OTHER_PASS))
    assert err.value.code == "revocation_list_unknown_office"
    ours.import_trust(other.export_trust(OTHER_PASS))
    old_id = other.list_keys()[0].key_id
    old_signer = _signer(other_db, old_id)
    other.rotate(OTHER_PASS)
    ours.import_trust(other.export_trust(OTHER_PASS))
    serial = f"1.2.156.3005.2.11100000000013338W011.{OTHER_USCC}.20260000001.001.X"
    now = datetime.now(UTC)
    entry = RevocationEntry(serial, "revoked", now - timedelta(days=1), "伪造")
    # Signed by the retired key only: not the office's current key.
    stale = build_revocation_list(OTHER_USCC, "邻省注册中心", [entry], [old_signer], now)
    with pytest.raises(RuleViolation) as err:
        ours.import_revocations(stale)
    assert err.value.code == "revocation_list_not_current_key"
    # An office speaks only for its own certificates.
    foreign = RevocationEntry(serial.replace(OTHER_USCC, "11100000000013338W"), "revoked", now, "x")
    current = _signer(other_db, next(k.key_id for k in other.list_keys() if k.state == "active"))
    with pytest.raises(InvalidInput):
        ours.import_revocations(build_revocation_list(OTHER_USCC, "邻省注册中心", [foreign],
                                                      [current], now))
    # A later list without the entry does not take it back; an older one does not move the date.
    first = ours.import_revocations(build_revocation_list(OTHER_USCC, "邻省注册中心", [entry],
                                                          [current], now))
    assert first.added == 1
    later = ours.import_revocations(build_revocation_list(OTHER_USCC, "邻省注册中心", [],
                                                          [current], now + timedelta(hours=1)))
    assert later.as_of == now + timedelta(hours=1)
    older = ours.import_revocations(build_revocation_list(OTHER_USCC, "邻省注册中心", [],
                                                          [current], now - timedelta(days=2)))
    assert older.outdated and older.as_of == now + timedelta(hours=1)
    with db.session_scope(write=False) as s:
        from app.models import RevocationEntryRecord

        assert s.scalars(select(RevocationEntryRecord.serial)).all() == [serial]


def test_revoked_now_but_valid_then(db: Database, actors: dict[str, Actor]) -> None:
    """``--at`` before the revocation: what was true then, and that it is revoked today."""
    init_office_key(db, actors["admin"])
    add_holder(db)
    certs = CertificateService(db, actors["clerk"])
    cert = certs.annotate("京1112026000012345", PASSPHRASE)
    payload = certs.get_view(cert.serial).payload
    desk = VerificationService(db, actors["helpdesk"])
    then = datetime.now(UTC) + timedelta(seconds=1)
    CertificateService(db, actors["reviewer"]).revoke(cert.serial, "注销注册")
    now = desk.verify_text(payload, "manual")
    assert now.status == "revoked" and now.now_state is None
    past = desk.verify_text(payload, "manual", at=then - timedelta(seconds=2))
    assert past.status == "valid"
    assert past.now_state == "revoked" and past.now_reason == "注销注册"
    assert past.now_state_at is not None and "revoked_now" in past.warnings


def test_compromising_our_own_key(db: Database, actors: dict[str, Actor]) -> None:
    admin = actors["admin"]
    key_id = init_office_key(db, admin)
    add_holder(db)
    certs = CertificateService(db, actors["clerk"])
    cert = certs.annotate("京1112026000012345", PASSPHRASE)
    payload = certs.get_view(cert.serial).payload
    keys = KeyService(db, admin)
    with pytest.raises(RuleViolation) as err:  # rotate first, so the office can go on signing
        keys.compromise(key_id, datetime.now(UTC), "泄露")
    assert err.value.code == "key_compromise_active"
    keys.rotate(PASSPHRASE)
    info = keys.compromise(key_id, datetime(2025, 1, 1, tzinfo=UTC), "备份盘丢失")
    assert info.state == "compromised"
    # Our certificate was signed after the compromise date: no longer valid, and why.
    result = VerificationService(db, actors["helpdesk"]).verify_text(payload, "manual")
    assert (result.status, result.detail) == ("invalid_signature", "key_compromised")
    # Never loosened: a later date does not un-compromise anything.
    again = keys.compromise(key_id, datetime(2026, 1, 1, tzinfo=UTC), "x")
    assert again.compromised_at == datetime(2025, 1, 1, tzinfo=UTC)
    exported = json.loads(keys.export_trust(PASSPHRASE))
    states = {k["key_id"]: k["state"] for k in exported["keys"]}
    assert states[key_id] == "compromised"
    assert [s["key_id"] for s in exported["signatures"]] != [key_id]  # it no longer signs


def test_demo_register_says_specimen_everywhere_it_verifies(db: Database,
                                                            actors: dict[str, Actor]) -> None:
    from app.services.demo_service import generate_demo

    generate_demo(db, 60, seed=11, actor=actors["admin"])
    certs = CertificateService(db, actors["clerk"])
    valid = next(c for c in certs.find() if c.state == "valid")
    result = VerificationService(db, actors["helpdesk"]).verify_text(
        certs.get_view(valid.serial).payload, "manual")
    assert result.status == "valid"  # the status stays ...
    assert result.specimen and result.certificate is not None and result.certificate.specimen
    assert {"specimen", "demo_register"} <= set(result.warnings)  # ... and it says so


def test_upgrade_marks_an_existing_demo_key(db_url: str, tmp_path: Path) -> None:
    """A register set up with ``init`` then ``demo`` before migration 0006 had the demo key as
    its active key: the upgrade marks it demo, a real key stays real, both still unlock."""
    import uuid

    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    from app.codes.keys import (
        DEMO_PASSPHRASE,
        encrypt_private_key,
        generate_private_key,
        key_id_for,
        public_raw,
    )
    from app.models.db import upgrade

    if db_url.startswith("sqlite"):
        url = f"sqlite:///{(tmp_path / 'old.sqlite3').as_posix()}"
    else:
        name = f"registry_old_{uuid.uuid4().hex[:10]}"
        admin_engine = create_engine(db_url, isolation_level="AUTOCOMMIT")
        with admin_engine.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        admin_engine.dispose()
        url = make_url(db_url).set(database=name).render_as_string(hide_password=False)
    old = Database(url)
    upgrade(old.engine, "0004")
    ids = {}
    with old.engine.begin() as conn:
        for label, passphrase in (("demo", DEMO_PASSPHRASE), ("real", "a real office passphrase")):
            key = generate_private_key()
            ids[label] = key_id_for(public_raw(key))
            conn.execute(text(
                "INSERT INTO issuer_keys (key_id, office_code, office_name, public_key, "
                "private_key_encrypted, valid_from, source, imported_at) VALUES (:k, :c, :n, :p, "
                ":e, :t, 'own', :t)"),
                {"k": ids[label], "c": "91350100M000100Y43", "n": "注册管理中心（演示）",
                 "p": public_raw(key), "e": encrypt_private_key(key, passphrase),
                 "t": datetime(2026, 1, 1, tzinfo=UTC)})
    upgrade(old.engine)
    keys = {k.key_id: k for k in KeyService(old, Actor("admin", "admin")).list_keys()}
    assert keys[ids["demo"]].demo and not keys[ids["real"]].demo
    assert all(k.state == "active" and k.has_private_key for k in keys.values())
    with old.session_scope(write=False) as s:
        from app.services.key_service import active_own_key

        active = active_own_key(s)
        assert active is not None and active.key_id == ids["real"]
    old.dispose()
