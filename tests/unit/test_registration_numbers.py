"""Registration numbers from the kinds' templates (shared by approval and the demo register)."""

from __future__ import annotations

from datetime import UTC

from app.domain.clock import utcnow
from app.domain.kinds import KINDS, kind_rules, validate_registration_number
from app.domain.registration_numbers import (
    DEFAULT_PROVINCE,
    number_template,
    registration_province,
    template_values,
)

USCC_FUJIAN = "91350100M000100Y43"  # division code 35 (Fujian)
RESIDENT_ID_HUBEI = "420106198506150017"


def test_province_is_the_employers_then_the_persons_then_beijing() -> None:
    assert registration_province(USCC_FUJIAN, RESIDENT_ID_HUBEI) == "35"
    assert registration_province(None, RESIDENT_ID_HUBEI) == "42"
    assert registration_province("9199" + USCC_FUJIAN[4:], RESIDENT_ID_HUBEI) == "42"  # no such province
    assert registration_province(None, None) == DEFAULT_PROVINCE == "11"


def test_constructor_number_is_military_region_character_and_16_digits() -> None:
    # 002: "由军地代字和16位数字编码组成"; the layout of the digits is the template's (a setting).
    rules = kind_rules("constructor")
    template = number_template("constructor")
    prefix = template.prefix(template_values(rules, "building", "35", 2026, 2019))
    assert prefix == "闽135" + "2019" + "2026"
    assert template.counter(prefix) == "regno:constructor:闽13520192026"
    number = template.number(prefix, 7)
    assert number == "闽1352019202600007"
    assert len(number) == 17 and number[1:].isdigit()
    assert validate_registration_number("constructor", number) == number


def test_every_kinds_template_makes_a_valid_number() -> None:
    for kind in KINDS:
        rules = kind_rules(kind)
        specialty = next(iter(rules.specialties))
        template = number_template(kind)
        number = template.number(template.prefix(
            template_values(rules, specialty, "11", 2026, 2020)), 12345)
        assert validate_registration_number(kind, number, specialty) == number
        assert "{serial" not in template.head and template.tail.startswith("{serial")


def test_counter_names_fit_the_sequences_column() -> None:
    assert len(number_template("engineer").counter("X" * 60)) == 40


def test_utcnow_is_aware_utc() -> None:
    assert utcnow().tzinfo is UTC
