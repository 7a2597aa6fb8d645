"""SearchService on SQLite and PostgreSQL: every query kind, pinyin readings, paging, roles."""

from __future__ import annotations

import uuid

import pytest

from app.errors import InvalidInput, PermissionDenied
from app.models.db import Database
from app.services.base import Actor
from app.services.search_service import SearchService, mask_id_number
from app.services.search_streams import succ
from tests.helpers.search_register import CLERK, PEOPLE, fill


@pytest.fixture
def register(db: Database) -> dict[str, uuid.UUID]:
    return fill(db)


def names(db: Database, query: str, limit: int = 50) -> list[str]:
    return [h.name for h in SearchService(db, CLERK).search(query, limit=limit).hits]


def test_initials_and_full_pinyin(db: Database, register: dict[str, uuid.UUID]) -> None:
    assert names(db, "zs") == ["张三", "张三丰"]
    assert names(db, "zhangsan") == ["张三", "张三丰"]
    assert names(db, "Zhang San") == ["张三", "张三丰"]  # spaces and case do not matter
    assert names(db, "zsf") == ["张三丰"]
    assert names(db, "oyx") == ["欧阳修"]


@pytest.mark.parametrize("query", ["zeng", "ceng", "zgf", "cgf"])
def test_polyphonic_surname_found_by_each_reading(db: Database, register: dict[str, uuid.UUID],
                                                  query: str) -> None:
    assert names(db, query) == ["曾国藩"]


@pytest.mark.parametrize("query", ["shantianfang", "dantianfang", "stf", "dtf"])
def test_shan_found_as_shan_and_dan(db: Database, register: dict[str, uuid.UUID], query: str) -> None:
    assert names(db, query) == ["单田芳"]


def test_rare_characters(db: Database, register: dict[str, uuid.UUID]) -> None:
    assert names(db, "liuyan") == ["刘䶮"]
    assert names(db, "刘䶮") == ["刘䶮"]
    assert names(db, "wangkun") == ["王堃"]
    assert names(db, "liyue") == ["李玥"]
    assert names(db, "王𠇔") == ["王𠇔明"]  # Extension B: found by the name itself
    assert "王𠇔明" in names(db, "王")
    assert names(db, "lvbu") == names(db, "lubu") == ["吕布"]


def test_id_number_prefix_full_and_lower_case_x(db: Database, register: dict[str, uuid.UUID]) -> None:
    assert names(db, "1101011990") == ["张三"]
    assert names(db, "110101199001011237") == ["张三"]
    assert names(db, "51010419761203415x") == ["单田芳"]
    # 110101 is the start of two ID numbers and of two architects' numbers (1101012345 ...)
    hits = SearchService(db, CLERK).search("110101").hits
    assert [(h.name, h.matched_by) for h in hits] == [
        ("张三丰", "id_number"), ("张三", "id_number"), ("曾国藩", "registration")]


def test_registration_numbers_of_each_kind(db: Database, register: dict[str, uuid.UUID]) -> None:
    assert names(db, "S1741") == ["张三", "欧阳修"]
    assert names(db, "s174101880") == ["张三"]
    assert names(db, "京1110") == ["张三丰"]  # one person although two rows share the number
    assert names(db, "AY18") == ["刘䶮"]
    assert names(db, "1101099") == ["吕布"]


def test_employer_by_uscc_and_by_name(db: Database, register: dict[str, uuid.UUID]) -> None:
    assert sorted(names(db, "91350100M")) == sorted(["张三", "张三丰", "欧阳修"])
    assert sorted(names(db, "中建三局")) == sorted(["张三", "张三丰", "欧阳修"])
    hit = SearchService(db, CLERK).search("北京城建").hits[0]
    assert hit.employer_name == "北京城建建设集团有限公司" and hit.matched_by == "employer"


def test_hit_carries_what_the_table_shows(db: Database, register: dict[str, uuid.UUID]) -> None:
    hit = SearchService(db, CLERK).search("张三丰").hits[0]
    assert hit.person_id == register["张三丰"]
    assert hit.id_number == "110101198003070016"
    assert hit.id_number_masked == "110101********0016"
    assert hit.employer_name == "中建三局第一建设工程有限责任公司"
    assert hit.registration_numbers == ("京111050700001",)
    assert {(r.kind, r.specialty) for r in hit.registrations} == {
        ("constructor", "building"), ("constructor", "municipal")}
    with pytest.raises(AttributeError):
        hit.name = "x"  # type: ignore[misc]


@pytest.mark.parametrize("query", ["", "1", "z", "中"])
def test_pages_cover_every_match_once_in_a_stable_order(db: Database,
                                                        register: dict[str, uuid.UUID],
                                                        query: str) -> None:
    svc = SearchService(db, CLERK)
    whole = [h.person_id for h in svc.search(query, limit=100).hits]
    assert len(whole) == len(set(whole)) == svc.count(query) > 0
    by_offset, by_cursor, cold = [], [], []
    page = svc.search(query, limit=3)
    by_cursor += [h.person_id for h in page.hits]
    while page.next_cursor is not None:
        page = svc.search_after(page.next_cursor, limit=3)
        by_cursor += [h.person_id for h in page.hits]
    for offset in range(0, len(whole) + 3, 3):
        by_offset += [h.person_id for h in svc.search(query, limit=3, offset=offset).hits]
        # a fresh service has no remembered cursor: the offset is found without it
        cold += [h.person_id for h in SearchService(db, CLERK).search(query, 3, offset).hits]
    assert by_offset == by_cursor == cold == whole
    assert svc.search(query, limit=3, offset=len(whole)).hits == ()


def test_empty_query_lists_everybody_by_name(db: Database, register: dict[str, uuid.UUID]) -> None:
    listed = names(db, "")
    assert sorted(listed) == sorted(n for n, *_ in PEOPLE)
    assert listed == sorted(listed)  # code-point order on both backends


def test_roles_and_bad_input(db: Database, register: dict[str, uuid.UUID]) -> None:
    with pytest.raises(PermissionDenied):
        SearchService(db, Actor("desk", "helpdesk")).search("zs")
    svc = SearchService(db, CLERK)
    for query in ("@@", "x" * 101):
        with pytest.raises(InvalidInput) as err:
            svc.search(query)
        assert err.value.field == "query"
    with pytest.raises(InvalidInput):
        svc.search("zs", limit=0)
    with pytest.raises(InvalidInput):
        svc.search("zs", offset=-1)
    assert svc.search("nobody").hits == () and svc.count("nobody") == 0


def test_prefix_upper_bound() -> None:
    assert succ("zs") == "zt"
    assert succ("张") == chr(ord("张") + 1)
    assert succ("a\U0010ffff") == "b"
    assert succ("\U0010ffff") is None
    assert succ("\ud7ff") == "\ue000"  # skips the surrogates, which cannot be stored
    assert mask_id_number("110101199001011237") == "110101********1237"
