"""Registration validity, use window, continuation window and re-registration (domain.md 4-5)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.kinds import kind_rules, validate_registration_number
from app.domain.validity import (
    ContinuationPolicy,
    Period,
    Periods,
    add_months,
    age_on,
    anniversary,
    continuation_period,
    continuation_window,
    continued_periods,
    registration_period,
    reregistration_period,
    use_window,
)
from app.errors import InvalidInput

ARCH, CONS, ENG = kind_rules("architect"), kind_rules("constructor"), kind_rules("engineer")
YOUNG = date(1985, 6, 15)


def test_use_window_is_180_days_from_annotation() -> None:
    w = use_window(ARCH, date(2026, 1, 1), date(2027, 12, 31), YOUNG)
    assert (w.start, w.days, w.cut_by) == (date(2026, 1, 1), 180, None)
    assert w.end == date(2026, 6, 29)


def test_use_window_cut_at_registration_expiry() -> None:
    w = use_window(ENG, date(2026, 1, 1), date(2026, 3, 31), YOUNG)
    assert (w.end, w.cut_by) == (date(2026, 3, 31), "registration_expiry")


def test_use_window_cut_at_65th_birthday_for_constructors_only() -> None:
    birth = date(1961, 3, 10)  # 65 on 2026-03-10
    cons = use_window(CONS, date(2026, 1, 1), date(2027, 12, 31), birth)
    assert (cons.end, cons.cut_by) == (date(2026, 3, 10), "age_cap")
    arch = use_window(ARCH, date(2026, 1, 1), date(2027, 12, 31), birth)
    assert arch.cut_by is None


def test_earliest_cut_wins() -> None:
    birth = date(1961, 3, 10)
    w = use_window(CONS, date(2026, 1, 1), date(2026, 2, 1), birth)
    assert (w.end, w.cut_by) == (date(2026, 2, 1), "registration_expiry")


def test_29_february_birthday_reaches_65_on_1_march_in_common_years() -> None:
    birth = date(1961 - 1, 2, 29)  # 1960 is a leap year; 2025 is not
    assert anniversary(birth, 65) == date(2025, 3, 1)
    assert age_on(birth, date(2025, 2, 28)) == 64
    assert age_on(birth, date(2025, 3, 1)) == 65
    w = use_window(CONS, date(2025, 1, 2), date(2027, 1, 1), birth)
    assert (w.end, w.cut_by) == (date(2025, 3, 1), "age_cap")


def test_29_february_birthday_in_a_leap_year_is_that_day() -> None:
    assert anniversary(date(1964, 2, 29), 64) == date(2028, 2, 29)


def test_registration_validity_years_per_kind() -> None:
    assert registration_period(ARCH, date(2026, 1, 1), YOUNG).end == date(2027, 12, 31)
    assert registration_period(CONS, date(2026, 1, 1), YOUNG).end == date(2028, 12, 31)
    assert registration_period(ENG, date(2026, 1, 1), YOUNG).end == date(2028, 12, 31)


def test_constructor_validity_capped_on_the_65th_birthday() -> None:
    p = registration_period(CONS, date(2026, 1, 1), date(1962, 7, 1))
    assert (p.end, p.cut_by) == (date(2027, 7, 1), "age_cap")


def test_continuation_window_is_the_last_half_year() -> None:
    w = continuation_window(ContinuationPolicy(6, 0, True), date(2024, 9, 1), date(2026, 8, 31))
    assert (w.start, w.end) == (date(2026, 3, 1), date(2026, 8, 31))
    assert not w.contains(date(2026, 2, 28))
    assert w.contains(date(2026, 3, 1)) and w.contains(date(2026, 8, 31))
    assert not w.contains(date(2026, 9, 1))


def test_constructor_continuation_counts_from_approval() -> None:
    p = continuation_period(CONS, date(2026, 12, 31), date(2026, 10, 1), YOUNG)
    assert p.start == date(2026, 10, 1) and p.end == date(2029, 9, 30)


def test_architect_continuation_follows_on_from_old_expiry() -> None:
    p = continuation_period(ARCH, date(2026, 12, 31), date(2026, 10, 1), YOUNG)
    assert (p.start, p.end) == (date(2027, 1, 1), date(2028, 12, 31))


def test_constructor_window_has_a_deadline_and_no_stated_opening() -> None:
    w = continuation_window(ContinuationPolicy(0, 30, True), date(2024, 1, 1), date(2026, 12, 31))
    assert (w.start, w.end) == (date(2024, 1, 1), date(2026, 12, 1))


def test_architect_continuation_before_expiry_keeps_the_current_period_in_force() -> None:
    # 004 §3.3: approved 59 days before expiry, the current period stays in force to its end
    # and the next one begins the day after: usable every day, no gap, no overlap.
    current = Periods(Period(date(2025, 2, 4), date(2027, 2, 3)))
    after = continued_periods(ARCH, current, date(2026, 12, 6), YOUNG)
    assert after.prior == Period(date(2025, 2, 4), date(2027, 2, 3))
    assert after.latest == Period(date(2027, 2, 4), date(2029, 2, 3))
    day = date(2026, 12, 6)
    while day <= date(2029, 2, 3):
        in_force = after.in_force(day)
        assert in_force is not None and in_force.contains(day), day
        day += timedelta(days=1)
    assert after.in_force(date(2027, 2, 3)) == after.prior
    assert after.in_force(date(2027, 2, 4)) == after.latest
    assert after.upcoming(date(2027, 1, 1)) == after.latest and after.upcoming(date(2027, 3, 1)) is None


def test_constructor_continuation_starts_on_approval_with_no_overlap() -> None:
    # 002 二(二)4 "有效期从准予延续注册之日起计算": the new period replaces the old one at once.
    current = Periods(Period(date(2024, 1, 1), date(2026, 12, 31)))
    after = continued_periods(CONS, current, date(2026, 10, 1), YOUNG)
    assert after.prior is None and after.latest.start == date(2026, 10, 1)
    assert after.in_force(date(2026, 10, 1)) == after.latest


def test_lapsed_architect_continuation_starts_on_approval() -> None:
    current = Periods(Period(date(2024, 1, 1), date(2025, 12, 31)))
    after = continued_periods(ARCH, current, date(2026, 3, 1), YOUNG)
    assert after.prior is None and after.latest == Period(date(2026, 3, 1), date(2028, 2, 29))


def test_reregistration_keeps_validity_with_more_than_half_a_year_left() -> None:
    old = Period(date(2025, 1, 1), date(2026, 12, 31))
    assert reregistration_period(ARCH, old, date(2026, 3, 1), YOUNG) == old


def test_reregistration_extends_inside_the_last_half_year() -> None:
    old = Period(date(2025, 1, 1), date(2026, 12, 31))
    p = reregistration_period(ARCH, old, date(2026, 9, 1), YOUNG)
    assert p.start == date(2027, 1, 1) and p.end > old.end


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2060, 12, 31)),
       st.dates(min_value=date(2000, 1, 1), max_value=date(2062, 12, 31)),
       st.dates(min_value=date(1940, 1, 1), max_value=date(2000, 12, 31)),
       st.sampled_from([ARCH, CONS, ENG]))
def test_use_window_never_exceeds_any_limit(annotated: date, reg_end: date, birth: date, rules) -> None:  # type: ignore[no-untyped-def]
    w = use_window(rules, annotated, reg_end, birth)
    assert w.start == annotated
    assert w.end <= annotated + timedelta(days=179)
    if reg_end >= annotated:
        assert w.end <= reg_end
    if rules.age_cap_years:
        assert w.end <= anniversary(birth, 65)


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)), st.integers(-40, 40))
def test_add_months_stays_in_target_month(d: date, months: int) -> None:
    r = add_months(d, months)
    assert (r.year * 12 + r.month) - (d.year * 12 + d.month) == months
    assert r.day <= d.day


@pytest.mark.parametrize(("kind", "number", "specialty"), [
    ("constructor", "京111050700001", None),
    ("constructor", "军1234567890123456", "building"),
    ("engineer", "S174101880", "structural"),
    ("engineer", "AY174101880", "geotechnical"),
    ("architect", "1234567890", None),
])
def test_registration_numbers_per_kind(kind: str, number: str, specialty: str | None) -> None:
    assert validate_registration_number(kind, number, specialty) == number


@pytest.mark.parametrize(("kind", "number", "specialty", "code"), [
    ("constructor", "X111050700001", None, "registration_number_format"),
    ("engineer", "S17410188", "structural", "registration_number_format"),
    ("engineer", "AY174101880", "structural", "registration_number_prefix"),
    ("engineer", "S174101880", "nonsense", "specialty_unknown"),
])
def test_bad_registration_numbers(kind: str, number: str, specialty: str | None, code: str) -> None:
    with pytest.raises(InvalidInput) as err:
        validate_registration_number(kind, number, specialty)
    assert err.value.code == code


def test_unknown_kind_is_refused() -> None:
    with pytest.raises(InvalidInput) as err:
        kind_rules("plumber")
    assert err.value.code == "kind_unknown"
