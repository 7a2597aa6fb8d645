"""申辩 and 信息更正 on a real register (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from app.errors import PermissionDenied
from app.models import PersonNameKey
from app.models.db import Database
from tests.helpers.register import World, audit_actions, refused


@pytest.fixture
def w(db: Database) -> World:
    return World(db)


def test_appeal_upheld_clears_the_social_security_flag(w: World, db: Database) -> None:
    p = w.person()
    refused("appeal_nothing_to_contest", w.clerk.create_appeal, p.id, subject="social_security",
            statement="已在本单位缴纳")
    w.reg.flag_social_security(p.id)
    a = w.clerk.create_appeal(p.id, subject="social_security", statement="已在本单位缴纳社保，附缴费记录")
    refused("appeal_already_open", w.clerk.create_appeal, p.id, subject="social_security", statement="again")
    with pytest.raises(PermissionDenied):
        w.clerk.decide_appeal(a.id, upheld=True, decision="x")
    d = w.reviewer.decide_appeal(a.id, upheld=True, decision="经核实社保缴纳正常")
    assert d.state == "upheld"
    assert not w.reg.get_person(p.id).social_security_flag
    refused("appeal_already_decided", w.reviewer.decide_appeal, a.id, upheld=False, decision="x")
    assert w.clerk.list_appeals(open_only=True) == []
    assert "appeal_decided" in audit_actions(db, a.id)
    # and the person can now submit without the override
    assert w.submit(w.file(p.id).id).state == "submitted"


def test_info_correction_applies_only_on_approval(w: World, db: Database) -> None:
    p, _ = w.registered(name="曾小明")
    refused("identity_change_needs_info_correction", w.reg.update_person, p.id, {"name": "曾晓红"})
    c = w.reg.create_info_correction(p.id, field="name", new_value="曾晓红", reason="户籍姓名变更")
    assert w.reg.get_person(p.id).name == "曾小明"
    refused("info_correction_pending", w.reg.create_info_correction, p.id, field="name",
            new_value="曾大明", reason="x")
    with pytest.raises(PermissionDenied):
        w.reg.decide_info_correction(c.id, approved=True)
    w.reviewer_reg.decide_info_correction(c.id, approved=True, decision="核实无误")
    assert w.reg.get_person(p.id).name == "曾晓红"
    with db.session_scope(write=False) as s:
        keys = set(s.scalars(select(PersonNameKey.key).where(PersonNameKey.person_id == p.id)))
    assert "zengxiaohong" in keys and "zxh" in keys  # the search keys follow the new name
    assert "zengxiaoming" not in keys and "zxm" not in keys
    # an ID number correction re-derives birth date and gender
    new_id = "440106199508172628"  # female, 1995-08-17
    c2 = w.reg.create_info_correction(p.id, field="id_number", new_value=new_id, reason="证件号码录入错误")
    refused("info_correction_same_value", w.reg.create_info_correction, p.id, field="name",
            new_value="曾晓红", reason="x")
    w.reviewer_reg.decide_info_correction(c2.id, approved=True)
    after = w.reg.get_person(p.id)
    assert (after.id_number, after.birth_date, after.gender) == (new_id, date(1995, 8, 17), "F")
    rej = w.reg.create_info_correction(p.id, field="id_type", new_value="passport:E12345678", reason="x")
    refused("required", w.reviewer_reg.decide_info_correction, rej.id, approved=False)
    assert w.reviewer_reg.decide_info_correction(rej.id, approved=False, decision="材料不足").state == "rejected"
    assert w.reg.get_person(p.id).id_type == "resident"
