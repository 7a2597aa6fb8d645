"""GB/T 2260 region codes (shipped as data) and the USCC's GB 32100 structure."""

from __future__ import annotations

import pytest

from app.domain import region_codes
from app.domain.validators import org_check_char, parse_uscc, uscc_check_char
from app.errors import InvalidInput
from app.messages import describe


def make_uscc(head: str, region: str, org8: str = "MA01KQ7E") -> str:
    first17 = head + region + org8 + org_check_char(org8)
    return first17 + uscc_check_char(first17)


def test_current_retired_and_unknown_region_codes() -> None:
    assert region_codes.lookup("110108").status == region_codes.CURRENT
    assert region_codes.lookup("110108").name == "海淀区"
    retired = region_codes.lookup("110103")  # 崇文区, merged into 东城区 in 2010
    assert retired.status == region_codes.RETIRED and retired.name == "崇文区"
    unknown = region_codes.lookup("110199")
    assert unknown.status == region_codes.UNKNOWN and unknown.province == "北京市"
    assert region_codes.lookup("990101").province is None


@pytest.mark.parametrize(("head", "region", "code"), [
    ("B1", "110108", "uscc_authority_code"),      # no registration authority "B"
    ("94", "110108", "uscc_category_code"),       # 工商 has categories 1-3 only
    ("Y2", "110108", "uscc_region_code"),          # 其他 has category 1 only -> category first
    ("91", "990108", "uscc_region_code"),          # no province 99
])
def test_uscc_structure_is_checked_and_the_rule_named(head: str, region: str, code: str) -> None:
    value = make_uscc(head, region)
    with pytest.raises(InvalidInput) as exc:
        parse_uscc(value)
    expected = "uscc_category_code" if head == "Y2" else code
    assert exc.value.code == expected
    assert "GB" in describe(exc.value, "zh") and "GB" in describe(exc.value, "en")


@pytest.mark.parametrize(("head", "region"), [("91", "110108"), ("11", "100000"), ("52", "440106"),
                                              ("93", "320581"), ("Y1", "650100"), ("N2", "130100")])
def test_valid_uscc_of_every_kind_of_authority(head: str, region: str) -> None:
    value = make_uscc(head, region)
    assert parse_uscc(value) == value
