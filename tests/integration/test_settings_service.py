"""Office settings through the service: one typed snapshot, one audited, validated update."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.errors import InvalidInput, PermissionDenied
from app.models import AuditEntry
from app.models.db import Database
from app.services import office_settings as reg
from app.services.base import Actor
from app.services.settings_service import SettingsService, editable_settings, read_office
from tests.helpers.workflow import uscc


def _audit(db: Database) -> list[AuditEntry]:
    with db.session_scope(write=False) as s:
        entries = list(s.scalars(select(AuditEntry).where(AuditEntry.action
                                                          == "office_settings_changed")
                                 .order_by(AuditEntry.seq)))
        s.expunge_all()
    return entries


def test_a_fresh_register_has_every_default(db: Database, actors: dict[str, Actor]) -> None:
    values = SettingsService(db, actors["clerk"]).settings()  # no permission needed to read
    shown = editable_settings()
    assert {s.key for s in shown} == {s.key for s in reg.SETTINGS.values() if s.editable}
    for item in shown:
        assert values.value(item) == item.default
    assert values.imaging.photo_max_bytes == reg.PHOTO_MAX_BYTES.default
    assert values.uploads.max_bytes == reg.UPLOAD_MAX_BYTES.default
    assert values.verification.trust_max_age_days == reg.TRUST_MAX_AGE_DAYS.default
    assert values.office.office_name == ""


def test_update_settings_validates_saves_and_audits_once(db: Database,
                                                         actors: dict[str, Actor]) -> None:
    service = SettingsService(db, actors["admin"])
    after = service.update_settings({reg.OFFICE_NAME.key: "  测试省  注册中心 ",
                                     reg.OFFICE_USCC.key: uscc("87654321"),
                                     reg.TRUST_MAX_AGE_DAYS.key: 30,
                                     reg.PHOTO_MIN_BYTES.key: reg.PHOTO_MIN_BYTES.default})
    assert after.office.office_name == "测试省 注册中心"  # whitespace tidied
    assert after.verification.trust_max_age_days == 30
    assert service.settings() == after
    assert read_office(db).office_uscc == uscc("87654321")
    (entry,) = _audit(db)  # one entry, only what really changed
    assert entry.actor == "admin"
    assert set(entry.details) == {reg.OFFICE_NAME.key, reg.OFFICE_USCC.key,
                                  reg.TRUST_MAX_AGE_DAYS.key}
    assert entry.details[reg.TRUST_MAX_AGE_DAYS.key] == [90, 30]


@pytest.mark.parametrize("changes,code,key", [
    ({reg.TRUST_MAX_AGE_DAYS.key: 0}, "setting_invalid", reg.TRUST_MAX_AGE_DAYS.key),
    ({reg.PHOTO_MAX_BYTES.key: "many"}, "setting_invalid", reg.PHOTO_MAX_BYTES.key),
    ({reg.PHOTO_MAX_BYTES.key: 5 * 1024}, "setting_invalid", reg.PHOTO_MIN_BYTES.key),  # < min
    ({reg.OFFICE_USCC.key: "123"}, "uscc_length", reg.OFFICE_USCC.key),
    ({reg.TRUST_REFRESHED_AT.key: "2026-01-01"}, "setting_not_editable",
     reg.TRUST_REFRESHED_AT.key),
    ({"no_such_setting": 1}, "setting_unknown", "no_such_setting"),
])
def test_refused_changes_name_the_setting_and_change_nothing(
        db: Database, actors: dict[str, Actor], changes: dict[str, object], code: str,
        key: str) -> None:
    service = SettingsService(db, actors["admin"])
    before = service.settings()
    with pytest.raises(InvalidInput) as err:
        service.update_settings({reg.OFFICE_NAME.key: "不会保存", **changes})
    assert err.value.code == code and err.value.field == key
    assert service.settings() == before and _audit(db) == []


def test_only_settings_managers_may_change(db: Database, actors: dict[str, Actor]) -> None:
    for role in ("clerk", "reviewer", "helpdesk"):
        with pytest.raises(PermissionDenied):
            SettingsService(db, actors[role]).update_settings({reg.OFFICE_NAME.key: "x"})
        with pytest.raises(PermissionDenied):
            SettingsService(db, actors[role]).update_office(office_name="x")
    assert read_office(db).office_name == ""


def test_update_office_keeps_working_on_the_registry(db: Database,
                                                     actors: dict[str, Actor]) -> None:
    service = SettingsService(db, actors["admin"])
    info = service.update_office(office_name="北京市注册中心", office_phone="010-12345678",
                                 upload_max_bytes="1")  # not an office key: ignored
    assert info.office_name == "北京市注册中心" and info.office_phone == "010-12345678"
    assert read_office(db) == info
    assert service.settings().uploads.max_bytes == reg.UPLOAD_MAX_BYTES.default
    assert service.update_office(office_name="北京市注册中心") == info
    assert len(_audit(db)) == 1  # nothing changed the second time: nothing audited
