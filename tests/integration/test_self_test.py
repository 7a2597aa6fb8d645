"""``registry-office --self-test`` and ``--version``, run as the program is run (a subprocess)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from app.cli.selftest import StepResult, run_self_test, run_steps
from app.version import program_version, version_from_pyproject

ROOT = Path(__file__).resolve().parents[2]
STEPS = ["resources", "database", "register", "photo", "annotate", "pdf", "ofd", "qr", "verify",
         "qt", "qtcharts", "print"]


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    return subprocess.run([sys.executable, "-m", "app", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300, check=False)


def test_self_test_passes_every_step_with_timings() -> None:
    run = _run("--self-test", "--json")
    assert run.returncode == 0, run.stdout + run.stderr
    report = json.loads(run.stdout)
    assert report["ok"] is True and report["version"] == program_version()
    assert [s["name"] for s in report["steps"]] == STEPS
    for step in report["steps"]:
        assert step["ok"], step
        assert 0 < step["seconds"] < 60 and step["detail"]
    details = {s["name"]: s["detail"] for s in report["steps"]}
    assert "face found" in details["photo"] and "valid" in details["verify"]


def test_self_test_speaks_the_users_language(capsys: pytest.CaptureFixture[str]) -> None:
    assert run_self_test(["--lang", "zh"], extra=()) == 0
    out = capsys.readouterr().out
    assert "安装自检" in out and "全部通过" in out and "[通过] verify" in out


def test_a_failing_step_fails_the_run_and_is_named(capsys: pytest.CaptureFixture[str]) -> None:
    def broken(_t: object) -> str:
        raise RuntimeError("plugin missing")

    assert run_self_test(["--lang", "en"], extra=[("broken", broken)]) == 1
    out = capsys.readouterr().out
    assert "[FAIL] broken" in out and "RuntimeError: plugin missing" in out
    assert "Self-test failed: broken" in out and "Traceback" not in out


def test_steps_after_a_failure_still_run_and_report() -> None:
    def broken(_t: object) -> str:
        raise OSError("disk full")

    results = run_steps(extra=[("broken", broken), ("late", lambda _t: "ran")])
    assert all(isinstance(r, StepResult) for r in results)
    assert [(r.name, r.ok) for r in results[-2:]] == [("broken", False), ("late", True)]
    assert results[-1].detail == "ran" and all(r.ok for r in results[:-2])


def test_one_version_source() -> None:
    declared = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]["version"]
    assert program_version() == declared
    run = _run("--version")
    assert run.returncode == 0 and run.stdout.strip() == f"registry-office {declared}"
    import app

    assert app.__version__ == declared


def test_version_is_read_from_the_project_table_only() -> None:
    text = '[tool.x]\nversion = "9.9"\n[project]\nname = "a"\nversion = "1.2.3"\n[tool.y]\nversion = "7"\n'
    assert version_from_pyproject(text) == "1.2.3"
    assert version_from_pyproject('[tool.x]\nversion = "1"\n') is None
