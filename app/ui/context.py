"""What a logged-in window needs, handed to every widget through its constructor.

No module of globals: the composition root (:mod:`app.ui.application`) builds one
:class:`UiContext` after login and passes it down. ``services`` builds service objects bound
to the logged-in actor; a service whose module is not installed yet is ``None`` so the screen
can show an honest placeholder instead of crashing.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.domain.roles import allowed
from app.models.db import Database
from app.services.base import Actor
from app.settings import Settings, save_settings

log = logging.getLogger(__name__)

# attribute -> (module, class). Each is a Service(db, actor) written by its own engineer.
SERVICE_CLASSES: dict[str, tuple[str, str]] = {
    "users": ("app.services.users_service", "UsersService"),
    "persons": ("app.services.register_service", "RegisterService"),
    "filings": ("app.services.filing_service", "FilingService"),
    "search": ("app.services.search_service", "SearchService"),
    "photos": ("app.services.photo_service", "PhotoService"),
    "office": ("app.services.settings_service", "SettingsService"),
    "stats": ("app.services.stats_service", "StatsService"),
}


class ServiceHub:
    """Lazily constructed services for one actor; ``None`` when a module is absent."""

    def __init__(self, db: Database, actor: Actor,
                 classes: dict[str, tuple[str, str]] | None = None) -> None:
        self.db, self.actor = db, actor
        self._classes = dict(classes or SERVICE_CLASSES)
        self._made: dict[str, Any] = {}

    def get(self, name: str) -> Any:
        if name not in self._made:
            self._made[name] = self._build(name)
        return self._made[name]

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        return self.get(name)

    def _build(self, name: str) -> Any:
        module_name, class_name = self._classes[name]
        try:
            module = importlib.import_module(module_name)
            cls = getattr(module, class_name)
        except (ImportError, AttributeError) as exc:
            log.info("service %s not available: %s", name, exc)
            return None
        return cls(self.db, self.actor)


@dataclass
class UiContext:
    db: Database
    actor: Actor
    settings: Settings
    settings_file: Path | None = None
    services: ServiceHub = field(init=False)
    # Hooks the application installs (language switch restarts the main window).
    on_language_changed: Callable[[str], None] | None = None

    def __post_init__(self) -> None:
        self.services = ServiceHub(self.db, self.actor)

    @property
    def lang(self) -> str:
        return self.settings.language if self.settings.language in ("zh", "en") else "zh"

    def can(self, permission: str) -> bool:
        return allowed(self.actor.role, permission)

    def save_settings(self) -> None:
        save_settings(self.settings, self.settings_file)
