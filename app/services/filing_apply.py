"""What an approved filing does to the register (runs inside the approval's transaction).

initial -> a new registration (number given or generated per kind, validity per kind, seal);
change -> the registration and the person move to the new employer; continuation -> the next
validity period; modification -> reason recorded, the practice seal re-issued for 补办;
cancellation -> registration cancelled and the person's current certificates for it revoked;
reregistration -> reactivated, validity per seed 004's half-year rule.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.domain import filing_rules as fr
from app.domain.kinds import KindRules, kind_rules, validate_registration_number
from app.domain.registration_numbers import number_template, registration_province, template_values
from app.domain.validity import (
    Period,
    continued_periods,
    periods_of,
    registration_period,
    reregistration_period,
)
from app.errors import RuleViolation
from app.models import Certificate, Employer, Filing, Person, Qualification, Registration, utcnow
from app.services.audit import append_audit
from app.services.base import Actor, next_sequence
from app.services.certificate_supersede import mark_superseded_by_change, supersede_reason


def _province(employer: Employer | None, person: Person) -> str:
    return registration_province(employer.uscc if employer is not None else None,
                                 person.id_number if person.id_type == "resident" else None)


def generate_registration_number(s: Session, rules: KindRules, specialty: str, person: Person,
                                 employer: Employer | None, today: date) -> str:
    """A realistic number from the kind's ``registration_number_template`` and a serial counted
    per number prefix (so serials restart per year and province, as published numbers do)."""
    template = number_template(rules.code)
    qual = s.scalars(select(Qualification).where(
        Qualification.person_id == person.id, Qualification.kind == rules.code,
        Qualification.specialty == specialty)).first()
    values = template_values(rules, specialty, _province(employer, person), today.year,
                             qual.issued_on.year if qual else today.year)
    prefix = template.prefix(values)
    serial = next_sequence(s, template.counter(prefix))
    return validate_registration_number(rules.code, template.number(prefix, serial), specialty)


def _number_for_initial(s: Session, f: Filing, rules: KindRules, person: Person,
                        employer: Employer | None, today: date, given: str | None) -> str:
    if rules.code == "constructor":
        # 一级建造师 keep one number across their specialties.
        shared = s.scalars(select(Registration.registration_number).where(
            Registration.person_id == person.id, Registration.kind == rules.code)).first()
        if shared and not given:
            return shared
    if not given:
        return generate_registration_number(s, rules, f.specialty, person, employer, today)
    number = validate_registration_number(rules.code, given, f.specialty)
    taken = s.scalars(select(Registration).where(
        Registration.kind == rules.code, Registration.registration_number == number,
        Registration.person_id != person.id)).first()
    if taken is not None:
        raise RuleViolation("registration_number_taken", field="registration_number", value=number)
    return number


def _seal_reissues(s: Session, registration_id: Any) -> int:
    """补办 count so far: approved modifications of this registration with a seal reason."""
    rows = s.scalars(select(Filing.data).where(
        Filing.registration_id == registration_id, Filing.type == fr.MODIFICATION,
        Filing.state == fr.APPROVED)).all()
    return sum(1 for d in rows if (d or {}).get("reason") in fr.SEAL_REISSUE_REASONS)


def revoke_certificates(s: Session, actor: Actor, reg: Registration, reason: str) -> int:
    """Revoke the person's current certificates of this registration (not yet superseded)."""
    now = utcnow()
    certs = s.scalars(select(Certificate).where(
        Certificate.person_id == reg.person_id, Certificate.kind == reg.kind,
        Certificate.registration_number == reg.registration_number,
        Certificate.revoked_at.is_(None), Certificate.superseded_at.is_(None))).all()
    for c in certs:
        c.revoked_at, c.revoke_reason = now, reason
        append_audit(s, actor, "certificate_revoked", "certificate", c.id,
                     {"serial": c.serial, "reason": reason})
    return len(certs)


