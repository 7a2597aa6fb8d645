"""Office-wide settings shared by every workstation (``app_settings``): the office's details.

The key service reads ``office_name`` and ``office_uscc`` when it signs certificates; this
service is where an administrator edits them (audited). Per-workstation settings (database
location, language) are not here: they live in :mod:`app.settings`.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from app.domain.validators import parse_uscc
from app.models.db import Database
from app.models.staff import AppSetting
from app.services.audit import append_audit
from app.services.base import Service

OFFICE_KEYS = ("office_name", "office_uscc", "office_address", "office_phone")


@dataclass(frozen=True)
class OfficeInfo:
    office_name: str = ""
    office_uscc: str = ""
    office_address: str = ""
    office_phone: str = ""


def read_office(db: Database) -> OfficeInfo:
    """No permission needed: the login dialog shows the office's name."""
    with db.session_scope(write=False) as s:
        values = {}
        for key in OFFICE_KEYS:
            row = s.get(AppSetting, key)
            values[key] = str(row.value) if row is not None and row.value is not None else ""
    return OfficeInfo(**values)


def office_name(db: Database) -> str:
    return read_office(db).office_name


class SettingsService(Service):
    def office(self) -> OfficeInfo:
        return read_office(self.db)

    def update_office(self, **changes: str) -> OfficeInfo:
        self.require("settings.manage")
        clean = {k: " ".join(str(v or "").split()) for k, v in changes.items() if k in OFFICE_KEYS}
        if clean.get("office_uscc"):
            clean["office_uscc"] = parse_uscc(clean["office_uscc"], field="uscc")
        before = read_office(self.db)
        diff = {k: [getattr(before, k), v] for k, v in clean.items() if getattr(before, k) != v}
        if not diff:
            return before
        with self.db.session_scope() as s:
            for key, value in clean.items():
                row = s.get(AppSetting, key)
                if row is None:
                    s.add(AppSetting(key=key, value=value))
                else:
                    row.value = value
            append_audit(s, self.actor, "office_settings_changed", "app_settings", "office", diff)
        return OfficeInfo(**{**asdict(before), **clean})
