"""The CLI as a subprocess: init without a terminal, users, exit codes, no tracebacks."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest


def run_cli(*args: str, env: dict[str, str] | None = None, stdin: str = "") -> subprocess.CompletedProcess[str]:
    full_env = dict(os.environ, **(env or {}))
    return subprocess.run([sys.executable, "-m", "app", *args], capture_output=True, text=True,
                          input=stdin, env=full_env, timeout=120)


@pytest.fixture
def fresh_db(tmp_path: Path) -> str:
    return f"sqlite:///{(tmp_path / 'cli.sqlite3').as_posix()}"


def test_init_without_terminal_and_password_refuses_instead_of_waiting(fresh_db: str) -> None:
    r = run_cli("--db", fresh_db, "init", env={"REGISTRY_ADMIN_PASSWORD": ""})
    assert r.returncode == 2
    assert "没有终端" in r.stderr
    assert "Traceback" not in r.stderr


def test_init_then_users_then_audit(fresh_db: str) -> None:
    r = run_cli("--db", fresh_db, "init", "--admin-password", "admin-pass-1", "--json")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["admin_created"] == "admin"
    again = run_cli("--db", fresh_db, "init", "--json")  # idempotent, no second admin needed
    assert again.returncode == 0 and json.loads(again.stdout)["admin_created"] is None
    auth = {"REGISTRY_USER": "admin", "REGISTRY_PASSWORD": "admin-pass-1"}
    r = run_cli("--db", fresh_db, "user", "add", "clerk1", "--role", "clerk", "--json",
                env={**auth, "REGISTRY_NEW_PASSWORD": "clerk-pass-1"})
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["role"] == "clerk"
    # a clerk may not add users: refused by the service -> exit 1
    r = run_cli("--db", fresh_db, "user", "add", "x2", "--role", "admin", "--new-password", "whatever-1",
                env={"REGISTRY_USER": "clerk1", "REGISTRY_PASSWORD": "clerk-pass-1"})
    assert r.returncode == 1 and "无权" in r.stderr
    r = run_cli("--db", fresh_db, "audit", "verify", "--json", env=auth)
    assert r.returncode == 0 and json.loads(r.stdout)["ok"] is True


@pytest.mark.parametrize("args", [
    ["no-such-command"],
    ["user", "add"],
    ["user", "add", "bob", "--role", "emperor"],
])
def test_usage_errors_exit_2_without_traceback(args: list[str], fresh_db: str) -> None:
    r = run_cli("--db", fresh_db, *args)
    assert r.returncode == 2
    assert "Traceback" not in r.stderr and r.stderr.strip()


def test_commands_on_an_uninitialised_database_say_so(fresh_db: str) -> None:
    r = run_cli("--db", fresh_db, "user", "list", env={"REGISTRY_USER": "a", "REGISTRY_PASSWORD": "b"})
    assert r.returncode == 2
    assert "registry-office init" in r.stderr


def test_english_messages_by_locale(fresh_db: str) -> None:
    r = run_cli("--db", fresh_db, "user", "list", env={"REGISTRY_LANG": "en_US.UTF-8",
                                                       "REGISTRY_USER": "a", "REGISTRY_PASSWORD": "b"})
    assert "not initialised" in r.stderr


def test_wrong_password_is_refused_with_exit_1(fresh_db: str) -> None:
    assert run_cli("--db", fresh_db, "init", "--admin-password", "admin-pass-1").returncode == 0
    r = run_cli("--db", fresh_db, "user", "list", env={"REGISTRY_USER": "admin", "REGISTRY_PASSWORD": "nope"})
    assert r.returncode == 1 and "用户名或密码错误" in r.stderr
