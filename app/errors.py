"""Typed errors of the core.

The core never builds sentences: it raises an error with a stable ``code`` (looked up in
``resources/messages/errors.toml``), the offending ``field`` if any, and ``params`` for the
message template. The CLI and the UI turn codes into sentences in the user's language
(see :mod:`app.messages`).
"""

from __future__ import annotations

from typing import Any


class RegistryError(Exception):
    """Base class. ``exit_code`` is what the CLI returns for this family of errors."""

    exit_code = 1

    def __init__(self, code: str, field: str | None = None, **params: Any) -> None:
        self.code = code
        self.field = field
        self.params = params
        super().__init__(f"{code}{f' [{field}]' if field else ''} {params or ''}".strip())


class RuleViolation(RegistryError):
    """A domain rule refuses the request (e.g. continuation outside its window)."""

    exit_code = 1


class InvalidInput(RegistryError):
    """The input itself is malformed (bad ID number, unreadable file, bad date)."""

    exit_code = 2


class NotFound(RegistryError):
    """A referenced record does not exist."""

    exit_code = 2


class PermissionDenied(RegistryError):
    """The acting user's role does not allow this action."""

    exit_code = 1


class ConcurrentEdit(RegistryError):
    """Someone else changed the record since it was read (optimistic lock)."""

    exit_code = 1


class DatabaseProblem(RegistryError):
    """The database cannot be used: locked, unreachable, newer or older than this program."""

    exit_code = 2
