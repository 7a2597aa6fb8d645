"""What a signed-in window needs, handed to every widget through its constructor.

No module of globals: the composition root (:mod:`app.ui.shell.application`) builds one
:class:`UiContext` after sign-in and passes it down. ``services`` is the typed service
boundary (:class:`app.services.catalog.Services`) bound to the signed-in actor; ``changes``
is the bus on which operations announce what they changed (:mod:`app.ui.common.changes`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from app.domain.roles import allowed
from app.models.db import Database
from app.services.base import Actor
from app.services.catalog import Services
from app.settings import Settings, save_settings
from app.ui.common.changes import ChangeBus


@dataclass
class UiContext:
    db: Database
    actor: Actor
    settings: Settings
    settings_file: Path | None = None
    services: Services = field(init=False)
    changes: ChangeBus = field(init=False)
    # Hooks the application installs (language switch restarts the main window).
    on_language_changed: Callable[[str], None] | None = None

    def __post_init__(self) -> None:
        self.services = Services.build(self.db, self.actor)
        self.changes = ChangeBus()

    @property
    def lang(self) -> str:
        return self.settings.language if self.settings.language in ("zh", "en") else "zh"

    def can(self, permission: str) -> bool:
        return allowed(self.actor.role, permission)

    def save_settings(self) -> None:
        save_settings(self.settings, self.settings_file)
