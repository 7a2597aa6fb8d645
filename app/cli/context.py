"""State shared by CLI commands: settings, the database, the acting user, output format."""

from __future__ import annotations

import getpass
import json
import os
import sys
from dataclasses import asdict, is_dataclass
from datetime import date, datetime
from typing import Any
from uuid import UUID

from app.errors import InvalidInput
from app.messages import default_language
from app.models.db import Database
from app.services.base import Actor
from app.settings import Settings


class CliContext:
    def __init__(self, settings: Settings, db_url: str, as_json: bool, lang: str | None,
                 user: str | None, password: str | None) -> None:
        self.settings = settings
        self.db_url = db_url
        self.as_json = as_json
        self.lang = lang or default_language()
        self._user = user or os.environ.get("REGISTRY_USER")
        self._password = password or os.environ.get("REGISTRY_PASSWORD")
        self._db: Database | None = None
        self._actor: Actor | None = None

    @property
    def zh(self) -> bool:
        return self.lang == "zh"

    def t(self, zh: str, en: str) -> str:
        return zh if self.zh else en

    def database(self, check_schema: bool = True) -> Database:
        if self._db is None:
            self._db = Database(self.db_url)
            if check_schema:
                self._db.ensure_current()
        return self._db

    def actor(self) -> Actor:
        """The authenticated staff member (``--user`` / REGISTRY_USER, password from the env)."""
        if self._actor is None:
            from app.services.users_service import authenticate

            if not self._user:
                raise InvalidInput("cli_user_required", field="user")
            password = self._password or ask_secret(self, self.t("密码：", "Password: "), "password")
            self._actor = authenticate(self.database(), self._user, password)
        return self._actor

    def emit(self, data: Any, text: str | None = None) -> None:
        """Print a result: JSON with --json, otherwise the human text (or a simple rendering)."""
        if self.as_json:
            print(json.dumps(to_jsonable(data), ensure_ascii=False, indent=2))
        elif text is not None:
            print(text)
        else:
            print(json.dumps(to_jsonable(data), ensure_ascii=False, indent=2))

    def close(self) -> None:
        if self._db is not None:
            self._db.dispose()


def ask_secret(ctx: CliContext, prompt: str, field: str) -> str:
    """Prompt on a terminal; without one, never wait for input: refuse with a clear message."""
    if not sys.stdin.isatty():
        raise InvalidInput("secret_required_no_tty", field=field)
    return getpass.getpass(prompt)


def to_jsonable(value: Any) -> Any:
    if is_dataclass(value) and not isinstance(value, type):
        return to_jsonable(asdict(value))
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
