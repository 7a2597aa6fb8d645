"""Issue 10 through the CLI as a subprocess, on a real SQLite file: privileged actions need an
administrator's sign-in, and a file-level attacker's edits of the audit log are caught by the
checkpoint file and by the workstation's witness."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

ADMIN = {"REGISTRY_USER": "admin", "REGISTRY_PASSWORD": "admin-pass-1"}
KEY = "office key passphrase 1"
OFFICE = ("--office-code", "11100000000013338W", "--office-name", "测试省注册管理中心")


def run_cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    full_env = {k: v for k, v in os.environ.items()
                if k not in ("REGISTRY_KEY_PASSPHRASE", "REGISTRY_USER", "REGISTRY_PASSWORD")}
    full_env.update(env or {})
    return subprocess.run([sys.executable, "-m", "app", *args], capture_output=True, text=True,
                          stdin=subprocess.DEVNULL, env=full_env, timeout=120)


@pytest.fixture
def db_file(tmp_path: Path) -> Path:
    return tmp_path / "register.sqlite3"


def _actions(path: Path) -> list[tuple[str, str]]:
    with sqlite3.connect(path) as conn:
        return list(conn.execute("SELECT actor, action FROM audit_log ORDER BY seq"))


def test_init_creates_the_key_only_as_a_signed_in_admin(db_file: Path) -> None:
    url = f"sqlite:///{db_file}"
    r = run_cli("--db", url, "init", "--admin-password", "admin-pass-1", "--key-passphrase", KEY,
                *OFFICE, "--json")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["signing_key_created"]
    # The first admin signed in with the password just set; the key is theirs, not "system"'s.
    assert _actions(db_file)[-3:] == [("admin", "login"), ("admin", "key_created"),
                                      ("admin", "seals_created")]
    assert ("system", "key_created") not in _actions(db_file)


def test_init_on_a_register_with_accounts_needs_an_admin_for_the_key(db_file: Path) -> None:
    url = f"sqlite:///{db_file}"
    assert run_cli("--db", url, "init", "--admin-password", "admin-pass-1").returncode == 0
    assert run_cli("--db", url, "user", "add", "clerk1", "--role", "clerk",
                   "--new-password", "clerk-pass-1", env=ADMIN).returncode == 0
    anonymous = run_cli("--db", url, "init", "--key-passphrase", KEY, *OFFICE)
    assert anonymous.returncode == 2 and "Traceback" not in anonymous.stderr
    clerk = run_cli("--db", url, "init", "--key-passphrase", KEY, *OFFICE,
                    env={"REGISTRY_USER": "clerk1", "REGISTRY_PASSWORD": "clerk-pass-1"})
    assert clerk.returncode == 1 and "无权" in clerk.stderr
    with sqlite3.connect(db_file) as conn:
        assert conn.execute("SELECT count(*) FROM issuer_keys").fetchone() == (0,)
    admin = run_cli("--db", url, "init", "--key-passphrase", KEY, *OFFICE, "--json", env=ADMIN)
    assert admin.returncode == 0, admin.stderr
    assert json.loads(admin.stdout)["signing_key_created"]


def test_a_wiped_log_is_caught_by_the_checkpoint_file_and_the_witness(db_file: Path, tmp_path: Path) -> None:
    url = f"sqlite:///{db_file}"
    assert run_cli("--db", url, "init", "--admin-password", "admin-pass-1", "--key-passphrase", KEY,
                   *OFFICE).returncode == 0
    cp = tmp_path / "usb" / "checkpoint.json"
    r = run_cli("--db", url, "audit", "checkpoint", "--out", str(cp),
                env={**ADMIN, "REGISTRY_KEY_PASSPHRASE": KEY})
    assert r.returncode == 0, r.stderr
    assert cp.exists() and "请与数据库分开保存" in r.stdout
    ok = run_cli("--db", url, "audit", "verify", "--checkpoint", str(cp), "--json", env=ADMIN)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    # The attacker copies the file away, wipes the log, its head and the checkpoints, puts it back.
    with sqlite3.connect(db_file) as conn:
        for name in ("audit_log_no_delete", "audit_checkpoints_no_delete"):
            conn.execute(f"DROP TRIGGER {name}")
        conn.execute("DELETE FROM audit_log")
        conn.execute("DELETE FROM audit_head")
        conn.execute("DELETE FROM audit_checkpoints")
    r = run_cli("--db", url, "audit", "verify", "--checkpoint", str(cp), env=ADMIN)
    assert r.returncode == 1, r.stdout + r.stderr
    assert "外部检查点所记录的记录已不存在" in r.stdout
    assert "触发器缺失" in r.stdout
    # Without the file, the workstation's own witness still knows how far the log went.
    r = run_cli("--db", url, "audit", "verify", "--json", env=ADMIN)
    report = json.loads(r.stdout)
    assert r.returncode == 1 and not report["ok"]
    assert {"external_beyond_chain", "guard_missing"} <= {f["code"] for f in report["findings"]}
    # db upgrade puts the triggers back and says so.
    up = run_cli("--db", url, "db", "upgrade", "--json")
    assert up.returncode == 0 and "audit_log_no_delete" in json.loads(up.stdout)["guards_restored"]
    with sqlite3.connect(db_file) as conn, pytest.raises(sqlite3.DatabaseError):
        conn.execute("DELETE FROM audit_log")


def test_an_unreadable_checkpoint_file_is_a_clear_error(db_file: Path, tmp_path: Path) -> None:
    url = f"sqlite:///{db_file}"
    assert run_cli("--db", url, "init", "--admin-password", "admin-pass-1").returncode == 0
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", "utf-8")
    r = run_cli("--db", url, "audit", "verify", "--checkpoint", str(bad), env=ADMIN)
    assert r.returncode == 2 and "审计检查点文件无法读取" in r.stderr and "Traceback" not in r.stderr
