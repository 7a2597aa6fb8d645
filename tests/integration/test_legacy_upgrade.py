"""A register written by the first release (tests/fixtures/legacy_0004) opened by this program.

The fixture was made once by the old code (see its README); here the program upgrades a copy of
it the way an office's would be upgraded — ``registry-office db upgrade`` run as a subprocess —
and everything the office had must still be there: a backup of the old file, the schema at the
current head (read from the migration scripts, so the wave's new migrations are exercised), the
same rows, the audit chain intact, the old certificates judged as before, the rotated key still
signing.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from app.codes.payload import decode_unverified
from app.codes.verify import payload_rule_broken
from app.models import (
    Appeal,
    Attachment,
    Base,
    Certificate,
    Filing,
    InfoCorrection,
    Person,
    Registration,
)
from app.models.db import Database, current_revision, head_revision
from app.services.catalog import Services
from app.services.program_version import register_version
from app.services.users_service import authenticate
from app.version import program_version

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "legacy_0004"
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def manifest() -> dict[str, Any]:
    return json.loads((FIXTURE / "manifest.json").read_text("utf-8"))


def _cli(url: str, *args: str, password: str | None = None) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, REGISTRY_DB_URL=url, REGISTRY_LANG="en")
    if password:
        env.update(REGISTRY_USER="admin", REGISTRY_PASSWORD=password)
    return subprocess.run([sys.executable, "-m", "app", "--json", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120, check=False)


def _counts(conn: sqlite3.Connection, tables: list[str]) -> dict[str, int]:
    return {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}


@pytest.fixture(scope="module")
def upgraded(tmp_path_factory: pytest.TempPathFactory, manifest: dict[str, Any]) -> dict[str, Any]:
    """A copy of the fixture, upgraded once by the program (the committed file stays as it is)."""
    work = tmp_path_factory.mktemp("legacy")
    path = work / "register.sqlite3"
    shutil.copy(FIXTURE / "register.sqlite3", path)
    url = f"sqlite:///{path.as_posix()}"
    run = _cli(url, "db", "upgrade")
    assert run.returncode == 0, run.stderr
    return {"url": url, "path": path, "result": json.loads(run.stdout)}


def test_the_fixture_is_what_the_first_release_wrote(manifest: dict[str, Any]) -> None:
    assert manifest["alembic_revision"] == "0004"
    assert manifest["commit"].startswith("e281e35")
    with sqlite3.connect(f"file:{FIXTURE / 'register.sqlite3'}?mode=ro", uri=True) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone()[0] == "0004"
    assert (FIXTURE / "register.sqlite3").stat().st_size < 2 * 1024 * 1024


def test_upgrade_takes_a_backup_and_reaches_the_head(upgraded: dict[str, Any],
                                                     manifest: dict[str, Any]) -> None:
    db = Database(upgraded["url"])
    try:
        assert current_revision(db.engine) == head_revision()
        # the register records which version of the program opened it last
        assert register_version(db) == program_version()
    finally:
        db.dispose()
    backup = upgraded["result"]["backup"]
    if head_revision() == manifest["alembic_revision"]:
        # Nothing to migrate yet (this branch adds no migration): the program leaves the
        # file alone and makes no copy. Once the wave's migrations are merged, the branch below runs.
        assert backup is None
        return
    assert backup is not None and Path(backup).exists()
    with sqlite3.connect(backup) as conn:  # the copy: the old schema with every old row
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone()[0] == "0004"
        assert _counts(conn, list(manifest["counts"])) == manifest["counts"]



# Tables the program itself may add rows to when it opens a register (the version it records).
GROWS = {"audit_log", "app_settings"}
# Rows compared column by column (the old columns): what an office could never re-create.
WHOLE_ROWS = {"persons": "id", "certificates": "id", "audit_log": "seq", "attachments": "id",
              "issuer_keys": "key_id", "filing_events": "id", "staff_users": "id"}


# The only changes a migration of this wave makes to old rows on purpose: migration 0005 folds
# the invented filing state ``with_authority`` into 企业已上报 (issue 9, seed 004 §5).
MIGRATED_VALUES = {"filing_events": {"with_authority": "employer_confirmed"}}


def _as_migrated(table: str, row: tuple[Any, ...]) -> tuple[Any, ...]:
    mapping = MIGRATED_VALUES.get(table, {})
    return tuple(mapping.get(v, v) if isinstance(v, str) else v for v in row)


def _rows(conn: sqlite3.Connection, table: str, columns: list[str]) -> set[tuple[Any, ...]]:
    names = ", ".join(f'"{c}"' for c in columns)
    return set(conn.execute(f'SELECT {names} FROM "{table}"').fetchall())


def _keys(conn: sqlite3.Connection, table: str) -> list[str]:
    info = conn.execute(f'PRAGMA table_info("{table}")').fetchall()
    return [row[1] for row in sorted((r for r in info if r[5]), key=lambda r: r[5])]


def test_every_row_is_still_there(upgraded: dict[str, Any], manifest: dict[str, Any]) -> None:
    old = sqlite3.connect(f"file:{FIXTURE / 'register.sqlite3'}?mode=ro", uri=True)
    new = sqlite3.connect(upgraded["path"])
    try:
        counts = _counts(new, list(manifest["counts"]))
        for table, expected in manifest["counts"].items():
            assert counts[table] >= expected if table in GROWS else counts[table] == expected, table
            keys = _keys(old, table) or [c[1] for c in old.execute(f'PRAGMA table_info("{table}")')]
            before, after = _rows(old, table, keys), _rows(new, table, keys)
            assert before <= after, f"{table}: rows lost in the upgrade"
        for table in WHOLE_ROWS:
            columns = [c[1] for c in old.execute(f'PRAGMA table_info("{table}")')]
            before = {_as_migrated(table, row) for row in _rows(old, table, columns)}
            lost = before - _rows(new, table, columns)
            assert not lost, f"{table}: {len(lost)} rows changed in the upgrade"
    finally:
        old.close()
        new.close()
    # every table the first release had is still a table of the models
    assert set(manifest["counts"]) <= set(Base.metadata.tables)


def test_field_values_survive(upgraded: dict[str, Any], manifest: dict[str, Any]) -> None:
    db = Database(upgraded["url"])
    try:
        with db.session_scope(write=False) as s:
            names = set(s.scalars(select(Person.name)))
            assert {"张伟", "李娜", "王芳", "赵磊", "陈静", "周杰伦", "刘洋"} <= names
            regs = {r.registration_number: r for r in s.scalars(select(Registration))}
            assert set(regs) == {"S261100001", "261100001", "京111182600001", "S261100002",
                                 "S231100001"}
            assert regs["京111182600001"].seal_number == "京111182600001(00)"
            # the continuation moved the 2023 registration on; the re-registered one is active
            assert (regs["S231100001"].valid_from, regs["S231100001"].valid_until) == (
                date(2026, 9, 1), date(2029, 8, 31))
            assert {r.state for r in regs.values()} == {"active"}
            assert set(s.scalars(select(Filing.type))) == {
                "initial", "change", "continuation", "modification", "cancellation",
                "reregistration"}
            assert {"draft", "accepted", "approved", "rejected", "withdrawn"} == set(
                s.scalars(select(Filing.state)))
            for a in s.scalars(select(Attachment)):  # stored bytes unchanged
                assert hashlib.sha256(a.data).hexdigest() == a.sha256 and len(a.data) == a.size
            assert sorted(a.state for a in s.scalars(select(Appeal))) == ["open", "upheld"]
            assert sorted((c.state, c.new_value) for c in s.scalars(select(InfoCorrection))) == [
                ("approved", "周杰伦"), ("pending", "刘阳")]
            revoked = s.scalars(select(Certificate).where(Certificate.revoked_at.is_not(None))).one()
            assert revoked.revoke_reason == "误发，已收回"
            assert s.scalar(select(func.count()).select_from(Certificate)) == len(manifest["certificates"])
        # the accounts still sign in with their passwords; the disabled one stays disabled
        actor = authenticate(db, "admin", manifest["accounts"]["password"])
        admin = Services.build(db, actor)
        users = {u.username: u.active for u in admin.users.list_users()}
        assert users == {**dict.fromkeys(manifest["accounts"]["active"], True), "former": False}
        settings = admin.office.settings()
        assert (settings.office.office_name, settings.office.office_uscc) == (
            manifest["office"]["name"], manifest["office"]["uscc"])
        assert settings.uploads.max_bytes == 8 * 1024 * 1024
    finally:
        db.dispose()


def test_the_audit_chain_still_verifies(upgraded: dict[str, Any], manifest: dict[str, Any]) -> None:
    run = _cli(upgraded["url"], "audit", "verify", password=manifest["accounts"]["password"])
    assert run.returncode == 0, run.stdout + run.stderr
    result = json.loads(run.stdout)
    assert result["ok"] is True and result["entries"] >= manifest["counts"]["audit_log"]


def test_certificates_issued_before_still_verify(upgraded: dict[str, Any],
                                                 manifest: dict[str, Any]) -> None:
    db = Database(upgraded["url"])
    try:
        actor = authenticate(db, "helpdesk", manifest["accounts"]["password"])
        verification = Services.build(db, actor).verification
        at = datetime.fromisoformat(manifest["verified_at"])
        verdicts = {c["serial"]: verification.verify_text(c["payload"], at=at).status
                    for c in manifest["certificates"]}
        # Issue 10's payload rules refuse a code signed outside its own window: the first
        # release signed "now" for a backdated `annotate --on`, so its window could be over
        # before it was signed. Such a code was never usable; it is the one verdict that may
        # change, and never for a certificate that was valid.
        expected = {c["serial"]: ("invalid_signature"
                                  if payload_rule_broken(decode_unverified(c["payload"]))
                                  else c["status"]) for c in manifest["certificates"]}
        assert verdicts == expected
        changed = [c for c in manifest["certificates"] if expected[c["serial"]] != c["status"]]
        assert all(c["status"] != "valid" for c in changed)
        assert set(verdicts.values()) >= {"valid", "superseded", "revoked"}
    finally:
        db.dispose()


def test_the_rotated_office_key_still_signs(upgraded: dict[str, Any], manifest: dict[str, Any]) -> None:
    db = Database(upgraded["url"])
    try:
        clerk = Services.build(db, authenticate(db, "clerk", manifest["accounts"]["password"]))
        person = clerk.register.find_person(
            next(p for p in _resident_ids(db) if p[1] == "王芳")[0])
        assert person is not None
        number = clerk.register.list_registrations(person_id=person.id)[0]
        today = date.today()
        if not number.valid_from <= today <= number.valid_until:
            pytest.skip("the fixture's registrations have run out; annotate needs a valid one")
        cert = clerk.certificates.annotate(number.registration_number, manifest["key_passphrase"])
        helpdesk = Services.build(db, authenticate(db, "helpdesk", manifest["accounts"]["password"]))
        payload = clerk.certificates.get_view(cert.serial).payload
        assert helpdesk.verification.verify_text(payload).status == "valid"
    finally:
        db.dispose()


def _resident_ids(db: Database) -> list[tuple[str, str]]:
    with db.session_scope(write=False) as s:
        return [(p.id_number, p.name) for p in s.scalars(select(Person))]
