"""The reliability suite: short form in the normal run (and CI), full form with
``make reliability`` (RELIABILITY_FULL=1). Each part records its counts; they are printed at
the end of the run (tried / refused cleanly / failed)."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest

FULL = os.environ.get("RELIABILITY_FULL", "") == "1"


def _counts_file() -> Path:
    # Under pytest-xdist the tests run in worker processes, children of the one that prints
    # the summary: they append their lines to a file named after it.
    owner = os.getppid() if os.environ.get("PYTEST_XDIST_WORKER") else os.getpid()
    return Path(tempfile.gettempdir()) / f"registry-reliability-{owner}.txt"


@pytest.fixture
def record_counts() -> Callable[[str], None]:
    def record(line: str) -> None:
        with _counts_file().open("a", encoding="utf-8") as fh:
            fh.write(line + "\n")

    return record


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if os.environ.get("PYTEST_XDIST_WORKER"):
        return
    path = _counts_file()
    if not path.exists():
        return
    terminalreporter.section(f"reliability ({'full' if FULL else 'short'} form)")
    for line in path.read_text("utf-8").splitlines():
        terminalreporter.write_line(line)
    path.unlink()
