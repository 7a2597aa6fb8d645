"""What CLI commands share: their context (settings, the database, the acting user, the output
format and the language: sentences from ``resources/messages/cli.toml``, names of codes from
``labels.toml``, see :meth:`CliContext.say` and :meth:`CliContext.label`), JSON rendering, and
the argparse plumbing of command groups."""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from collections.abc import Callable
from dataclasses import fields, is_dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, TypeAlias
from uuid import UUID

from app.errors import InvalidInput, PermissionDenied, RegistryError
from app.messages import cli_text, default_language, field_label, label
from app.services.base import Actor
from app.settings import Settings
from app.store.engine import Store

if TYPE_CHECKING:
    # The ORM's handle loads with the first command that needs it: `verify FILE` works on the
    # Core store alone and never imports the models (issue 16).
    from app.models.db import Database

    # What ``add_subparsers`` returns: each command module registers its commands in one.
    Commands: TypeAlias = argparse._SubParsersAction[argparse.ArgumentParser]
else:  # not subscriptable at run time
    Commands = argparse._SubParsersAction


def command_group(sub: Commands, name: str, text: str) -> Commands:
    """The sub-commands of group ``name``, made on first use: several modules may add to the
    same group (`person find` comes from the search module), in either order."""
    parser = sub.choices.get(name)
    if parser is None:
        return sub.add_parser(name, help=text).add_subparsers(dest=f"{name}_command", required=True)
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return action
    return parser.add_subparsers(dest=f"{name}_command", required=True)


class CliContext:
    """One command's run: what it acts on, as whom, and how it speaks."""

    def __init__(self, settings: Settings, db_url: str, as_json: bool, lang: str | None,
                 user: str | None, password: str | None) -> None:
        self.settings = settings
        self.db_url = db_url
        self.as_json = as_json
        self.lang = lang or default_language()
        self._user = user or os.environ.get("REGISTRY_USER")
        self._password = password or os.environ.get("REGISTRY_PASSWORD")
        self._store: Store | None = None
        self._db: Database | None = None
        self._actor: Actor | None = None

    def say(self, key: str, **params: Any) -> str:
        """The sentence ``key`` of cli.toml in the user's language."""
        return cli_text(key, self.lang, **params)

    def label(self, table: str, code: str) -> str:
        """The name of a code (a filing state, a certificate state, ...) from labels.toml."""
        return label(table, code, self.lang)

    def specialty(self, kind: str, code: str) -> str:
        """A specialty's name comes with the kind's rules data (zh and en side by side there)."""
        from app.domain.kinds import kind_rules  # its rules data loads only when named

        try:
            spec = kind_rules(kind).specialty(code)
        except (KeyError, ValueError, RegistryError):
            return code  # a code from a newer rules file: show it as it is
        return spec.en if self.lang == "en" else spec.zh

    def store(self, check_schema: bool = True) -> Store:
        """The register through Core (no ORM model loaded); one engine per run, shared with
        :meth:`database`. The schema is checked when the first of the two is made."""
        if self._store is None:
            self._store = Store(self.db_url)
            if check_schema:
                self._store.ensure_current()
        return self._store

    def database(self, check_schema: bool = True) -> Database:
        if self._db is None:
            from app.models.db import Database

            self._db = Database(self.db_url, engine=self.store(check_schema).engine)
        return self._db

    def has_user(self) -> bool:
        """Whether an acting account was named (``--user`` or REGISTRY_USER)."""
        return bool(self._user)

    def actor(self) -> Actor:
        """The authenticated staff member: with a password given (``--password`` /
        REGISTRY_PASSWORD) a sign-in with it; otherwise the session of ``login`` when it is
        live and (if ``--user`` names one) that user's; otherwise a password prompt."""
        if self._actor is None:
            if not self._password:
                self._actor = self._session_actor()
            if self._actor is None:
                self._actor = self.password_actor()
        return self._actor

    def password_actor(self) -> Actor:
        """A sign-in with the password (Argon2id, lock-out, audit), never with a session:
        ``login`` must not extend a session by itself."""
        from app.services.sign_in import authenticate

        if not self._user:
            raise InvalidInput("cli_user_required", field="user")
        password = self._password or ask_secret(self, self.say("common.password_prompt"), "password")
        return authenticate(self.store(), self._user, password)

    def _session_actor(self) -> Actor | None:
        from app.cli import session_file
        from app.services.cli_sessions import resume_session

        token, saved = session_file.current(self.db_url)
        if token is None:
            return None
        actor = resume_session(self.store(), token)
        if actor is None:
            if saved is not None:
                session_file.remove(self.db_url)  # ended: forget it
            if not self._user:  # nobody to ask a password for: say why
                raise PermissionDenied("cli_session_ended")
            return None
        if self._user and self._user != actor.username:
            return None  # another account named: it signs in with its own password
        return actor

    def emit(self, data: Any, text: str | None = None) -> None:
        """Print a result: JSON with --json, otherwise the human text (or a simple rendering)."""
        if self.as_json:
            print(json.dumps(to_jsonable(data), ensure_ascii=False, indent=2))
        elif text is not None:
            print(text)
        else:
            print(json.dumps(to_jsonable(data), ensure_ascii=False, indent=2))

    def close(self) -> None:
        if self._store is not None:  # the one engine, also the Database's
            self._store.dispose()


def ask_secret(ctx: CliContext, prompt: str, field: str) -> str:
    """Prompt on a terminal; without one, never wait for input: refuse with a clear message."""
    if not sys.stdin.isatty():
        raise InvalidInput("secret_required_no_tty", field=field)
    return getpass.getpass(prompt)


def _zh(table: str) -> Callable[[str], str]:
    return lambda code: label(table, code, "zh")


# The service views used to carry Chinese names of their codes; the JSON documents keep those
# fields (inserted after the code, as before) so that scripts reading them go on working.
# Keyed by the view's module and class name: importing the views here would load every
# service at start-up.
_JSON_LABELS: dict[str, tuple[tuple[str, str, Callable[[str], str]], ...]] = {
    "app.services.filing_views.FilingSummary": (
        ("type", "type_label", _zh("filing_type")), ("state", "state_label", _zh("filing_state"))),
    "app.services.filing_views.FilingView": (
        ("type", "type_label", _zh("filing_type")), ("state", "state_label", _zh("filing_state"))),
    "app.services.filing_views.FilingEventView": (
        ("action", "action_label", _zh("filing_action")),
        ("to_state", "to_state_label", _zh("filing_state"))),
    "app.services.appeal_service.AppealView": (("subject", "subject_label", _zh("appeal_subject")),),
    "app.services.info_correction_service.InfoCorrectionView": (
        ("field", "field_label", lambda code: field_label(code, "zh")),),
}


def _dataclass_json(value: Any) -> dict[str, Any]:
    view = f"{type(value).__module__}.{type(value).__qualname__}"
    extra = {after: (name, name_of) for after, name, name_of in _JSON_LABELS.get(view, ())}
    out: dict[str, Any] = {}
    for f in fields(value):
        code = getattr(value, f.name)
        out[f.name] = to_jsonable(code)
        if f.name in extra:
            name, name_of = extra[f.name]
            out[name] = name_of(code)
    return out


def to_jsonable(value: Any) -> Any:
    if is_dataclass(value) and not isinstance(value, type):
        return _dataclass_json(value)
    if isinstance(value, dict):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [to_jsonable(v) for v in value]
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, UUID):
        return str(value)
    if isinstance(value, bytes):
        return value.hex()
    return value
