"""What the filing rules are checked against, gathered from the register inside a session.

:mod:`app.domain.filing_rules` decides on plain facts; this module collects them for one
filing (its registration, the person's qualification and employer, another open filing for
the same specialty, the uploads) and numbers new filings. Shared by the filing use cases.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain import filing_rules as fr
from app.domain.kinds import kind_rules
from app.domain.validity import age_cap_date
from app.models import Filing, Person, Qualification, Registration
from app.services.attachment_service import filing_upload_purposes
from app.services.base import next_sequence
from app.services.filing_apply import count_open
from app.services.office_role import is_field_office
from app.services.office_settings import OFFICE_USCC, continuation_policy, read_setting


def registration_of(s: Session, person_id: uuid.UUID, kind: str, specialty: str) -> Registration | None:
    return s.scalars(select(Registration).where(
        Registration.person_id == person_id, Registration.kind == kind,
        Registration.specialty == specialty)).first()


def filing_number(s: Session, today: date) -> str:
    number = f"SB{today.year}{next_sequence(s, f'filing:{today.year}'):06d}"
    # Issue 12: a field office's filings travel to the central register, whose own counter
    # gives the same numbers; the office's organisation code (USCC characters 9-17) keeps
    # them apart: SB2026000001-MA01KQ7E7.
    if is_field_office(s):
        uscc = read_setting(s, OFFICE_USCC)
        if len(uscc) == 18:
            number = f"{number}-{uscc[8:17]}"
    return number


def check_filing(s: Session, f: Filing, person: Person, today: date, *, at_submission: bool) -> None:
    """Every rule of the filing's type against the register as it is now."""
    rules = kind_rules(f.kind)
    reg = registration_of(s, person.id, f.kind, f.specialty)
    has_qual = s.scalars(select(Qualification.id).where(
        Qualification.person_id == person.id, Qualification.kind == f.kind,
        Qualification.specialty == f.specialty)).first() is not None
    facts = fr.FilingFacts(
        filing_type=f.type, specialty_label=rules.specialty(f.specialty).zh,
        specialty_label_en=rules.specialty(f.specialty).en, today=today,
        registration=fr.RegistrationFacts(reg.state, reg.valid_from, reg.valid_until,
                                          str(reg.employer_id) if reg.employer_id else None)
        if reg else None,
        has_qualification=has_qual,
        person_employer_id=str(person.employer_id) if person.employer_id else None,
        new_employer_id=str(f.employer_id) if f.employer_id else None,
        open_filing_number=count_open(s, person.id, f.kind, f.specialty, exclude=f.id),
        uploads=filing_upload_purposes(s, f.id) if f.id else frozenset(),
        data=f.data, age_cap_date=age_cap_date(person.birth_date, rules),
        kind=f.kind, kind_registered=s.scalars(select(Registration.id).where(
            Registration.person_id == person.id, Registration.kind == f.kind,
            Registration.specialty != f.specialty, Registration.state == "active")).first() is not None,
        continuation=continuation_policy(s, f.kind), kind_label=rules.name_zh,
        kind_label_en=rules.name_en)
    fr.check_filing(facts, rules, at_submission=at_submission)


def jsonable(value: Any) -> Any:
    """``value`` with dates and UUIDs as text (the approval's effect is stored in JSON)."""
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    if isinstance(value, (date, uuid.UUID)):
        return str(value)
    return value
