"""Every CLI command (found in the parser) against hostile arguments: exit 1 or 2 with a
message and no traceback, or harmless acceptance; never an unexpected error.
Short form: two values per argument slot; full form (RELIABILITY_FULL=1): all of them."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tests.reliability.bad_input import SHORT, _prepare_register, cases, commands, run_table
from tests.reliability.conftest import FULL

# The worker runs ~150 commands in one process (OpenCV, pdfium, ReportLab, the seal stack loaded,
# heap fragmentation included): a runaway read or decode would pass this by gigabytes. Each
# hostile file input alone is held under 200 MB in tests/integration/test_input_boundary.py.
WORKER_MEMORY_CAP_MB = 1024


def test_commands_come_from_the_parser() -> None:
    found = {" ".join(c.path) for c in commands()}
    # a sample of each module's commands; any command added later is in `found` the same way
    for name in ("init", "person add", "employer find", "filing attach", "verify", "scan",
                 "verify-log", "certificate export", "keys import-trust", "photo crop",
                 "backup create", "restore", "demo", "audit verify"):
        assert name in found
    labels = [label for label, _ in cases(False)]
    assert all(any(label.startswith(cmd + " ") for label in labels) for cmd in found)
    assert len(SHORT) >= 6


def test_every_command_refuses_hostile_arguments(tmp_path: Path,
                                                 record_counts: Callable[[str], None]) -> None:
    tally, failures = run_table(_prepare_register(tmp_path), tmp_path, FULL)
    record_counts(tally.line())
    assert not failures, "\n".join(failures[:40])
    assert tally.tried == tally.refused + tally.accepted
    assert tally.refused > tally.tried * 0.8  # most hostile values must be refused, not taken
    assert tally.peak_mb < WORKER_MEMORY_CAP_MB
