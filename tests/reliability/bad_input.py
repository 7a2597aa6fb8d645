"""The bad-input table: every CLI command, every argument slot, hostile values.

The commands are enumerated from the argparse parser itself (:func:`app.cli.build_parser`), so
a command added later is covered without touching this file. For each leaf command a valid-
looking base invocation is made (required options filled with harmless values of the right
type), then each argument slot in turn gets each hostile value. Every case runs
``app.cli.run`` in a worker process (one per batch of cases, with a per-case alarm as a hang
guard and its peak memory reported), and is judged:

- ``refused``: exit 1 or 2 with a message on stderr (or exit 1 with a batch command's report
  naming the refused file on stdout);
- ``accepted``: exit 0 or 3 (the value was harmless there: a search for SQL-like text);
- ``failed``: a traceback, the last resort's "internal error" (an exception nobody expected),
  another exit code, an exception escaping ``run``, or the alarm.

Run as a script (``python -m tests.reliability.bad_input --full``) it prints the counts.
All paths in the values stay inside the worker's scratch folder (it runs as whatever user the
tests run as: never a path outside it that could be written).
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import resource
import signal
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

CASE_ALARM_SECONDS = 60  # a hang guard, not a performance target
HUGE = "长" * (10 * 1024 * 1024 // 3)  # a 10 MB argument (UTF-8)
HUGE_MARK = "@@huge-10MB@@"

# name -> value. Paths are relative: the worker runs in a scratch folder.
HOSTILE: dict[str, str] = {
    "not_utf8": "\udcff\udcfe名",  # how bytes that are not UTF-8 arrive in sys.argv
    "nul": "a\x00b",
    "control": "a\x1b[2Jb",
    "huge": HUGE_MARK,  # (the worker puts the 10 MB in: the table itself stays small)
    "sql": "'; DROP TABLE persons; --",
    "traversal": "sub/../../../sandbox-escape/x",
    "negative": "-1",
    "big_int": "99999999999999999999999999",
    "float_inf": "1e309",
    "nan": "nan",
    "empty": "",
    "spaces": "   ",
    "cjk_ext_b": "𠀀" * 5000,
    "date_overflow": "9999-12-31T23:59:59-12:00",
    "dev_zero": "/dev/zero",
    "dev_full": "/dev/full",
    "proc_mem": "/proc/self/mem",
    "directory": ".",
    "stdin": "-",
}
SHORT = ("not_utf8", "huge", "sql", "traversal", "big_int", "dev_zero", "directory", "date_overflow")
COMMON = {"--db", "--json", "--lang", "--user", "--password", "-h", "--help"}


@dataclass(frozen=True)
class Slot:
    """One argument of a command: an option (``--name``) or a positional (its index)."""

    option: str | None
    position: int | None
    required: bool


@dataclass(frozen=True)
class Command:
    path: tuple[str, ...]
    positionals: tuple[str, ...]  # a valid-looking invocation (without the common options):
    options: tuple[tuple[str, str], ...]  # positionals, required options with values, flags
    flags: tuple[str, ...]
    slots: tuple[Slot, ...]


def _leaves(parser: argparse.ArgumentParser, path: tuple[str, ...] = ()) -> Iterator[
        tuple[tuple[str, ...], argparse.ArgumentParser]]:
    subs = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    if not subs:
        yield path, parser
        return
    for action in subs:
        for name, child in action.choices.items():
            yield from _leaves(child, (*path, name))


def _harmless(action: argparse.Action) -> str:
    if action.choices:
        return str(next(iter(action.choices)))
    if action.type is int:
        return "1"
    if action.type is float:
        return "1.0"
    dest = action.dest
    if "date" in dest or dest in ("on", "issued_on", "valid_from", "valid_until"):
        return "2026-03-01"
    return "x"


def commands() -> list[Command]:
    """Every leaf command of the CLI, from the parser (so later commands are included)."""
    from app.cli import build_parser

    found = []
    for path, parser in _leaves(build_parser()):
        positionals: list[str] = []
        options: list[tuple[str, str]] = []
        slots: list[Slot] = []
        for action in parser._actions:
            if isinstance(action, argparse._HelpAction):
                continue
            if action.option_strings:
                option = action.option_strings[-1]
                if option in COMMON or action.nargs == 0:
                    continue
                slots.append(Slot(option, None, bool(action.required)))
                if action.required:
                    options.append((option, _harmless(action)))
            else:
                slots.append(Slot(None, len(positionals), True))
                positionals.append(_harmless(action))
        # required either-or flags (--approve / --reject): the first one
        flags = [g._group_actions[0].option_strings[-1]
                 for g in parser._mutually_exclusive_groups if g.required]
        found.append(Command(path, tuple(positionals), tuple(options), tuple(flags), tuple(slots)))
    return found


def argv_for(command: Command, slot: Slot, value: str) -> list[str]:
    """The base invocation with ``value`` in ``slot`` (``--opt=value`` keeps a value that
    starts with a dash a value, ``--`` before the positionals too)."""
    positionals = list(command.positionals)
    options = dict(command.options)
    if slot.position is not None:
        positionals[slot.position] = value
    else:
        assert slot.option is not None
        options[slot.option] = value
    argv = [*command.path, *command.flags, *(f"{k}={v}" for k, v in options.items())]
    return [*argv, "--", *positionals] if positionals else argv


def cases(full: bool) -> list[tuple[str, list[str]]]:
    """(label, argv) for every case; the short form rotates a few values over the slots."""
    out = []
    names = list(HOSTILE) if full else list(SHORT)
    for n, command in enumerate(commands()):
        if not command.slots:  # (`user list`): a hostile extra argument it must refuse
            for name in (names if full else [names[n % len(names)]]):
                out.append((f"{' '.join(command.path)} <extra> {name}",
                            [*command.path, *command.flags, "--", HOSTILE[name]]))
        for k, slot in enumerate(command.slots):
            chosen = names if full else [names[(n + k) % len(names)], "not_utf8"]
            for name in dict.fromkeys(chosen):
                label = f"{' '.join(command.path)} {slot.option or f'<arg{slot.position}>'} {name}"
                out.append((label, argv_for(command, slot, HOSTILE[name])))
    return out


# --- the worker: runs cases in-process, one JSON line each ---------------------------------
INTERNAL_WORDS = ("程序内部出错", "An internal error", "Traceback")


class _Alarm(BaseException):
    pass


def _on_alarm(signum: int, frame: object) -> None:
    raise _Alarm()


def run_case(argv: list[str], db_url: str) -> tuple[str, int | None, str]:
    from app.cli import run

    out, err = io.StringIO(), io.StringIO()
    stdin = io.TextIOWrapper(io.BytesIO(b""), encoding="utf-8")
    old_stdin = sys.stdin
    sys.stdin = stdin
    signal.alarm(CASE_ALARM_SECONDS)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code: int | None = run(["--db", db_url, *argv])
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 2
    except _Alarm:
        return "failed", None, "alarm: no answer within the hang guard"
    except BaseException as exc:
        return "failed", None, f"escaped: {type(exc).__name__}: {exc!s:.200}"
    finally:
        signal.alarm(0)
        sys.stdin = old_stdin
    text = err.getvalue()
    if any(word in text + out.getvalue() for word in INTERNAL_WORDS):
        return "failed", code, (text + out.getvalue())[-400:]
    if code in (1, 2) and text.strip():
        return "refused", code, text.strip()[:200]
    if code == 1 and out.getvalue().strip():
        # batch commands (photo crop, signature clean, verify) report each file's refusal in
        # their printed report and exit 1 when some file was unusable: a message all the same
        return "refused", code, out.getvalue().strip()[:200]
    if code in (0, 3):
        return "accepted", code, ""
    return "failed", code, f"exit {code} with message {text.strip()[:200]!r}"


def worker(db_url: str, argvs: list[list[str]]) -> None:
    signal.signal(signal.SIGALRM, _on_alarm)
    for argv in argvs:
        # the 10 MB value travels as a marker: the worker's memory is the command's, not ours
        argv = [a.replace(HUGE_MARK, HUGE) if HUGE_MARK in a else a for a in argv]
        verdict, code, detail = run_case(argv, db_url)
        sys.__stdout__.write(json.dumps({"verdict": verdict, "code": code, "detail": detail}) + "\n")
        sys.__stdout__.flush()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    sys.__stdout__.write(json.dumps({"peak_mb": peak}) + "\n")


@dataclass
class Tally:
    tried: int = 0
    refused: int = 0
    accepted: int = 0
    failed: int = 0
    peak_mb: int = 0

    def line(self) -> str:
        return (f"bad input: tried {self.tried}, refused cleanly {self.refused}, accepted "
                f"harmlessly {self.accepted}, failed {self.failed} (worker peak {self.peak_mb} MB)")


def run_table(db_url: str, scratch: Path, full: bool, batch: int = 150) -> tuple[Tally, list[str]]:
    """All cases in worker processes; the tally and the failures' descriptions."""
    table = cases(full)
    tally, failures = Tally(), []
    env = {**os.environ, "REGISTRY_USER": "admin", "REGISTRY_PASSWORD": "admin-pass-1",
           "REGISTRY_DATA_DIR": str(scratch / "data"), "REGISTRY_CONFIG_DIR": str(scratch / "cfg"),
           "REGISTRY_KEY_PASSPHRASE": "", "REGISTRY_LANG": "zh", "PYTHONPATH": str(Path.cwd())}
    work = scratch / "a" / "b"
    work.mkdir(parents=True, exist_ok=True)
    for start in range(0, len(table), batch):
        chunk = table[start:start + batch]
        payload = json.dumps([argv for _, argv in chunk], ensure_ascii=True)
        proc = subprocess.run([sys.executable, "-m", "tests.reliability.bad_input", "--worker", db_url],
                              input=payload, capture_output=True, text=True, cwd=work, env=env,
                              timeout=CASE_ALARM_SECONDS * len(chunk) + 120)
        lines = [json.loads(line) for line in proc.stdout.splitlines() if line.startswith("{")]
        results = [r for r in lines if "verdict" in r]
        for r in lines:
            if "peak_mb" in r:
                tally.peak_mb = max(tally.peak_mb, r["peak_mb"])
        if len(results) < len(chunk):  # the worker itself died: every missing case failed
            failures.append(f"worker died after {len(results)} cases: {proc.stderr[-500:]}")
            results += [{"verdict": "failed", "code": None, "detail": "worker died"}] * (
                len(chunk) - len(results))
        for (label, _), r in zip(chunk, results, strict=True):
            tally.tried += 1
            setattr(tally, r["verdict"], getattr(tally, r["verdict"]) + 1)
            if r["verdict"] == "failed":
                failures.append(f"{label}: {r['detail']}")
    return tally, failures


def _prepare_register(scratch: Path) -> str:
    from app.models.db import Database, upgrade
    from app.services import users_service

    url = f"sqlite:///{(scratch / 'register.sqlite3').as_posix()}"
    db = Database(url)
    upgrade(db.engine)
    users_service.bootstrap_admin(db, "admin", "admin-pass-1", "管理员")
    db.dispose()
    return url


def main() -> int:
    if len(sys.argv) > 2 and sys.argv[1] == "--worker":
        os.environ.setdefault("REGISTRY_LANG", "zh")
        worker(sys.argv[2], json.loads(sys.stdin.read()))
        return 0
    import tempfile

    full = "--full" in sys.argv
    with tempfile.TemporaryDirectory() as tmp:
        scratch = Path(tmp)
        tally, failures = run_table(_prepare_register(scratch), scratch, full)
    for f in failures:
        print("FAILED", f)
    print(tally.line())
    return 1 if tally.failed else 0


if __name__ == "__main__":
    sys.exit(main())
