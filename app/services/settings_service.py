"""Office-wide settings shared by every workstation, read and edited through the registry.

Every setting is declared once in :mod:`app.services.office_settings` (type, default,
validation). This service gives the settings screen one typed snapshot of every editable
setting (:class:`OfficeSettings`, grouped as the screen shows them) and one audited use case to
change any of them (:meth:`SettingsService.update_settings`). Per-workstation settings
(database location, language) are not here: they live in :mod:`app.settings`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from app.models.db import Database
from app.services import office_settings as reg
from app.services.base import Service
from app.services.office_settings import ImagingSettings, UploadLimits, VerificationSettings


@dataclass(frozen=True)
class OfficeInfo:
    """The office's identity, as certificates and the login dialog show it."""

    office_name: str = ""
    office_uscc: str = ""
    office_address: str = ""
    office_phone: str = ""








@dataclass(frozen=True)
class RuleSettings:
    """The filing rules the seeds leave per kind (group ``rules``: continuation opening,
    deadline, lapse), by registry key; docs/rules.md quotes the source of each default."""

    values: tuple[tuple[str, int], ...] = ()

    def get(self, key: str) -> int:
        return dict(self.values)[key]


@dataclass(frozen=True)
class OfficeSettings:
    """Every editable office setting, grouped as the registry groups them."""

    office: OfficeInfo
    uploads: UploadLimits
    imaging: ImagingSettings
    verification: VerificationSettings
    rules: RuleSettings = RuleSettings()

    def value(self, item: reg.Setting) -> int | str:
        """The value of one registry setting (the settings screen walks the registry)."""
        if item.group == "rules":
            return self.rules.get(item.key)
        group, name = _FIELDS[item.key]
        value: int | str = getattr(getattr(self, group), name)
        return value


# Registry key -> (group attribute, field) of OfficeSettings: the one place the two meet.
_FIELDS: dict[str, tuple[str, str]] = {
    reg.OFFICE_NAME.key: ("office", "office_name"),
    reg.OFFICE_USCC.key: ("office", "office_uscc"),
    reg.OFFICE_ADDRESS.key: ("office", "office_address"),
    reg.OFFICE_PHONE.key: ("office", "office_phone"),
    reg.CORRECTION_UPLOAD_MIN_BYTES.key: ("uploads", "correction_min_bytes"),
    reg.CORRECTION_UPLOAD_MAX_BYTES.key: ("uploads", "correction_max_bytes"),
    reg.UPLOAD_MAX_BYTES.key: ("uploads", "max_bytes"),
    reg.PHOTO_MIN_BYTES.key: ("imaging", "photo_min_bytes"),
    reg.PHOTO_MAX_BYTES.key: ("imaging", "photo_max_bytes"),
    reg.MAX_PIXELS.key: ("imaging", "max_pixels"),
    reg.TRUST_MAX_AGE_DAYS.key: ("verification", "trust_max_age_days"),
    reg.VERIFIER_TRUST_MAX_AGE_DAYS.key: ("verification", "verifier_trust_max_age_days"),

    reg.SYNC_WARN_AFTER_DAYS.key: ("verification", "sync_warn_after_days"),  # issue 12
    reg.SYNC_FREEZE_AFTER_DAYS.key: ("verification", "sync_freeze_after_days"),
    reg.CLI_SESSION_HOURS.key: ("verification", "cli_session_hours"),  # issue 16
}
_GROUPS = {"office": OfficeInfo, "uploads": UploadLimits, "imaging": ImagingSettings,
           "verification": VerificationSettings}


def editable_settings() -> tuple[reg.Setting, ...]:
    """The settings staff may edit, in registry order (what the settings screen shows)."""
    return tuple(s for s in reg.SETTINGS.values() if s.editable)


def _read(session: Session) -> OfficeSettings:
    values = reg.read_settings(session, editable_settings())
    parts: dict[str, dict[str, Any]] = {group: {} for group in _GROUPS}
    for key, (group, name) in _FIELDS.items():
        parts[group][name] = values[key]
    rules = RuleSettings(tuple((s.key, int(values[s.key])) for s in editable_settings()
                               if s.group == "rules"))
    return OfficeSettings(**{group: cls(**parts[group]) for group, cls in _GROUPS.items()},
                          rules=rules)


def read_office(db: Database) -> OfficeInfo:
    """No permission needed: the login dialog shows the office's name."""
    with db.session_scope(write=False) as s:
        return _read(s).office


class SettingsService(Service):
    def holds_demo_data(self) -> bool:
        """Whether this register holds demo data (issue 10: it must say so everywhere). No
        permission needed: the title bar of every signed-in user shows it."""
        with self.db.session_scope(write=False) as s:
            return reg.read_setting(s, reg.DEMO_MARKER) is not None

    def settings(self) -> OfficeSettings:
        """Every editable setting; no permission needed (nothing here is secret)."""
        with self.db.session_scope(write=False) as s:
            return _read(s)

    def update_settings(self, changes: Mapping[str, object]) -> OfficeSettings:
        """Change editable settings by registry key: validated, cross-checked and audited in
        one transaction (``setting_invalid`` names the offending key)."""
        self.require("settings.manage")
        with self.db.session_scope() as s:
            reg.write_settings(s, self.actor, changes)
            return _read(s)

    def update_office(self, **changes: str) -> OfficeInfo:
        """The office's identity only (``office_name=...``); the other keys are ignored."""
        office_keys = {reg.OFFICE_NAME.key, reg.OFFICE_USCC.key, reg.OFFICE_ADDRESS.key,
                       reg.OFFICE_PHONE.key}
        return self.update_settings(
            {k: v for k, v in changes.items() if k in office_keys}).office
