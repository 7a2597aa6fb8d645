"""`registry-office verify FILE` starts only what it needs (issue 16): run as a subprocess, the
process's modules are listed at exit and must hold no Qt, no pinyin tables, no renderers, no
Alembic, no ORM (the declarative models, sqlalchemy.orm) and no Pillow for a PNG — and the run
still signs in and logs as every command does. How fast it is, is measured by
benchmarks/scan_benchmark.py --part cli."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import cv2
import pytest
from sqlalchemy import func, select

from app.models.certificates import VerificationRecord
from app.models.db import Database, head_revision
from app.models.staff import AuditEntry
from app.scanner.sources import render_pdf
from app.services import users_service
from app.services.audit import verify_chain
from app.services.base import Actor
from app.services.users_service import UsersService
from tests.helpers.cli_probe import loaded_modules, probe_command
from tests.helpers.verification import certificate_pdf, issue_all

pytestmark = pytest.mark.slow

FORBIDDEN = ("PySide6", "pypinyin", "reportlab", "segno", "alembic", "mako", "pypdfium2",
             "fontTools", "app.ui", "app.printing", "app.imaging", "app.services.search_service",
             # issue 16, second round: the verdict and the log go through Core
             "app.models", "sqlalchemy.orm", "app.services.verification_service",
             "app.services.users_service", "PIL")


def test_verify_png_loads_no_gui_pinyin_or_renderers(db_url: str, tmp_path: Path) -> None:
    url = db_url
    db = Database(url)
    users_service.bootstrap_admin(db, "admin", "admin-pass-1", "管理员")
    UsersService(db, Actor("admin", "admin")).add_user("desk1", "desk-pass-123", "helpdesk", "赵核验")
    issued = issue_all(db)
    db.dispose()
    png = tmp_path / "valid.png"
    cv2.imwrite(str(png), render_pdf(certificate_pdf(issued["valid"], tmp_path / "v.pdf"))[0])
    env = dict(os.environ, REGISTRY_USER="desk1", REGISTRY_PASSWORD="desk-pass-123",
               REGISTRY_LANG="zh")
    args = ["--db", url, "verify", str(png), "--at", "2026-03-01T10:00", "--json"]
    r = subprocess.run(probe_command(args), capture_output=True,
                       text=True, env=env, timeout=120)
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["status"] == "valid"
    modules = loaded_modules(r.stderr)
    loaded = [m for m in modules if any(m == f or m.startswith(f + ".") for f in FORBIDDEN)]
    assert loaded == []
    assert "cv2" in modules and "zxingcpp" in modules  # the probe sees the real run
    # Signed in and logged as before: a `login` entry, the log row under the operator's name,
    # its `certificate_verified` entry, and the chain intact (Core and ORM appends mixed).
    db = Database(url)
    try:
        with db.session_scope(write=False) as s:
            log = s.scalars(select(VerificationRecord)).all()
            assert [(r.operator, r.source, r.status) for r in log] == [("desk1", "cli", "valid")]
            actions = [(e.actor, e.action) for e in s.scalars(
                select(AuditEntry).order_by(AuditEntry.seq.desc()).limit(2))]
            assert actions == [("desk1", "certificate_verified"), ("desk1", "login")]
            assert verify_chain(s).ok
        # A wrong password: refused before anything is read or logged, the failure audited.
        bad = dict(env, REGISTRY_PASSWORD="wrong-pass-123")
        r = subprocess.run([sys.executable, "-m", "app", *args], capture_output=True, text=True,
                           env=bad, timeout=120)
        assert r.returncode != 0 and json.loads(r.stdout)["error"]["code"] == "login_failed"
        assert "用户名或密码错误" in r.stderr, r.stderr
        with db.session_scope(write=False) as s:
            assert s.scalar(select(func.count()).select_from(VerificationRecord)) == 1
            last = s.scalars(select(AuditEntry).order_by(AuditEntry.seq.desc()).limit(1)).one()
            assert (last.action, last.details["reason"]) == ("login_failed", "wrong_password")
    finally:
        db.dispose()


def test_schema_check_reads_the_migrations_without_alembic() -> None:
    from alembic.script import ScriptDirectory

    from app.models.db import alembic_config

    script = ScriptDirectory.from_config(alembic_config("sqlite://"))
    assert head_revision() == script.get_current_head()
