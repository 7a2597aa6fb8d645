"""Shared pieces of the register services: frozen views of persons, employers, qualifications
and registrations, and the validation of personal details (used by the register service and by
an approved 信息更正)."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from app.domain import filing_rules as fr
from app.domain.kinds import kind_rules
from app.domain.region_codes import UNKNOWN as UNKNOWN_REGION
from app.domain.region_codes import lookup as region_lookup
from app.domain.validators import normalise_id, parse_resident_id
from app.domain.validity import ContinuationPolicy, periods_of
from app.errors import ConcurrentEdit, InvalidInput, NotFound, RuleViolation
from app.models import Employer, Filing, Person, Qualification, Registration
from app.services.filing_views import FilingSummary

DERIVED_ID_TYPES = ("resident", "hk_mo_tw_residence")  # GB 11643 form: birth date and gender inside
_NAME_BAD = re.compile(r"[\d\x00-\x1f\x7f]")
_MOBILE = re.compile(r"^1\d{10}$")
PERSON_FIELDS = frozenset({"name", "id_type", "id_number", "gender", "birth_date", "mobile",
                           "employer_id", "employment_start", "employment_end", "operator_mobile"})
IDENTITY_FIELDS = frozenset({"name", "id_type", "id_number", "gender", "birth_date"})


@dataclass(frozen=True)
class EmployerView:
    id: uuid.UUID
    uscc: str
    name: str
    industry: str | None
    qualification_cert_no: str | None  # None: the employer has no enterprise qualification
    version: int


@dataclass(frozen=True)
class EmployerInput:
    """The employer as the person form names it: found by USCC, or created with these details.

    Creating or updating a person with one is a single use case: the employer is looked up or
    added in the same transaction as the person, so a refused person leaves no stray employer.
    An employer found by its USCC keeps its stored name and details.
    """

    uscc: str
    name: str = ""
    industry: str | None = None
    qualification_cert_no: str | None = None  # None: the employer has no enterprise qualification


@dataclass(frozen=True)
class PersonView:
    id: uuid.UUID
    id_type: str
    id_number: str
    name: str
    gender: str
    birth_date: date
    mobile: str | None
    employer_id: uuid.UUID | None
    employer_name: str | None
    employer_uscc: str | None
    employment_start: date | None
    employment_end: date | None  # None: no fixed term
    operator_mobile: str | None
    social_security_flag: bool
    version: int


@dataclass(frozen=True)
class QualificationView:
    id: uuid.UUID
    person_id: uuid.UUID
    kind: str
    specialty: str
    specialty_label: str
    certificate_number: str
    issued_on: date


@dataclass(frozen=True)
class RegistrationView:
    id: uuid.UUID
    person_id: uuid.UUID
    person_name: str
    kind: str
    kind_label: str
    specialty: str
    specialty_label: str
    registration_number: str
    employer_id: uuid.UUID | None
    employer_name: str | None
    valid_from: date  # the period in force today (the latest one when none is)
    valid_until: date
    seal_number: str | None
    state: str  # active / cancelled
    status: str  # as of today: active / expired / cancelled
    days_left: int  # until the registration's final expiry (negative once expired)
    first_registered_on: date
    version: int
    # A continuation approved before expiry: the next period, recorded, not yet in force.
    next_valid_from: date | None = None
    next_valid_until: date | None = None


@dataclass(frozen=True)
class PersonRecord:
    person: PersonView
    qualifications: tuple[QualificationView, ...]
    registrations: tuple[RegistrationView, ...]
    has_photo: bool
    has_signature: bool
    filings: tuple[FilingSummary, ...]
    employer: EmployerView | None  # the person's employer with its details (the person form)
    # The office's continuation rules per kind (settings; docs/rules.md), for the wizard.
    continuation: tuple[tuple[str, ContinuationPolicy], ...] = ()


# --- conversions --------------------------------------------------------------------------

def employer_view(e: Employer) -> EmployerView:
    return EmployerView(e.id, e.uscc, e.name, e.industry, e.qualification_cert_no, e.version)


def person_view(p: Person) -> PersonView:
    e = p.employer
    return PersonView(p.id, p.id_type, p.id_number, p.name, p.gender, p.birth_date, p.mobile,
                      p.employer_id, e.name if e else None, e.uscc if e else None,
                      p.employment_start, p.employment_end, p.operator_mobile,
                      p.social_security_flag, p.version)


def registration_view(r: Registration, today: date) -> RegistrationView:
    rules = kind_rules(r.kind)
    status = "cancelled" if r.state == "cancelled" else ("expired" if r.valid_until < today else "active")
    periods = periods_of(r.valid_from, r.valid_until, r.prior_valid_from, r.prior_valid_until)
    shown = periods.in_force(today) or periods.latest
    upcoming = periods.upcoming(today)
    return RegistrationView(
        r.id, r.person_id, r.person.name, r.kind, rules.name_zh, r.specialty,
        rules.specialty(r.specialty).zh, r.registration_number, r.employer_id,
        r.employer.name if r.employer else None, shown.start, shown.end, r.seal_number,
        r.state, status, (r.valid_until - today).days, r.first_registered_on, r.version,
        upcoming.start if upcoming else None, upcoming.end if upcoming else None)


def qualification_view(q: Qualification) -> QualificationView:
    return QualificationView(q.id, q.person_id, q.kind, q.specialty,
                             kind_rules(q.kind).specialty(q.specialty).zh, q.certificate_number, q.issued_on)


# --- validation of personal details -------------------------------------------------------

def clean_name(raw: str, field: str = "name") -> str:
    name = " ".join((raw or "").split())
    if not name:
        raise InvalidInput("required", field=field)
    if len(name) > 60 or _NAME_BAD.search(name):
        raise InvalidInput("name_invalid", field=field)
    return name


def clean_mobile(raw: str | None, field: str = "mobile") -> str | None:
    value = (raw or "").strip().replace(" ", "").replace("-", "")
    if not value:
        return None
    if not _MOBILE.match(value):
        raise InvalidInput("mobile_invalid", field=field)
    return value


def clean_gender(raw: str | None) -> str | None:
    if raw is None or raw == "":
        return None
    value = {"男": "M", "女": "F"}.get(raw.strip(), raw.strip().upper())
    if value not in ("M", "F"):
        raise InvalidInput("gender_invalid", field="gender")
    return value


def check_region(id_type: str, number: str, confirmed: bool) -> str | None:
    """The GB/T 2260 status of a resident ID's region code (current / retired / unknown).

    An unknown code is never refused: it asks the clerk to check the document and confirm
    (``confirmed``), since old ID numbers keep the codes of regions later retired and the
    shipped list cannot hold every code ever issued."""
    if id_type not in DERIVED_ID_TYPES:
        return None
    found = region_lookup(number[:6])
    if found.status == UNKNOWN_REGION and not confirmed:
        raise RuleViolation("id_region_unknown", field="id_number", value=number[:6],
                            province=found.province or "省级代码未知")
    return found.status


def identity(id_type: str, id_number: str, gender: str | None,
             birth_date: date | None) -> tuple[str, str, date]:
    """(normalised number, gender, birth date): derived from a GB 11643 number and checked
    against what the clerk typed; required as input for other ID types."""
    number = normalise_id(id_type, id_number)
    g = clean_gender(gender)
    if id_type in DERIVED_ID_TYPES:
        rid = parse_resident_id(number)
        if birth_date is not None and birth_date != rid.birth_date:
            raise InvalidInput("id_birth_date_mismatch", field="birth_date", given=birth_date.isoformat(),
                               expected=rid.birth_date.isoformat())
        if g is not None and g != rid.gender:
            raise InvalidInput("id_gender_mismatch", field="gender", given="男" if g == "M" else "女",
                               expected="男" if rid.gender == "M" else "女")
        return number, rid.gender, rid.birth_date
    if g is None:
        raise InvalidInput("required", field="gender")
    if birth_date is None:
        raise InvalidInput("required", field="birth_date")
    if birth_date > date.today() or birth_date.year < 1900:
        raise InvalidInput("bad_date", field="birth_date", value=birth_date.isoformat())
    return number, g, birth_date


def check_unique_id(s: Session, id_type: str, number: str, exclude: uuid.UUID | None = None) -> None:
    q = select(Person).where(Person.id_type == id_type, Person.id_number == number)
    if exclude is not None:
        q = q.where(Person.id != exclude)
    other = s.scalars(q).first()
    if other is not None:
        raise RuleViolation("person_duplicate", field="id_number", id_number=number, name=other.name)


def has_official_history(s: Session, person_id: uuid.UUID) -> bool:
    """Registrations or any filing beyond a draft: the identity is then on official record."""
    reg = s.scalar(select(func.count()).select_from(Registration).where(Registration.person_id == person_id))
    filed = s.scalar(select(func.count()).select_from(Filing).where(
        Filing.person_id == person_id, Filing.state != fr.DRAFT))
    return bool(reg or filed)


def check_version(current: int, expected: int | None) -> None:
    if expected is not None and current != expected:
        raise ConcurrentEdit("concurrent_edit")


def load_person(s: Session, person_id: uuid.UUID) -> Person:
    person = s.get(Person, person_id)
    if person is None:
        raise NotFound("person_not_found", ref=str(person_id))
    return person


def load_employer(s: Session, employer_id: uuid.UUID) -> Employer:
    employer = s.get(Employer, employer_id)
    if employer is None:
        raise NotFound("employer_not_found", ref=str(employer_id))
    return employer


def check_employment(start: date | None, end: date | None) -> None:
    if start is not None and end is not None and end < start:
        raise InvalidInput("employment_dates", field="employment")


def employer_by_ref(s: Session, ref: str | uuid.UUID) -> Employer:
    if isinstance(ref, uuid.UUID):
        return load_employer(s, ref)
    text = str(ref).strip()
    try:
        return load_employer(s, uuid.UUID(text))
    except ValueError:
        pass
    e = s.scalars(select(Employer).where(or_(Employer.uscc == text.upper(), Employer.name == text))).first()
    if e is None:
        raise NotFound("employer_not_found", ref=text)
    return e
