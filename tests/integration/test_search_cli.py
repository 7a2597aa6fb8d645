"""`demo` and `person find` as subprocesses: output, JSON, refusals and bad input (exit 2).

One demo register is built for the module (three subprocesses); the tests only read it, except
the last, which adds to it.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys

import pytest

from app.domain.privacy import mask_id_number

pytestmark = pytest.mark.slow  # a dozen interpreter start-ups

ADMIN = {"REGISTRY_USER": "admin", "REGISTRY_PASSWORD": "admin-pass-1"}
CLERK = {"REGISTRY_USER": "clerk1", "REGISTRY_PASSWORD": "clerk-pass-1"}


_DIRS: dict[str, str] = {}


def run_cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    full_env = dict(os.environ, **_DIRS, **(env or {}))
    return subprocess.run([sys.executable, "-m", "app", *args], capture_output=True, text=True,
                          env=full_env, timeout=300)


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    tmp_path = tmp_path_factory.mktemp("search-cli")
    # Module scope runs before the per-test directory isolation: isolate the settings here.
    _DIRS.update(REGISTRY_DATA_DIR=str(tmp_path / "data"), REGISTRY_CONFIG_DIR=str(tmp_path / "cfg"))
    url = f"sqlite:///{(tmp_path / 'cli.sqlite3').as_posix()}"
    assert run_cli("--db", url, "init", "--admin-password", "admin-pass-1").returncode == 0
    r = run_cli("--db", url, "user", "add", "clerk1", "--role", "clerk",
                "--new-password", "clerk-pass-1", env=ADMIN)
    assert r.returncode == 0, r.stderr
    r = run_cli("--db", url, "demo", "--persons", "300", "--seed", "5", "--json", env=ADMIN)
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert out["persons"] == 300 and out["counts"]["persons"] == 300 and out["seed"] == 5
    assert out["counts"]["registrations"] > 0 and out["counts"]["filings"] > 0
    assert "300/300" in r.stderr  # progress goes to stderr, the result to stdout
    return url


def _a_person(url: str) -> tuple[str, str, str]:
    path = url.removeprefix("sqlite:///")
    with sqlite3.connect(path) as conn:
        name, number = conn.execute("SELECT name, id_number FROM persons ORDER BY id_number "
                                    "LIMIT 1 OFFSET 17").fetchone()
        reg = conn.execute("SELECT registration_number FROM registrations ORDER BY "
                           "registration_number LIMIT 1").fetchone()[0]
    return name, number, reg


def test_person_find_by_id_name_and_registration_number(demo_db: str) -> None:
    name, number, reg = _a_person(demo_db)
    r = run_cli("--db", demo_db, "person", "find", number, "--json", env=CLERK)
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert out["understood_as"][0] == "id_number"
    assert [h["id_number"] for h in out["hits"]] == [number]
    assert out["hits"][0]["name"] == name
    r = run_cli("--db", demo_db, "person", "find", name, "--count", env=CLERK)
    assert r.returncode == 0 and "共" in r.stdout
    # A list: the number masked (issue 10); the JSON above keeps it for scripts.
    assert mask_id_number(number) in r.stdout and number not in r.stdout
    r = run_cli("--db", demo_db, "person", "find", reg, "--json", env=CLERK)
    first = json.loads(r.stdout)["hits"][0]
    assert reg in [x["registration_number"] for x in first["registrations"]]


def test_person_find_pages(demo_db: str) -> None:
    first = run_cli("--db", demo_db, "person", "find", "", "--limit", "5", "--json", env=CLERK)
    second = run_cli("--db", demo_db, "person", "find", "", "--limit", "5", "--offset", "5",
                     "--json", env=CLERK)
    a, b = json.loads(first.stdout), json.loads(second.stdout)
    assert a["has_more"] and len(a["hits"]) == len(b["hits"]) == 5
    names = [h["name"] for h in a["hits"] + b["hits"]]
    assert names == sorted(names)
    assert not {h["person_id"] for h in a["hits"]} & {h["person_id"] for h in b["hits"]}
    text = run_cli("--db", demo_db, "person", "find", "", "--limit", "5", env=CLERK)
    assert "--offset 5" in text.stdout


def test_bad_input_exits_2_with_a_message(demo_db: str) -> None:
    cases = [
        (("person", "find", "@@"), CLERK, "无法识别搜索内容"),
        (("person", "find", "zs", "--limit", "0"), CLERK, "每页条数"),
        (("demo", "--persons", "0"), ADMIN, "人员数量"),
        (("demo", "--persons", "many"), ADMIN, "用法错误"),
    ]
    for args, env, message in cases:
        r = run_cli("--db", demo_db, *args, env=env)
        assert r.returncode == 2, (args, r.stderr)
        assert message in r.stderr and "Traceback" not in r.stderr


def test_demo_refused_twice_and_for_a_clerk(demo_db: str) -> None:
    r = run_cli("--db", demo_db, "demo", "--persons", "10", env=ADMIN)
    assert r.returncode == 1 and "已有演示数据" in r.stderr and "--force" in r.stderr
    r = run_cli("--db", demo_db, "--lang", "en", "demo", "--persons", "10", env=CLERK)
    assert r.returncode == 1 and "may not" in r.stderr
    r = run_cli("--db", demo_db, "demo", "--persons", "10", "--force", "--json", env=ADMIN)
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["counts"]["persons"] == 10
