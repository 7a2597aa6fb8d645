"""Date arithmetic of registrations and certificates.

- registration validity per kind (start + N years - 1 day; constructors capped at the 65th
  birthday, inclusive: seed 002 "有效期截至65周岁当日"),
- the certificate use window (180 days from annotation, cut at the registration's expiry and,
  for constructors, at the 65th birthday — seeds 000/002),
- the continuation window (only in the half year before expiry — seed 004),
- the re-registration rule (keep validity if more than half a year is left, otherwise extend —
  seed 004).
The exact conventions (29 February, "minus one day") come from ``resources/rules/common.toml``.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from app.domain.kinds import KindRules
from app.resources import load_toml


def _common() -> dict[str, object]:
    return load_toml("rules", "common.toml")


def add_months(d: date, months: int) -> date:
    """Calendar months; a day that does not exist in the target month clamps to its end."""
    month_index = d.month - 1 + months
    year, month = d.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


def anniversary(d: date, years: int) -> date:
    """The same calendar day ``years`` later; 29 February per the configured convention."""
    year = d.year + years
    if d.month == 2 and d.day == 29 and not calendar.isleap(year):
        return date(year, 3, 1) if _common()["feb29_anniversary"] == "mar1" else date(year, 2, 28)
    return d.replace(year=year)


def age_cap_date(birth_date: date, rules: KindRules) -> date | None:
    """The last day a holder of this kind may be registered (the capped birthday), or None."""
    if not rules.age_cap_years:
        return None
    return anniversary(birth_date, rules.age_cap_years)


def age_on(birth_date: date, on: date) -> int:
    years = on.year - birth_date.year
    return years if anniversary(birth_date, years) <= on else years - 1


@dataclass(frozen=True)
class Period:
    start: date
    end: date  # inclusive
    cut_by: str | None = None  # None / "registration_expiry" / "age_cap"

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


def registration_period(rules: KindRules, start: date, birth_date: date) -> Period:
    offset = int(_common()["validity_end_offset_days"])  # type: ignore[call-overload]
    end = anniversary(start, rules.validity_years) - timedelta(days=offset)
    cap = age_cap_date(birth_date, rules)
    if cap is not None and cap < end:
        return Period(start, cap, "age_cap")
    return Period(start, end)


def continuation_period(rules: KindRules, old_end: date, approved_on: date, birth_date: date) -> Period:
    """New validity after an approved continuation.

    Constructors (seed 002 "有效期从准予延续注册之日起计算"): from the approval day, which ends
    the old period the day before. Architects and engineers (seed 004 §3.3): approved before
    expiry, the new period starts the day after the old expiry and the old one stays in force
    until then (:func:`continued_periods`); approved after lapse (an assumption, see
    docs/rules.md) it starts on the approval day, as there is no period to follow on from."""
    if rules.continuation_counts_from == "approval":
        start = approved_on
    else:
        start = max(old_end + timedelta(days=1), approved_on)
    return registration_period(rules, start, birth_date)


@dataclass(frozen=True)
class Periods:
    """A registration's periods: the latest granted and, until it begins, the one in force."""

    latest: Period
    prior: Period | None = None  # set only while a continued period has not begun

    def in_force(self, day: date) -> Period | None:
        """The period in force on ``day``, or None (not yet begun, or lapsed). The two never
        overlap and leave no gap: prior.end + 1 day == latest.start."""
        if self.prior is not None and self.prior.contains(day):
            return self.prior
        return self.latest if self.latest.contains(day) else None

    def upcoming(self, day: date) -> Period | None:
        """The recorded next period, while the period in force on ``day`` is the prior one."""
        return self.latest if self.prior is not None and self.prior.contains(day) else None


def periods_of(valid_from: date, valid_until: date, prior_from: date | None,
               prior_until: date | None) -> Periods:
    """The periods from a registration's columns (see app.models.people.Registration)."""
    prior = Period(prior_from, prior_until) if prior_from and prior_until else None
    return Periods(Period(valid_from, valid_until), prior)


def continued_periods(rules: KindRules, current: Periods, approved_on: date,
                      birth_date: date) -> Periods:
    """The periods after an approved continuation: the new period is the latest; the period
    in force on the approval day stays in force until the new one begins (never overlapping)."""
    new = continuation_period(rules, current.latest.end, approved_on, birth_date)
    in_force = current.in_force(approved_on)
    if in_force is not None and new.start > approved_on:
        return Periods(new, Period(in_force.start, new.start - timedelta(days=1), in_force.cut_by))
    return Periods(new)


@dataclass(frozen=True)
class ContinuationPolicy:
    """When a kind's continuation may be filed: office settings, defaults from the seeds
    (docs/rules.md). ``opens_months`` 0 means no opening day is stated: from the period's
    start; ``deadline_days`` N means filing closes N days before expiry."""

    opens_months: int
    deadline_days: int
    after_lapse: bool  # a lapsed registration may still file a continuation


def continuation_window(policy: ContinuationPolicy, valid_from: date, valid_until: date) -> Period:
    """The days before expiry on which a continuation may be filed."""
    opens = valid_from
    if policy.opens_months:
        opens = max(opens, add_months(valid_until, -policy.opens_months) + timedelta(days=1))
    return Period(opens, valid_until - timedelta(days=policy.deadline_days))


def use_window(rules: KindRules, annotated_on: date, registration_end: date, birth_date: date) -> Period:
    """The certificate's 使用有效期: 180 days, cut at expiry and (constructors) the age cap."""
    includes_start = bool(_common()["use_window_includes_start_day"])
    end = annotated_on + timedelta(days=rules.use_window_days - (1 if includes_start else 0))
    cut_by: str | None = None
    if registration_end < end:
        end, cut_by = registration_end, "registration_expiry"
    cap = age_cap_date(birth_date, rules)
    if cap is not None and cap < end:
        end, cut_by = cap, "age_cap"
    return Period(annotated_on, end, cut_by)


def reregistration_period(rules: KindRules, previous: Period, approved_on: date, birth_date: date) -> Period:
    """Re-registration after cancellation (seed 004): more than half a year left keeps the old
    validity; within the last half year (or lapsed) it is extended automatically."""
    keep_until = add_months(approved_on, rules.reregistration_keep_months)
    if previous.end > keep_until:
        return Period(previous.start, previous.end, previous.cut_by)
    return continuation_period(rules, previous.end, approved_on, birth_date)
