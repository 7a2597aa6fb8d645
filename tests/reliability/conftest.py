"""The reliability suite: short form in the normal run (and CI), full form with
``make reliability`` (RELIABILITY_FULL=1). Each part records its counts; they are printed at
the end of the run (tried / refused cleanly / failed)."""

from __future__ import annotations

import os
from collections.abc import Callable

import pytest

FULL = os.environ.get("RELIABILITY_FULL", "") == "1"
_LINES: list[str] = []


@pytest.fixture
def record_counts() -> Callable[[str], None]:
    return _LINES.append


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if _LINES:
        terminalreporter.section(f"reliability ({'full' if FULL else 'short'} form)")
        for line in _LINES:
            terminalreporter.write_line(line)
