"""Composition root: with arguments, the CLI; without, the desktop application."""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if not argv:
        from app.ui.shell.application import run_gui  # Qt is imported only when the GUI starts

        return run_gui()
    from app.cli import run
    from app.cli.boundary import end_quietly_on_broken_pipe

    code = run(argv)
    try:
        sys.stdout.flush()  # here, not at interpreter exit, where a closed pipe would be noisy
    except BrokenPipeError:
        return end_quietly_on_broken_pipe()
    return code


if __name__ == "__main__":
    sys.exit(main())
