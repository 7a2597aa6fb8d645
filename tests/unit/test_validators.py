"""ID number, USCC, organisation code and licence identifier: published vectors + properties."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.validators import (
    USCC_ALPHABET,
    USCC_CATEGORIES,
    check_licence_identifier,
    id_check_char,
    licence_identifier,
    normalise_id,
    org_check_char,
    parse_resident_id,
    parse_uscc,
    uscc_check_char,
)
from app.errors import InvalidInput

VALID_IDS = {
    "11010519491231002X": (date(1949, 12, 31), "F"),
    "440524188001010014": (date(1880, 1, 1), "M"),
    "110108198805120316": (date(1988, 5, 12), "M"),
    "440106199508172628": (date(1995, 8, 17), "F"),
    "51010419761203415X": (date(1976, 12, 3), "M"),
}
VALID_USCC = ["91350100M000100Y43", "11100000000013338W", "91110108MA01KQ7E79",
              "12100000400012342E", "51440300MJL1234A5A"]


@pytest.mark.parametrize("number", VALID_IDS)
def test_published_id_numbers_are_valid(number: str) -> None:
    parsed = parse_resident_id(number)
    assert (parsed.birth_date, parsed.gender) == VALID_IDS[number]


def test_lower_case_x_is_accepted_and_stored_upper() -> None:
    assert parse_resident_id("11010519491231002x").number == "11010519491231002X"


@pytest.mark.parametrize(("raw", "code"), [
    ("", "required"),
    ("1101051949123100", "id_length"),
    ("11010519491231002Y", "id_characters"),
    ("110105194902300025", "id_birth_date"),  # 30 February
    ("110105194912310021", "id_check_char"),
])
def test_bad_id_numbers_name_the_rule(raw: str, code: str) -> None:
    with pytest.raises(InvalidInput) as err:
        parse_resident_id(raw)
    assert err.value.code == code
    assert err.value.field == "id_number"


@st.composite
def resident_ids(draw: st.DrawFn) -> str:
    region = draw(st.sampled_from(["110105", "440524", "510104", "320102", "650102"]))
    birth = draw(st.dates(min_value=date(1900, 1, 1), max_value=date.today() - timedelta(days=1)))
    seq = draw(st.integers(0, 999))
    first17 = f"{region}{birth:%Y%m%d}{seq:03d}"
    return first17 + id_check_char(first17)


@given(resident_ids())
def test_generated_ids_round_trip(number: str) -> None:
    parsed = parse_resident_id(number)
    assert parsed.number == number
    assert parsed.gender == ("M" if int(number[16]) % 2 else "F")


@given(resident_ids(), st.integers(0, 16), st.integers(1, 9))
def test_any_single_digit_change_is_caught(number: str, pos: int, delta: int) -> None:
    digit = (int(number[pos]) + delta) % 10
    changed = number[:pos] + str(digit) + number[pos + 1:]
    with pytest.raises(InvalidInput):
        parse_resident_id(changed)


@given(resident_ids(), st.integers(0, 15))
def test_adjacent_transpositions_are_caught(number: str, pos: int) -> None:
    a, b = number[pos], number[pos + 1]
    if a == b:
        return
    swapped = number[:pos] + b + a + number[pos + 2:]
    with pytest.raises(InvalidInput):
        parse_resident_id(swapped)


@pytest.mark.parametrize("code", VALID_USCC)
def test_published_usccs_are_valid(code: str) -> None:
    assert parse_uscc(code.lower()) == code


@pytest.mark.parametrize(("raw", "code"), [
    ("9135010000100Y43", "uscc_length"),
    ("91350100M000100O43", "uscc_characters"),
    ("91350100M000100Y44", "uscc_check_char"),
])
def test_bad_usccs_name_the_rule(raw: str, code: str) -> None:
    with pytest.raises(InvalidInput) as err:
        parse_uscc(raw)
    assert err.value.code == code


@st.composite
def usccs(draw: st.DrawFn) -> str:
    # GB 32100: authority + its category + a GB/T 2260 region (a province's, or 100000)
    authority = draw(st.sampled_from(sorted(USCC_CATEGORIES)))
    category = draw(st.sampled_from(USCC_CATEGORIES[authority]))
    region = draw(st.sampled_from(["100000", "110108", "310115", "440106", "650102", "350100"]))
    head = authority + category + region
    org8 = draw(st.text("0123456789ABCDEFGHJKLMNPQRTUWXY", min_size=8, max_size=8))
    first17 = head + org8 + org_check_char(org8)  # the org check char (0-9, X) is in the alphabet
    return first17 + uscc_check_char(first17)


@given(usccs())
def test_generated_usccs_round_trip(code: str) -> None:
    assert parse_uscc(code) == code


@given(usccs(), st.integers(0, 16), st.integers(1, 30))
def test_any_single_uscc_character_change_is_caught(code: str, pos: int, delta: int) -> None:
    new = USCC_ALPHABET[(USCC_ALPHABET.index(code[pos]) + delta) % 31]
    with pytest.raises(InvalidInput):
        parse_uscc(code[:pos] + new + code[pos + 1:])


def test_organisation_code_check_digit_definition() -> None:
    # Weighted sum 3 7 9 10 5 8 4 2; check = 11 - sum mod 11, 10 -> X, 11 -> 0.
    assert org_check_char("M000100Y") == "4"   # from 91350100M000100Y43
    assert org_check_char("00001333") == "8"   # from 11100000000013338W


def test_published_licence_identifier_vector() -> None:
    vector = "1.2.156.3005.2.11100000000013338W011.11110000000021135M.20230329701.003.Y"
    assert check_licence_identifier(vector)
    assert licence_identifier("11100000000013338W011", "11110000000021135M", "20230329701", "003") == vector
    assert not check_licence_identifier(vector[:-1] + "Z")


def test_other_id_types_validate_only_their_own_rules() -> None:
    assert normalise_id("passport", " e1234567 ") == "E1234567"
    with pytest.raises(InvalidInput) as err:
        normalise_id("passport", "E1")
    assert err.value.code == "id_format"
    with pytest.raises(InvalidInput) as err:
        normalise_id("driving_licence", "123")
    assert err.value.code == "id_type_unknown"