def apply_approval(s: Session, actor: Actor, f: Filing, today: date,
                   registration_number: str | None = None) -> dict[str, Any]:
    """Apply ``f`` to the register; returns what changed (for the audit entry and the view)."""
    rules = kind_rules(f.kind)
    person = s.get(Person, f.person_id)
    assert person is not None
    employer = s.get(Employer, f.employer_id) if f.employer_id else None
    reg = s.scalars(select(Registration).where(
        Registration.person_id == f.person_id, Registration.kind == f.kind,
        Registration.specialty == f.specialty)).first()
    _recheck(f, reg, rules)
    effect: dict[str, Any] = {"filing": f.number, "type": f.type}

    if f.type in (fr.INITIAL, fr.ADDITION):
        given = registration_number or (f.data or {}).get("registration_number")
        number = _number_for_initial(s, f, rules, person, employer, today, given)
        period = registration_period(rules, today, person.birth_date)
        _check_period(period, rules)
        reg = Registration(person_id=person.id, kind=f.kind, specialty=f.specialty,
                           registration_number=number, employer_id=f.employer_id,
                           valid_from=period.start, valid_until=period.end,
                           seal_number=fr.seal_number(rules, number, 0), state="active",
                           first_registered_on=today)
        s.add(reg)
        s.flush()
        f.registration_id = reg.id
        effect.update(registration_number=number, valid_from=period.start, valid_until=period.end,
                      seal_number=reg.seal_number)
        append_audit(s, actor, "registration_created", "registration", reg.id, effect)
        return effect

    assert reg is not None
    before = _register_state(reg)
    if f.type == fr.CHANGE:
        reg.employer_id = f.employer_id
        person.employer_id = f.employer_id
    elif f.type == fr.CONTINUATION:
        periods = continued_periods(rules, periods_of(reg.valid_from, reg.valid_until,
                                                      reg.prior_valid_from, reg.prior_valid_until),
                                    today, person.birth_date)
        _check_period(periods.latest, rules)
        reg.valid_from, reg.valid_until = periods.latest.start, periods.latest.end
        reg.prior_valid_from = periods.prior.start if periods.prior else None
        reg.prior_valid_until = periods.prior.end if periods.prior else None
    elif f.type == fr.MODIFICATION:
        effect["reason"] = (f.data or {}).get("reason")
        if effect["reason"] in fr.SEAL_REISSUE_REASONS:
            # This filing is not approved yet, so it is not counted by _seal_reissues.
            reg.seal_number = fr.seal_number(rules, reg.registration_number, _seal_reissues(s, reg.id) + 1)
    elif f.type == fr.CANCELLATION:
        reg.state = "cancelled"
        effect["certificates_revoked"] = revoke_certificates(
            s, actor, reg, f"注册已注销（申报 {f.number}）")
    elif f.type == fr.REREGISTRATION:
        previous = Period(reg.valid_from, reg.valid_until)
        period = reregistration_period(rules, previous, today, person.birth_date)
        _check_period(period, rules)
        if (period.start, period.end) != (reg.valid_from, reg.valid_until):
            reg.prior_valid_from = reg.prior_valid_until = None  # a new period replaces both
        reg.state, reg.valid_from, reg.valid_until = "active", period.start, period.end
        reg.employer_id = f.employer_id
    after = _register_state(reg)
    effect["changes"] = {k: [before[k], after[k]] for k in before if before[k] != after[k]}
    s.flush()
    if f.type in (fr.CHANGE, fr.CONTINUATION, fr.MODIFICATION):
        extra = ({"seal_number": [before["seal_number"], after["seal_number"]]}
                 if before["seal_number"] != after["seal_number"] else None)
        effect["certificates_superseded"] = mark_superseded_by_change(
            s, actor, reg.person_id, reg.kind, supersede_reason(f.type, f.number), extra)
    append_audit(s, actor, f"registration_{f.type}", "registration", reg.id, effect)
    return effect


def _register_state(reg: Registration) -> dict[str, Any]:
    return {"state": reg.state, "valid_from": reg.valid_from, "valid_until": reg.valid_until,
            "prior_valid_from": reg.prior_valid_from, "prior_valid_until": reg.prior_valid_until,
            "employer_id": reg.employer_id, "seal_number": reg.seal_number}


def _recheck(f: Filing, reg: Registration | None, rules: KindRules) -> None:
    """The register may have changed since submission (an import, another office's data): the
    state a filing relies on is checked again before it is applied. The continuation window
    is not: a continuation filed in time may be decided after it."""
    sp = rules.specialty(f.specialty)
    label = {"specialty": sp.zh, "specialty_en": sp.en}
    if f.type in (fr.INITIAL, fr.ADDITION):
        if reg is not None:
            raise RuleViolation("initial_already_registered", **label)
        return
    if reg is None:
        raise RuleViolation("registration_required", **label, **fr.type_params(f.type))
    if f.type == fr.REREGISTRATION:
        if reg.state != "cancelled":
            raise RuleViolation("reregistration_needs_cancelled", **label)
    elif reg.state == "cancelled":
        raise RuleViolation("registration_cancelled", **label, **fr.type_params(f.type))
    f.registration_id = reg.id


def _check_period(period: Period, rules: KindRules) -> None:
    # Constructors' validity ends at the 65th birthday; a period ending before it starts means
    # the person is past the cap and cannot be registered (seed 002).
    if period.end < period.start:
        raise RuleViolation("age_cap_reached", age=rules.age_cap_years, cap_date=period.end.isoformat())


def count_open(s: Session, person_id: Any, kind: str, specialty: str, exclude: Any = None) -> str | None:
    """The number of another open filing for the same person, kind and specialty, if any."""
    q = select(Filing.number).where(Filing.person_id == person_id, Filing.kind == kind,
                                    Filing.specialty == specialty, Filing.state.in_(fr.OPEN_STATES))
    if exclude is not None:
        q = q.where(Filing.id != exclude)
    return s.scalars(q.order_by(func.coalesce(Filing.submitted_at, Filing.created_at))).first()
