"""The ``registry-office`` command line.

Each ``*_commands.py`` module registers its own sub-commands through ``register(subparsers)``
and sets ``handler`` on its parsers; a handler takes ``(ctx, args)`` and returns an exit code.
Exit codes: 0 success, 1 refused by a rule, 2 bad input or usage (3 and up: command-specific).
Every argument passes :func:`app.cli.boundary.check_arguments` before argparse sees it, and an
unexpected failure ends in :func:`app.cli.boundary.last_resort` (logged, one sentence, exit 2).
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Iterator, Sequence
from typing import Any

from app.cli.boundary import check_arguments, last_resort
from app.cli.context import CliContext
from app.errors import RegistryError
from app.messages import cli_text, default_language, describe
from app.settings import load_settings
from app.version import program_version

# Order is the order of `--help`. Add a module here to add its commands.
COMMAND_MODULES = [
    "app.cli.admin_commands",
    "app.cli.session_commands",  # issue 16: login / logout
    "app.cli.imaging_commands",
    "app.cli.register_commands",
    "app.cli.person_image_commands",  # after register_commands: adds to the `person` group
    "app.cli.search_commands",  # after register_commands: adds `person find` to its group
    "app.cli.filing_commands",
    "app.cli.verify_commands",
    "app.cli.certificate_commands",
    "app.cli.key_commands",
    "app.cli.audit_commands",
    "app.cli.settings_commands",
    "app.cli.backup_commands",  # issue 11: backup and restore
    "app.cli.sync_commands",  # issue 12: field-office sync bundles
]


class _Parser(argparse.ArgumentParser):
    """argparse, but usage errors exit 2 with a message in the user's language, no traceback."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        prefix = cli_text("common.usage_error", default_language())
        self.exit(2, f"{self.prog}: {prefix}: {message}\n")


def _add_common_options(parser: argparse.ArgumentParser, top: bool) -> None:
    # Accepted before or after the sub-command; on sub-parsers the default is SUPPRESS so an
    # option given before the sub-command is not reset by the sub-parser's default.
    d: dict[str, Any] = {} if top else {"default": argparse.SUPPRESS}
    parser.add_argument("--db", help="database URL (default: REGISTRY_DB_URL or the local SQLite file)", **d)
    parser.add_argument("--json", action="store_true", help="machine-readable output", **d)
    parser.add_argument("--lang", choices=["zh", "en"], help="language of messages", **d)
    parser.add_argument("--user", help="staff account to act as (or REGISTRY_USER)", **d)
    parser.add_argument("--password", help="password (better: REGISTRY_PASSWORD)", **d)


def _leaf_parsers(parser: argparse.ArgumentParser) -> Iterator[argparse.ArgumentParser]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for child in action.choices.values():
                yield child
                yield from _leaf_parsers(child)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="registry-office", description="Registry Office / 注册管理")
    _add_common_options(parser, top=True)
    # The one version source is pyproject.toml (app/version.py); --self-test: app/__main__.py.
    parser.add_argument("--version", action="version", version=f"registry-office {program_version()}")
    sub = parser.add_subparsers(dest="command", parser_class=_Parser, metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    for child in _leaf_parsers(parser):
        _add_common_options(child, top=False)
    return parser


# Commands that are run often from scripts get a parser of their own module only, so a run
# imports what that command needs and nothing else (`verify FILE`: no name-key tables, no
# renderers, no ORM model — it works on the Core store; the whole process ~1.5x
# `import cv2, zxingcpp, sqlalchemy`, of which the password check is ~0.1x, see
# benchmarks/scan_benchmark.py --part cli). `--help` and every other command build the full
# parser.
FAST_COMMANDS = {"verify": "app.cli.verify_commands"}
# Top-level options that take a value (so their value is not mistaken for the command).
_VALUE_OPTIONS = frozenset({"--db", "--lang", "--user", "--password"})


def _command_of(argv: Sequence[str]) -> str | None:
    """The sub-command's name in ``argv`` (the first word that is no option nor its value)."""
    skip = False
    for word in argv:
        if skip:
            skip = False
        elif word in _VALUE_OPTIONS:
            skip = True
        elif not word.startswith("-"):
            return word
        elif word in ("-h", "--help"):
            return None
    return None


def build_fast_parser(module: str) -> argparse.ArgumentParser:
    """The parser of one command module (see FAST_COMMANDS)."""
    parser = _Parser(prog="registry-office", description="Registry Office / 注册管理")
    _add_common_options(parser, top=True)
    sub = parser.add_subparsers(dest="command", parser_class=_Parser, metavar="COMMAND")
    importlib.import_module(module).register(sub)
    for child in _leaf_parsers(parser):
        _add_common_options(child, top=False)
    return parser


def run(argv: Sequence[str]) -> int:
    lang: list[str] = []  # the run's language once known (--lang), for the last resort

    def language() -> str:
        if lang:
            return lang[0]
        for i, token in enumerate(argv):  # before argparse ran (or when it failed)
            value = token[7:] if token.startswith("--lang=") else (
                argv[i + 1] if token == "--lang" and i + 1 < len(argv) else "")
            if value in ("zh", "en"):
                return value
        return default_language()

    try:
        return last_resort(lambda: _run(argv, lang), language)
    except RegistryError as exc:  # refused before a context existed (an argument, say)
        print(describe(exc, language()), file=sys.stderr)
        return exc.exit_code


def _run(argv: Sequence[str], lang: list[str]) -> int:
    check_arguments(argv)
    fast = FAST_COMMANDS.get(_command_of(argv) or "")
    parser = build_fast_parser(fast) if fast else build_parser()
    args = parser.parse_args(list(argv))
    if args.lang:
        lang.append(args.lang)
    handler = getattr(args, "handler", None)
    if handler is None:
        parser.print_help(sys.stderr)
        return 2
    settings = load_settings()
    ctx = CliContext(settings, args.db or settings.effective_db_url(), args.json, args.lang,
                     args.user, args.password)
    try:
        return int(handler(ctx, args) or 0)
    except RegistryError as exc:
        report_error(ctx, exc)
        return exc.exit_code
    except KeyboardInterrupt:
        return 130
    finally:
        ctx.close()


def report_error(ctx: CliContext, exc: RegistryError) -> None:
    message = describe(exc, ctx.lang)
    if ctx.as_json:
        import json

        print(json.dumps({"error": {"code": exc.code, "field": exc.field, "message": message,
                                    "params": {k: str(v) for k, v in exc.params.items()}}},
                         ensure_ascii=False))
    print(message, file=sys.stderr)
