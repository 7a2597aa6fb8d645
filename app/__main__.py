"""Composition root: with arguments, the CLI; without, the desktop application.

``--self-test`` (app/cli/selftest.py) checks an installation end to end; the desktop layer
adds its Qt step here, the one module allowed to join the CLI and the UI.
"""

from __future__ import annotations

import gc
import sys
from pathlib import Path

# File types the installers associate with the program (installer/README.md).
OPENED_TYPES = (".rotrust", ".robundle")


def main(argv: list[str] | None = None) -> int:
    started_as_program = argv is None  # not a test calling in, whose objects must stay collectable
    argv = sys.argv[1:] if argv is None else argv
    if not argv:
        from app.ui.shell.application import run_gui  # Qt is imported only when the GUI starts

        return run_gui()
    if len(argv) == 1 and Path(argv[0]).suffix.lower() in OPENED_TYPES and Path(argv[0]).is_file():
        # The desktop (or Explorer) opens a trust file or sync bundle with us: the GUI, told.
        from app.ui.shell.application import run_gui

        return run_gui([sys.argv[0]], open_file=Path(argv[0]))
    if argv[0] == "--self-test":
        from app.cli.selftest import run_self_test
        from app.ui.shell.selftest_qt import QT_STEPS

        return run_self_test(argv[1:], extra=QT_STEPS)
    if started_as_program:
        # Start-up allocates ~100,000 objects that live as long as the process (SQLAlchemy's
        # and our modules); the cyclic collector would scan them again and again while they
        # load, and a full collection of them all costs ~30 ms of a ~0.5 s `verify FILE`
        # (issue 16). So no collection while the modules load; then they are frozen (moved out
        # of the collector's sight, as CPython's docs suggest for long-lived start-up state)
        # and collection goes on as usual for what the command itself allocates.
        gc.disable()
    try:
        from app.cli import run
        from app.cli.boundary import end_quietly_on_broken_pipe
    finally:
        if started_as_program:
            gc.freeze()
            gc.enable()
    code = run(argv)
    try:
        sys.stdout.flush()  # here, not at interpreter exit, where a closed pipe would be noisy
    except BrokenPipeError:
        return end_quietly_on_broken_pipe()
    return code


if __name__ == "__main__":
    sys.exit(main())
