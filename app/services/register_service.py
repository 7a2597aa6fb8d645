"""The register's people and organisations: persons, employers, qualifications, registrations.

Personal details follow seed 004 §2.2: name, gender, ID type and number and birth date come
from the ID, so for a resident ID (and the GB 11643-form residence permit) birth date and gender
are derived from the number and a contradicting entry is refused. Once a person has
registrations or filings beyond a draft, name and ID change only through an approved 信息更正
(app.services.info_correction_service). Every create or rename refreshes the pinyin search keys.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.domain import filing_rules as fr
from app.domain.kinds import KINDS, kind_rules, validate_registration_number
from app.domain.validators import normalise_id, parse_uscc
from app.errors import InvalidInput, NotFound, RuleViolation
from app.models import Employer, Filing, Person, Qualification, Registration
from app.models.db import Database
from app.services.attachment_service import current_photo_signature
from app.services.audit import append_audit
from app.services.base import Actor
from app.services.filing_views import filing_summary
from app.services.info_correction_service import InfoCorrectionService
from app.services.name_index import refresh_name_keys
from app.services.office_settings import continuation_policies
from app.services.register_common import (
    DERIVED_ID_TYPES,
    IDENTITY_FIELDS,
    PERSON_FIELDS,
    EmployerInput,
    EmployerView,
    PersonRecord,
    PersonView,
    QualificationView,
    RegistrationView,
    check_employment,
    check_region,
    check_unique_id,
    check_version,
    clean_mobile,
    clean_name,
    employer_by_ref,
    employer_view,
    has_official_history,
    identity,
    load_employer,
    load_person,
    person_view,
    qualification_view,
    registration_view,
)

__all__ = ["EmployerInput", "EmployerView", "PersonRecord", "PersonView", "QualificationView", "RegisterService",
           "RegistrationView"]

MAX_PAGE = 1000  # employer picker rows (issue 11: --limit is bounded)
MAX_LIST = 100_000  # registrations listed at once


class RegisterService(InfoCorrectionService):
    """Persons, employers, qualifications, registrations; 信息更正 (mixed in from its module)."""

    def __init__(self, db: Database, actor: Actor, today: Callable[[], date] = date.today) -> None:
        super().__init__(db, actor)
        self.today = today  # injectable clock: validity status depends on the day

    # --- persons ------------------------------------------------------------------------

    def create_person(self, *, id_type: str = "resident", id_number: str, name: str,
                      gender: str | None = None, birth_date: date | None = None,
                      mobile: str | None = None, employer_id: uuid.UUID | None = None,
                      employer: EmployerInput | None = None,
                      employment_start: date | None = None, employment_end: date | None = None,
                      operator_mobile: str | None = None, confirm_region: bool = False) -> PersonView:
        """A new person, employed by ``employer_id`` (an existing employer) or by ``employer``
        (found by its USCC, or added): person and employer in one transaction. A resident ID
        whose region code is not in the GB/T 2260 list needs ``confirm_region`` (the clerk
        checked the document): ``id_region_unknown`` asks for it."""
        self.require("person.write")
        if employer_id is not None and employer is not None:
            raise ValueError("name the employer by employer_id or by employer, not both")
        # The employer's code first: the form checked it before the person's details.
        uscc = parse_uscc(employer.uscc) if employer is not None else None
        number, g, birth = identity(id_type, id_number, gender, birth_date)
        region = check_region(id_type, number, confirm_region)
        clean = clean_name(name)
        check_employment(employment_start, employment_end)
        with self.db.session_scope() as s:
            check_unique_id(s, id_type, number)
            if employer is not None and uscc is not None:
                employer_id = self._employer_for(s, uscc, employer).id
            elif employer_id is not None:
                load_employer(s, employer_id)
            p = Person(id_type=id_type, id_number=number, name=clean, gender=g, birth_date=birth,
                       mobile=clean_mobile(mobile), employer_id=employer_id,
                       employment_start=employment_start, employment_end=employment_end,
                       operator_mobile=clean_mobile(operator_mobile, "mobile"))
            s.add(p)
            with _unique("person_duplicate", field="id_number", id_number=number,
                         name="其他工作站刚刚登记"):
                s.flush()
            refresh_name_keys(s, p.id, p.name)
            append_audit(s, self.actor, "person_created", "person", p.id,
                         {"id_type": id_type, "id_number": number, "name": clean,
                          **({"region_code": region} if region else {})})
            return person_view(p)

    def update_person(self, person_id: uuid.UUID, changes: Mapping[str, Any],
                      expected_version: int | None = None,
                      employer: EmployerInput | None = None,
                      confirm_region: bool = False) -> PersonView:
        """Contact and employment details; identity only while nothing official refers to it.

        ``employer`` moves the person to the employer with that USCC, adding it if the register
        does not know it yet, in the same transaction (instead of ``employer_id`` in ``changes``).
        """
        self.require("person.write")
        unknown = set(changes) - PERSON_FIELDS
        if unknown:
            raise InvalidInput("person_field_unknown", fields=sorted(unknown), allowed=sorted(PERSON_FIELDS))
        if employer is not None and "employer_id" in changes:
            raise ValueError("name the employer by employer_id or by employer, not both")
        uscc = parse_uscc(employer.uscc) if employer is not None else None
        with self.db.session_scope() as s:
            p = load_person(s, person_id)
            check_version(p.version, expected_version)
            if employer is not None and uscc is not None:
                changes = {**changes, "employer_id": self._employer_for(s, uscc, employer).id}
            before = {k: getattr(p, k) for k in changes}
            touches_identity = any(k in IDENTITY_FIELDS and changes[k] != before[k] for k in changes)
            if touches_identity:
                if has_official_history(s, p.id):
                    raise RuleViolation("identity_change_needs_info_correction")
                id_type = changes.get("id_type", p.id_type)
                number, g, birth = identity(
                    id_type, changes.get("id_number", p.id_number),
                    changes.get("gender", p.gender if id_type not in DERIVED_ID_TYPES else None),
                    changes.get("birth_date", p.birth_date if id_type not in DERIVED_ID_TYPES else None))
                check_unique_id(s, id_type, number, exclude=p.id)
                check_region(id_type, number, confirm_region)
                p.id_type, p.id_number, p.gender, p.birth_date = id_type, number, g, birth
                if "name" in changes:
                    new_name = clean_name(changes["name"])
                    if new_name != p.name:
                        p.name = new_name
                        refresh_name_keys(s, p.id, new_name)
            if "mobile" in changes:
                p.mobile = clean_mobile(changes["mobile"])
            if "operator_mobile" in changes:
                p.operator_mobile = clean_mobile(changes["operator_mobile"])
            if "employer_id" in changes:
                if changes["employer_id"] is not None:
                    load_employer(s, changes["employer_id"])
                p.employer_id = changes["employer_id"]
            for key in ("employment_start", "employment_end"):
                if key in changes:
                    setattr(p, key, changes[key])
            check_employment(p.employment_start, p.employment_end)
            after = {k: getattr(p, k) for k in changes}
            diff = {k: [before[k], after[k]] for k in changes if before[k] != after[k]}
            s.flush()
            if diff:
                append_audit(s, self.actor, "person_updated", "person", p.id, diff)
            s.refresh(p)
            return person_view(p)

    def get_person(self, person_id: uuid.UUID) -> PersonView:
        self.require("person.read")
        with self.db.session_scope(write=False) as s:
            return person_view(load_person(s, person_id))

    def find_person(self, id_number: str, id_type: str = "resident") -> PersonView | None:
        self.require("person.read")
        number = normalise_id(id_type, id_number)
        with self.db.session_scope(write=False) as s:
            p = s.scalars(select(Person).where(Person.id_type == id_type, Person.id_number == number)).first()
            return person_view(p) if p else None

    def flag_social_security(self, person_id: uuid.UUID, note: str = "") -> PersonView:
        """Record an anomaly found by the social-security check; cleared only by an upheld 申辩."""
        self.require("person.write")
        with self.db.session_scope() as s:
            p = load_person(s, person_id)
            if not p.social_security_flag:
                p.social_security_flag = True
                append_audit(s, self.actor, "social_security_flagged", "person", p.id, {"note": note})
            s.flush()
            return person_view(p)

    # --- employers ------------------------------------------------------------------------

    def add_employer(self, *, uscc: str, name: str, industry: str | None = None,
                     qualification_cert_no: str | None = None) -> EmployerView:
        self.require("person.write")
        code = parse_uscc(uscc)
        clean = _employer_name(name)
        with self.db.session_scope() as s:
            other = s.scalars(select(Employer).where(Employer.uscc == code)).first()
            if other is not None:
                raise RuleViolation("employer_duplicate", field="uscc", uscc=code, name=other.name)
            return employer_view(self._insert_employer(s, code, clean, industry, qualification_cert_no))

    def _employer_for(self, s: Session, code: str, wanted: EmployerInput) -> Employer:
        """The employer with USCC ``code`` (parsed from ``wanted``), or a new one with the
        form's details; in the caller's transaction."""
        found = s.scalars(select(Employer).where(Employer.uscc == code)).first()
        if found is not None:
            return found
        return self._insert_employer(s, code, _employer_name(wanted.name), wanted.industry,
                                     wanted.qualification_cert_no)

    def _insert_employer(self, s: Session, code: str, clean: str, industry: str | None,
                         qualification_cert_no: str | None) -> Employer:
        e = Employer(uscc=code, name=clean, industry=(industry or "").strip() or None,
                     qualification_cert_no=(qualification_cert_no or "").strip() or None)
        s.add(e)
        with _unique("employer_duplicate", field="uscc", uscc=code, name="其他工作站刚刚登记"):
            s.flush()
        append_audit(s, self.actor, "employer_created", "employer", e.id, {"uscc": code, "name": clean})
        return e

    def update_employer(self, employer_id: uuid.UUID, changes: Mapping[str, Any],
                        expected_version: int | None = None) -> EmployerView:
        self.require("person.write")
        with self.db.session_scope() as s:
            e = load_employer(s, employer_id)
            check_version(e.version, expected_version)
            diff: dict[str, Any] = {}
            for key in ("name", "industry", "qualification_cert_no"):
                if key in changes:
                    value = " ".join(str(changes[key] or "").split()) or None
                    if key == "name" and not value:
                        raise InvalidInput("required", field="employer_name")
                    if value != getattr(e, key):
                        diff[key] = [getattr(e, key), value]
                        setattr(e, key, value)
            s.flush()
            if diff:
                append_audit(s, self.actor, "employer_updated", "employer", e.id, diff)
            return employer_view(e)

    def get_employer(self, ref: str | uuid.UUID) -> EmployerView:
        """By id or by USCC."""
        self.require("person.read")
        with self.db.session_scope(write=False) as s:
            e = employer_by_ref(s, ref)
            return employer_view(e)

    def find_employers(self, text: str, limit: int = 20) -> list[EmployerView]:
        """The employer picker: names starting with ``text`` first, then names containing it,
        then USCC prefixes (seed 004: 企业名称输入部分字段后，企业库自动检索)."""
        self.require("person.read")
        if not 1 <= limit <= MAX_PAGE:  # a page, never a number the database cannot bind
            raise InvalidInput("search_limit", field="limit", max=MAX_PAGE)
        text = (text or "").strip()
        if not text:
            return []
        with self.db.session_scope(write=False) as s:
            found: dict[uuid.UUID, Employer] = {}
            queries = [
                select(Employer).where(Employer.name.startswith(text, autoescape=True)),
                select(Employer).where(Employer.name.contains(text, autoescape=True)),
                select(Employer).where(Employer.uscc.startswith(text.upper(), autoescape=True)),
            ]
            for q in queries:
                for e in s.scalars(q.order_by(Employer.name).limit(limit)):
                    found.setdefault(e.id, e)
                if len(found) >= limit:
                    break
            return [employer_view(e) for e in list(found.values())[:limit]]

    # --- qualifications -------------------------------------------------------------------

    def add_qualification(self, person_id: uuid.UUID, *, kind: str, specialty: str,
                          certificate_number: str, issued_on: date) -> QualificationView:
        self.require("person.write")
        rules = kind_rules(kind)
        label = rules.specialty(specialty).zh
        number = (certificate_number or "").strip()
        if not number:
            raise InvalidInput("required", field="certificate_number")
        if issued_on > self.today():
            raise InvalidInput("bad_date", field="issued_on", value=issued_on.isoformat())
        with self.db.session_scope() as s:
            load_person(s, person_id)
            if s.scalars(select(Qualification).where(
                    Qualification.person_id == person_id, Qualification.kind == kind,
                    Qualification.specialty == specialty)).first():
                raise RuleViolation("qualification_duplicate", specialty=label, specialty_en=specialty)
            q = Qualification(person_id=person_id, kind=kind, specialty=specialty,
                              certificate_number=number, issued_on=issued_on)
            s.add(q)
            with _unique("qualification_duplicate", specialty=label, specialty_en=specialty):
                s.flush()
            append_audit(s, self.actor, "qualification_added", "qualification", q.id,
                         {"person_id": person_id, "kind": kind, "specialty": specialty,
                          "certificate_number": number})
            return qualification_view(q)

    def list_qualifications(self, person_id: uuid.UUID) -> list[QualificationView]:
        self.require("person.read")
        with self.db.session_scope(write=False) as s:
            return [qualification_view(q) for q in s.scalars(
                select(Qualification).where(Qualification.person_id == person_id)
                .order_by(Qualification.kind, Qualification.specialty))]

    # --- registrations --------------------------------------------------------------------

    def import_registration(self, person_id: uuid.UUID, *, kind: str, specialty: str,
                            registration_number: str, valid_from: date, valid_until: date,
                            first_registered_on: date | None = None, seal_number: str | None = None,
                            employer_id: uuid.UUID | None = None) -> RegistrationView:
        """Record a registration granted before this register existed (paper records, another
        system), so its holder can continue, change or cancel it through filings. Creating a
        registration is the reviewer's power, as when approving a filing."""
        self.require("filing.approve")
        rules = kind_rules(kind)
        sp = rules.specialty(specialty)
        number = validate_registration_number(kind, registration_number, specialty)
        first = first_registered_on or valid_from
        if valid_until < valid_from or first > valid_from:
            raise InvalidInput("validity_dates", valid_from=valid_from.isoformat(),
                               valid_until=valid_until.isoformat(), first=first.isoformat())
        with self.db.session_scope() as s:
            p = load_person(s, person_id)
            employer = load_employer(s, employer_id) if employer_id else p.employer
            if s.scalars(select(Registration.id).where(
                    Registration.person_id == p.id, Registration.kind == kind,
                    Registration.specialty == specialty)).first():
                raise RuleViolation("registration_exists", specialty=sp.zh, specialty_en=sp.en)
            if s.scalars(select(Registration.id).where(
                    Registration.kind == kind, Registration.registration_number == number,
                    Registration.person_id != p.id)).first():
                raise RuleViolation("registration_number_taken", field="registration_number", value=number)
            r = Registration(person_id=p.id, kind=kind, specialty=specialty, registration_number=number,
                             employer_id=employer.id if employer else None, valid_from=valid_from,
                             valid_until=valid_until,
                             seal_number=(seal_number or "").strip() or fr.seal_number(rules, number, 0),
                             state="active", first_registered_on=first)
            s.add(r)
            with _unique("registration_exists", specialty=sp.zh, specialty_en=sp.en):
                s.flush()
            append_audit(s, self.actor, "registration_imported", "registration", r.id,
                         {"person_id": p.id, "kind": kind, "specialty": specialty, "number": number,
                          "valid_from": valid_from, "valid_until": valid_until,
                          "seal_number": r.seal_number})
            return registration_view(r, self.today())

    def list_registrations(self, *, person_id: uuid.UUID | None = None, kind: str | None = None,
                           state: str | None = None, expiring_before: date | None = None,
                           limit: int = 500) -> list[RegistrationView]:
        self.require("person.read")
        if not 1 <= limit <= MAX_LIST:  # a list, never a number the database cannot bind
            raise InvalidInput("search_limit", field="limit", max=MAX_LIST)
        q = select(Registration).order_by(Registration.valid_until, Registration.id).limit(limit)
        if person_id is not None:
            q = q.where(Registration.person_id == person_id)
        if kind is not None:
            q = q.where(Registration.kind == kind)
        if state is not None:
            q = q.where(Registration.state == state)
        if expiring_before is not None:
            q = q.where(Registration.valid_until < expiring_before)
        today = self.today()
        with self.db.session_scope(write=False) as s:
            return [registration_view(r, today) for r in s.scalars(q)]

    def get_registration(self, registration_id: uuid.UUID) -> RegistrationView:
        self.require("person.read")
        with self.db.session_scope(write=False) as s:
            r = s.get(Registration, registration_id)
            if r is None:
                raise NotFound("registration_not_found", ref=str(registration_id))
            return registration_view(r, self.today())

    def person_record(self, person_id: uuid.UUID) -> PersonRecord:
        """Everything about a person on one screen: registrations with validity, photo and
        signature presence, qualifications, filings (newest first).

        Every viewing is audited (who, when, which person): this is the one place the full
        record, identity number and mobile included, leaves the register, so the UI and the
        CLI both log by calling it (docs/security.md, "Personal data")."""
        self.require("person.read")
        today = self.today()
        with self.db.session_scope() as s:
            p = load_person(s, person_id)
            append_audit(s, self.actor, "person_record_viewed", "person", p.id)
            regs = s.scalars(select(Registration).where(Registration.person_id == person_id)
                             .order_by(Registration.kind, Registration.specialty)).all()
            quals = s.scalars(select(Qualification).where(Qualification.person_id == person_id)
                              .order_by(Qualification.kind, Qualification.specialty)).all()
            filings = s.scalars(select(Filing).where(Filing.person_id == person_id)
                                .order_by(Filing.created_at.desc(), Filing.number.desc())).all()
            has_photo, has_signature = current_photo_signature(s, person_id)
            return PersonRecord(person_view(p), tuple(qualification_view(q) for q in quals),
                                tuple(registration_view(r, today) for r in regs), has_photo,
                                has_signature, tuple(filing_summary(f, p.name) for f in filings),
                                employer_view(p.employer) if p.employer else None,
                                tuple(continuation_policies(s, KINDS).items()))


def _employer_name(raw: str) -> str:
    clean = " ".join((raw or "").split())
    if not clean:
        raise InvalidInput("required", field="employer_name")
    return clean


@contextmanager
def _unique(code: str, **params: Any) -> Iterator[None]:
    """Another workstation may insert the same person (employer, ...) between our check and our
    insert; the database's unique constraint then decides, and the clerk gets the same refusal."""
    try:
        yield
    except IntegrityError:
        raise RuleViolation(code, **params) from None
