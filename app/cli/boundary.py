"""The command line's input boundary and its last resort.

What every command gets without asking (app/cli/__init__.py calls these around each run):

- :func:`check_arguments`: every argument is clean text before argparse sees it (an argument
  that was not UTF-8, a control character, an absurd length), refused naming the option;
- :func:`last_resort`: an exception no handler expected is written with its traceback to the
  log file (:func:`app.settings.log_path`) and the user reads one plain sentence; exit 2. A closed output
  pipe (``| head``) ends the command quietly.

What a command uses for its own inputs and outputs (see docs/dev/contracts.md, "Input boundary"):
:func:`input_file` / :func:`input_bytes` (a file argument or ``-`` for standard input, size
checked before reading), :func:`output_file` (checked before the work starts) and
:func:`app.inputs.write_atomic` (temporary file + rename), :func:`app.inputs.parse_instant` /
:func:`app.inputs.parse_day` for dates, :func:`app.inputs.load_json` for JSON.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from app import inputs
from app.errors import RegistryError
from app.messages import cli_text
from app.settings import log_exception

INTERNAL_ERROR_EXIT = 2


def check_arguments(argv: Sequence[str]) -> None:
    """Refuse an argument that is not clean text, naming the option it belongs to."""
    max_chars = inputs.limit("argument_chars")
    option: str | None = None
    for token in argv:
        if token.startswith("--") and len(token) > 2:
            name, eq, value = token.partition("=")
            field = name[2:].replace("-", "_")
            inputs.check_text(name, "argument", 100, multiline=False)
            if eq:
                inputs.check_text(value, field, max_chars)
                option = None
            else:
                option = field
            continue
        inputs.check_text(token, option or "argument", max_chars)
        option = None


def input_bytes(name: str, field: str, limit_bytes: int) -> bytes:
    """The bytes of a file argument; ``-`` reads all of standard input (never a part of it)."""
    if name == "-":
        return inputs.read_stream(sys.stdin.buffer, field, limit_bytes)
    return inputs.read_file(Path(name), field, limit_bytes)


def input_file(name: str | Path, field: str, limit_bytes: int | None = None) -> Path:
    """A path argument that must be an existing regular file (within ``limit_bytes``)."""
    path = Path(name)
    inputs.check_regular_file(path, field, limit_bytes)
    return path


def output_file(name: str | Path, field: str = "out") -> Path:
    """A path to write: its folder must exist and it must not be a directory or a device.

    Check before the work starts, write with :func:`app.inputs.write_atomic` at the end."""
    return inputs.check_output_path(Path(name), field)


# --- last resort -----------------------------------------------------------------------------
def plain_words(exc: BaseException, lang: str) -> str:
    """What failed, without a traceback: the kind of failure in the user's language."""
    detail = getattr(exc, "strerror", None) or type(exc).__name__
    if isinstance(exc, MemoryError):
        return cli_text("internal.out_of_memory", lang, detail=detail)
    if isinstance(exc, OSError):
        return cli_text("internal.os_error", lang, detail=detail)
    return cli_text("internal.unexpected", lang, detail=detail)


def end_quietly_on_broken_pipe() -> int:
    """The reader of our output went away (``| head``): stop without a word. Later writes (the
    interpreter flushes stdout at exit) go to the null device instead of raising again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
    return 0


def last_resort(run: Callable[[], int], lang: Callable[[], str]) -> int:
    """``run()``, with no traceback ever reaching the user."""
    try:
        return run()
    except BrokenPipeError:
        return end_quietly_on_broken_pipe()
    except KeyboardInterrupt:
        return 130
    except SystemExit:
        raise
    except RegistryError:
        raise  # expected refusals: the caller reports them in the user's language
    except BaseException as exc:
        where = " ".join(sys.argv[1:3]) or "registry-office"
        log = log_exception(exc, where)
        language = lang()
        print(plain_words(exc, language), file=sys.stderr)
        if log is not None:
            print(cli_text("internal.see_log", language, path=log), file=sys.stderr)
        return INTERNAL_ERROR_EXIT
