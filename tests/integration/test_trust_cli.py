"""Issue 10 from the command line (subprocesses, SQLite and PostgreSQL): `verify --at` says what
is true today, `keys compromise`, revocation lists exported and imported as files."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from app.models.db import Database
from app.services import users_service
from app.services.base import Actor
from app.services.users_service import UsersService
from tests.helpers.verification import issue_all

pytestmark = pytest.mark.slow  # interpreter starts
ADMIN_PASS = "admin-pass-123"


def run_cli(*args: str, user: str = "admin", password: str = ADMIN_PASS,
            stdin: str = "") -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, REGISTRY_USER=user, REGISTRY_PASSWORD=password, REGISTRY_LANG="zh")
    return subprocess.run([sys.executable, "-m", "app", *args], capture_output=True, text=True,
                          input=stdin, env=env, timeout=120)


@pytest.fixture
def register(db_url: str):  # type: ignore[no-untyped-def]
    db = Database(db_url)
    users_service.bootstrap_admin(db, "admin", ADMIN_PASS, "管理员")
    UsersService(db, Actor("admin", "admin")).add_user("desk1", "desk-pass-123", "helpdesk", "赵")
    issued = issue_all(db)  # revoked on 2026-02-01 (UTC)
    db.dispose()
    return db_url, issued


def test_verify_at_before_revocation_says_revoked_now(register) -> None:  # type: ignore[no-untyped-def]
    url, issued = register
    payload = issued["revoked"].payload
    r = run_cli("--db", url, "verify", "-", "--at", "2026-01-20T10:00", "--json",
                user="desk1", password="desk-pass-123", stdin=payload)
    assert r.returncode == 0, r.stderr  # valid then
    doc = json.loads(r.stdout)
    assert doc["status"] == "valid" and doc["now"]["state"] == "revoked"
    assert doc["now"]["since"].startswith("2026-02-01") and doc["now"]["reason"] == "注销注册"
    assert "revoked_now" in doc["warnings"] and doc["specimen"] is False
    r = run_cli("--db", url, "verify", "-", "--at", "2026-01-20T10:00",
                user="desk1", password="desk-pass-123", stdin=payload)
    assert "现状：自 2026-02-01 08:00 起已撤销：注销注册" in r.stdout, r.stdout


def test_keys_compromise_and_revocation_files(register, tmp_path: Path,
                                              sqlite_template: Path) -> None:  # type: ignore[no-untyped-def]
    url, issued = register
    # Our office: a real key (the fixture's key is imported-like test data without a private half).
    r = run_cli("--db", url, "keys", "init", "--office-code", "11100000000013338W",
                "--office-name", "测试中心", "--passphrase", "office passphrase 1")
    assert r.returncode == 0, r.stderr
    out = tmp_path / "revocations.json"
    r = run_cli("--db", url, "keys", "export-revocations", "--out", str(out),
                "--passphrase", "office passphrase 1")
    assert r.returncode == 0, r.stderr and out.is_file()
    doc = json.loads(out.read_text("utf-8"))
    assert doc["format"] == "registry-office-revocation-list"
    # The register's revoked and superseded certificates, with dates and reasons.
    assert {(e["serial"], e["state"], e["reason"]) for e in doc["entries"]} == {
        (issued["revoked"].serial, "revoked", "注销注册"),
        (issued["superseded"].serial, "superseded", None)}
    # A help desk elsewhere that does not know us yet refuses it with a clear message.
    other = tmp_path / "desk.sqlite3"
    shutil.copy(sqlite_template, other)
    other_url = f"sqlite:///{other.as_posix()}"
    odb = Database(other_url)
    users_service.bootstrap_admin(odb, "admin", ADMIN_PASS, "管理员")
    odb.dispose()
    r = run_cli("--db", other_url, "keys", "import-revocations", str(out))
    assert r.returncode == 1 and "请先导入其信任文件" in r.stderr and "Traceback" not in r.stderr
    # Distrust the sample key from a date: a certificate it signed later is refused, and why.
    key_id = issued["valid"].claims.key_id or json.loads(run_cli(
        "--db", url, "keys", "list", "--json").stdout)[0]["key_id"]
    r = run_cli("--db", url, "keys", "compromise", key_id, "--since", "2026-01-01",
                "--reason", "测试：密钥泄露")
    assert r.returncode == 0, r.stderr
    assert "自 2026-01-01 00:00 起不再可信" in r.stdout
    r = run_cli("--db", url, "verify", "-", "--at", "2026-03-01T10:00", "--json",
                user="desk1", password="desk-pass-123", stdin=issued["valid"].payload)
    doc = json.loads(r.stdout)
    assert r.returncode == 1 and (doc["status"], doc["detail"]) == ("invalid_signature",
                                                                    "key_compromised")
