"""What a signed-in window needs, handed to every widget through its constructor.

No module of globals: the composition root (:mod:`app.ui.shell.application`) builds the
:class:`~app.services.catalog.Services` for the signed-in actor and the
:class:`~app.ui.common.changes.ChangeBus` once, after sign-in, and passes them in here; tests
choose what goes in the same way. The database and the actor are the ones the services are
bound to, so the two can never disagree.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from app.domain.roles import allowed
from app.models.db import Database
from app.services.base import Actor
from app.settings import Settings, save_settings
from app.ui.common.changes import ChangeBus

if TYPE_CHECKING:  # the services are built after sign-in; importing them here would slow start-up
    from app.services.catalog import Services


@dataclass
class UiContext:
    services: Services  # the typed service boundary, bound to the signed-in actor
    changes: ChangeBus  # where operations announce what they changed
    settings: Settings  # this workstation's settings (mutable: the settings screen edits them)
    settings_file: Path | None = None
    # Installed by the application: a language switch rebuilds the main window.
    on_language_changed: Callable[[str], None] | None = None

    @property
    def db(self) -> Database:
        return self.services.db

    @property
    def actor(self) -> Actor:
        return self.services.actor

    @property
    def lang(self) -> str:
        return self.settings.language if self.settings.language in ("zh", "en") else "zh"

    def can(self, permission: str) -> bool:
        return allowed(self.actor.role, permission)

    def save_settings(self) -> None:
        save_settings(self.settings, self.settings_file)
