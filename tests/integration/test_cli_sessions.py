"""`registry-office login` / `logout` (issue 16), run as subprocesses on a real register: a
help-desk operator signs in once, then verifies without a password and without the Argon2id
check; the register keeps only the token's hash; the session ends at logout, at its expiry,
when the password is reset and when the account is disabled or locked."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import cv2
import pytest
from sqlalchemy import func, select, update

from app.domain.clock import utcnow
from app.models.certificates import VerificationRecord
from app.models.db import Database
from app.models.staff import AuditEntry, CliSession, StaffUser
from app.scanner.sources import render_pdf
from app.services import users_service
from app.services.audit import verify_chain
from app.services.base import Actor
from app.services.cli_sessions import token_hash
from app.services.users_service import UsersService
from tests.helpers.cli_probe import loaded_modules, probe_command
from tests.helpers.verification import certificate_pdf, issue_all

pytestmark = pytest.mark.slow

DESK = {"REGISTRY_USER": "desk1", "REGISTRY_PASSWORD": "desk-pass-123"}
AT = ("--at", "2026-03-01T10:00")


def run_cli(*args: str, env: dict[str, str] | None = None,
            probe: bool = False) -> subprocess.CompletedProcess[str]:
    full_env = {k: v for k, v in os.environ.items()
                if k not in ("REGISTRY_USER", "REGISTRY_PASSWORD", "REGISTRY_SESSION")}
    full_env.update(env or {}, REGISTRY_LANG="zh")
    cmd = probe_command(list(args)) if probe else \
        [sys.executable, "-m", "app", *args]
    return subprocess.run(cmd, capture_output=True, text=True, stdin=subprocess.DEVNULL,
                          env=full_env, timeout=120)


@pytest.fixture
def register(db_url: str, tmp_path: Path) -> tuple[str, Path]:
    db = Database(db_url)
    users_service.bootstrap_admin(db, "admin", "admin-pass-1", "管理员")
    UsersService(db, Actor("admin", "admin")).add_user("desk1", "desk-pass-123", "helpdesk", "赵核验")
    issued = issue_all(db)
    db.dispose()
    png = tmp_path / "valid.png"
    cv2.imwrite(str(png), render_pdf(certificate_pdf(issued["valid"], tmp_path / "v.pdf"))[0])
    return db_url, png


def _session_files() -> list[Path]:
    folder = Path(os.environ["REGISTRY_DATA_DIR"]) / "sessions"
    return sorted(p for p in folder.iterdir() if not p.name.startswith(".")) if folder.exists() else []


def test_login_once_then_verify_without_a_password(register: tuple[str, Path]) -> None:
    url, png = register
    r = run_cli("--db", url, "login", "--json", env=DESK)
    assert r.returncode == 0, r.stderr
    opened = json.loads(r.stdout)
    assert (opened["user"], opened["role"]) == ("desk1", "helpdesk")
    [saved] = _session_files()
    assert stat.S_IMODE(saved.stat().st_mode) == 0o600  # a bearer secret: its owner's only
    assert stat.S_IMODE(saved.parent.stat().st_mode) == 0o700
    token = json.loads(saved.read_text("utf-8"))["token"]

    # No password, no user named: the session says who runs it, and no Argon2id check loads.
    r = run_cli("--db", url, "verify", str(png), *AT, "--json", probe=True)
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["status"] == "valid"
    modules = loaded_modules(r.stderr)
    assert "app.services.sign_in" not in modules
    assert not [m for m in modules if m.startswith("cryptography.hazmat.primitives.kdf")]

    db = Database(url)
    try:
        with db.session_scope(write=False) as s:
            # Only the token's SHA-256 is in the register, never the token.
            [row] = s.scalars(select(CliSession)).all()
            assert row.token_hash == token_hash(token) and row.username == "desk1"
            assert token not in json.dumps([row.token_hash, row.username])
            log = s.scalars(select(VerificationRecord)).all()
            assert [(v.operator, v.source, v.status) for v in log] == [("desk1", "cli", "valid")]
            actions = [(e.actor, e.action) for e in s.scalars(
                select(AuditEntry).order_by(AuditEntry.seq.desc()).limit(3))]
            # login (password), session opened, then the verification: no second sign-in.
            assert actions == [("desk1", "certificate_verified"), ("desk1", "cli_session_opened"),
                               ("desk1", "login")]
            assert verify_chain(s).ok
    finally:
        db.dispose()
    if url.startswith("sqlite"):  # the database file itself holds no token
        assert token.encode() not in Path(url.removeprefix("sqlite:///")).read_bytes()

    # Logout ends it: the next run has nobody to act as and says what to do.
    r = run_cli("--db", url, "logout")
    assert r.returncode == 0 and "已退出登录（desk1）" in r.stdout, r.stderr
    assert _session_files() == []
    r = run_cli("--db", url, "verify", str(png), *AT)
    assert r.returncode == 2 and "REGISTRY_USER" in r.stderr and "Traceback" not in r.stderr
    r = run_cli("--db", url, "logout")
    assert r.returncode == 0 and "当前没有命令行登录" in r.stdout


def test_a_session_ends_at_expiry_password_reset_disabling_and_lock(
        register: tuple[str, Path]) -> None:
    url, png = register
    db = Database(url)

    def login(env: dict[str, str] = DESK) -> str:
        r = run_cli("--db", url, "login", env=env)
        assert r.returncode == 0, r.stderr
        [saved] = _session_files()
        return str(json.loads(saved.read_text("utf-8"))["token"])

    def verify(env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
        return run_cli("--db", url, "verify", str(png), *AT, env=env)

    try:
        # Expired: refused with the way out, and the stale file is forgotten.
        login()
        with db.session_scope() as s:
            s.execute(update(CliSession).values(expires_at=utcnow() - timedelta(seconds=1)))
        r = verify()
        assert r.returncode == 1 and "registry-office login" in r.stderr, r.stderr
        assert "Traceback" not in r.stderr and _session_files() == []

        # A password reset ends the sessions of that account.
        login()
        UsersService(db, Actor("admin", "admin")).reset_password("desk1", "desk-pass-456")
        assert verify().returncode == 1
        with db.session_scope(write=False) as s:
            assert s.scalar(select(func.count()).select_from(CliSession)) == 0

        # Locked after failed sign-ins: not accepted while the lock lasts.
        desk = {"REGISTRY_USER": "desk1", "REGISTRY_PASSWORD": "desk-pass-456"}
        login(desk)
        with db.session_scope() as s:
            s.execute(update(StaffUser).where(StaffUser.username == "desk1")
                      .values(locked_until=utcnow() + timedelta(minutes=5)))
        assert verify().returncode == 1
        with db.session_scope() as s:
            s.execute(update(StaffUser).where(StaffUser.username == "desk1")
                      .values(locked_until=None))

        # REGISTRY_SESSION carries the token for a script; disabling the account ends it.
        token = login(desk)
        assert verify({"REGISTRY_SESSION": token}).returncode == 0
        UsersService(db, Actor("admin", "admin")).set_active("desk1", False)
        assert verify({"REGISTRY_SESSION": token}).returncode == 1

        # A session never extends itself: `login --hours` above the office's length is refused.
        r = run_cli("--db", url, "login", "--hours", "30",
                    env={"REGISTRY_USER": "admin", "REGISTRY_PASSWORD": "admin-pass-1"})
        assert r.returncode == 2 and "1 至 8 小时" in r.stderr and "Traceback" not in r.stderr
    finally:
        db.dispose()


def test_another_user_named_signs_in_with_their_own_password(register: tuple[str, Path]) -> None:
    url, png = register
    assert run_cli("--db", url, "login", env=DESK).returncode == 0
    # The session is desk1's; naming admin without a password (no terminal) is refused, not
    # run as desk1.
    r = run_cli("--db", url, "--user", "admin", "verify", str(png), *AT)
    assert r.returncode == 2 and "Traceback" not in r.stderr
    r = run_cli("--db", url, "verify", str(png), *AT,
                env={"REGISTRY_USER": "admin", "REGISTRY_PASSWORD": "admin-pass-1", "REGISTRY_LANG": "zh"})
    assert r.returncode == 0, r.stderr
