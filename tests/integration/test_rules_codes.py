"""ID region codes through the register service: an unknown GB/T 2260 code is a warning the
clerk confirms, never a refusal; a retired code is accepted as it is (old ID numbers)."""

from __future__ import annotations

from datetime import date

from app.models.db import Database
from tests.helpers.register import World, refused, resident_id


def test_unknown_region_code_needs_the_clerks_confirmation(db: Database) -> None:
    w = World(db)
    unknown = resident_id(date(1970, 1, 1), 1, region="110199")
    err = refused("id_region_unknown", w.reg.create_person, id_number=unknown, name="赵一",
                  mobile="13800138000")
    assert err.params["value"] == "110199" and err.params["province"] == "北京市"
    p = w.reg.create_person(id_number=unknown, name="赵一", mobile="13800138000",
                            confirm_region=True)
    assert p.id_number == unknown
    retired = resident_id(date(1960, 5, 5), 2, region="110103")  # 崇文区, retired in 2010
    assert w.reg.create_person(id_number=retired, name="钱二").id_number == retired


def test_bad_uscc_structure_is_refused_naming_the_rule(db: Database) -> None:
    w = World(db)
    # a valid check character but category 4 under the 工商 authority (9): 1-3 only
    from tests.unit.test_region_codes import make_uscc
    err = refused("uscc_category_code", w.reg.add_employer, uscc=make_uscc("94", "110108"),
                  name="某公司")
    assert err.params["allowed"] == "123"
