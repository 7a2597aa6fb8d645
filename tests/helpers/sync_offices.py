"""Two real registers paired for sync tests: a field office and its central office."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from app.models import IssuerKey
from app.models.db import Database
from app.services.base import Actor
from app.services.catalog import Services
from app.services.key_service import KeyService
from app.services.settings_service import SettingsService

ADMIN = Actor("admin", "admin", "管理员")
CLERK = Actor("clerk", "clerk", "窗口办事员")
REVIEWER = Actor("reviewer", "reviewer", "审核员")
HELPDESK = Actor("helpdesk", "helpdesk", "核验员")
PASSPHRASE = "test passphrase for the office key"
CENTRAL_USCC, CENTRAL_NAME = "11100000000013338W", "测试省注册管理中心"
FIELD_USCC, FIELD_NAME = "11100000000013338W", ""  # replaced below (a second valid code)
KEY_IN_USE_SINCE = datetime(2024, 1, 1, tzinfo=UTC)


def _second_uscc() -> str:
    from tests.helpers.register import uscc
    return uscc("350100", 990001)


FIELD_USCC, FIELD_NAME = _second_uscc(), "测试省某县注册受理点"


@dataclass
class Office:
    db: Database
    code: str
    name: str
    role: str
    day: date

    def services(self, actor: Actor) -> Services:
        return Services.build(self.db, actor, today=lambda: self.day)

    @property
    def admin(self) -> Services:
        return self.services(ADMIN)

    @property
    def clerk(self) -> Services:
        return self.services(CLERK)

    @property
    def reviewer(self) -> Services:
        return self.services(REVIEWER)

    @property
    def helpdesk(self) -> Services:
        return self.services(HELPDESK)


def make_office(url: str, code: str, name: str, role: str, day: date, seals: bool = False) -> Office:
    db = Database(url)
    SettingsService(db, ADMIN).update_settings({"office_uscc": code, "office_name": name})
    key_id = KeyService(db, ADMIN).init_office_key(PASSPHRASE, code, name, seals=seals).key_id
    with db.session_scope() as s:  # the tests annotate on past days: the key is older
        row = s.get(IssuerKey, key_id)
        assert row is not None
        row.valid_from = KEY_IN_USE_SINCE
    office = Office(db, code, name, role, day)
    office.admin.sync.set_role(role)
    return office


def pair(a: Office, b: Office) -> None:
    """Each office imports the other's trust file and confirms the fingerprint it shows."""
    for me, other in ((a, b), (b, a)):
        trust = other.admin.keys.export_trust(PASSPHRASE)
        shown = me.admin.sync.pairing_preview(trust)
        me.admin.sync.pair(trust, shown.fingerprint)


def send(src: Office, dst: Office, tmp: Path, name: str | None = None):  # type: ignore[no-untyped-def]
    """Export from ``src`` to ``dst`` and import there; returns (export report, import report)."""
    path = tmp / (name or f"{src.role}-to-{dst.role}-{datetime.now().timestamp()}.rosync")
    exported = src.admin.sync.export_bundle(dst.code, path, PASSPHRASE)
    imported = dst.admin.sync.import_bundle(path, PASSPHRASE)
    return exported, imported
