"""Thin UI-side adapters: the only place that knows the service method names.

Widgets call a small, stable surface (``persons(ctx).search(text, offset, limit)``); this
module maps it onto the services written by the register, filing and search parts. Every
method runs in a worker thread or is cheap; none touches the ORM (the services own sessions).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from app.errors import InvalidInput, NotFound
from app.ui.common.context import UiContext


class ServiceMissing(NotFound):
    """A screen's service is not part of this build (its module is absent)."""

    def __init__(self, name: str) -> None:
        super().__init__("service_missing", service=name)


def _need(ctx: UiContext, name: str) -> Any:
    return getattr(ctx.services, "register" if name == "persons" else name)


class PersonsAdapter:
    """Persons and employers (register service) and the person search (search service)."""

    def __init__(self, ctx: UiContext) -> None:
        self.ctx = ctx

    @property
    def available(self) -> bool:
        return True

    @property
    def svc(self) -> Any:
        return _need(self.ctx, "persons")

    def search(self, text: str, offset: int, limit: int) -> Sequence[Any]:
        return _need(self.ctx, "search").search_persons(text, offset=offset, limit=limit)

    def get(self, person_id: Any) -> Any:
        return self.svc.get_person(person_id)

    def record(self, person_id: Any) -> Any:
        """Person, qualifications, registrations, photo/signature presence, filings."""
        return self.svc.person_record(person_id)

    def employer(self, employer_id: Any) -> Any:
        return self.svc.get_employer(employer_id) if employer_id is not None else None

    def _employer_id(self, data: dict[str, Any]) -> Any:
        """The employer the form names: an existing one by USCC, else a new one."""
        uscc, name = data.get("employer_uscc"), data.get("employer_name")
        if not uscc and not name:
            return None
        if not uscc:
            raise InvalidInput("required", field="uscc")
        try:
            employer = self.svc.get_employer(uscc)
        except NotFound:
            employer = self.svc.add_employer(
                uscc=uscc, name=name or "", industry=data.get("employer_industry"),
                qualification_cert_no=data.get("employer_qualification_cert_no"))
        return employer.id

    def create(self, data: dict[str, Any]) -> Any:
        employer_id = self._employer_id(data)
        return self.svc.create_person(
            id_type=data["id_type"], id_number=data["id_number"], name=data["name"],
            gender=data.get("gender"), birth_date=data.get("birth_date"), mobile=data.get("mobile"),
            employer_id=employer_id, employment_start=data.get("employment_start"),
            employment_end=data.get("employment_end"), operator_mobile=data.get("operator_mobile"))

    def update(self, person: Any, data: dict[str, Any]) -> Any:
        """Send only what changed (identity may change only while nothing official refers to it)."""
        employer_id = self._employer_id(data)
        wanted = {k: data.get(k) for k in ("name", "id_type", "id_number", "gender", "birth_date",
                                           "mobile", "operator_mobile", "employment_start",
                                           "employment_end")}
        wanted["employer_id"] = employer_id
        if wanted["id_type"] in ("resident", "hk_mo_tw_residence"):
            wanted.pop("gender")  # derived from the ID number by the service
            wanted.pop("birth_date")
        changes = {k: v for k, v in wanted.items() if getattr(person, k, None) != v}
        if not changes:
            return person
        return self.svc.update_person(person.id, changes, expected_version=person.version)

    def employers(self, text: str, limit: int = 20) -> Sequence[Any]:
        return self.svc.find_employers(text, limit=limit)

    def registrations(self, person_id: Any) -> Sequence[Any]:
        return self.svc.list_registrations(person_id=person_id)

    def qualifications(self, person_id: Any) -> Sequence[Any]:
        return self.svc.list_qualifications(person_id)

    def add_qualification(self, person_id: Any, **kwargs: Any) -> Any:
        return self.svc.add_qualification(person_id, **kwargs)


def persons(ctx: UiContext) -> PersonsAdapter:
    return PersonsAdapter(ctx)


def registration_numbers(row: Any) -> str:
    numbers = getattr(row, "registration_numbers", None)
    if numbers is None:
        return ""
    if isinstance(numbers, str):
        return numbers
    return "、".join(sorted(set(numbers)))


class FilingPage:
    """A :class:`FilingView` plus what the filing page shows beside it."""

    def __init__(self, view: Any, messages: tuple[Any, ...], person_id_number: str) -> None:
        self.view, self.messages, self.person_id_number = view, messages, person_id_number

    def __getattr__(self, name: str) -> Any:
        return getattr(self.view, name)


class FilingsAdapter:
    """Filing use cases for the wizard, the filing page and the review queues."""

    def __init__(self, ctx: UiContext) -> None:
        self.ctx = ctx

    @property
    def svc(self) -> Any:
        return _need(self.ctx, "filings")

    def wizard_data(self, person_id: Any) -> tuple[Any, Sequence[Any], Sequence[Any]]:
        record = _need(self.ctx, "persons").person_record(person_id)
        return record.person, record.qualifications, record.registrations

    def create_draft(self, *, person_id: Any, filing_type: str, kind: str, specialty: str,
                     data: dict[str, Any], attachments: list[tuple[str, str, bytes]]) -> Any:
        svc = self.svc
        filing = svc.create_filing(person_id=person_id, filing_type=filing_type, kind=kind,
                                   specialty=specialty, data=data)
        for purpose, filename, content in attachments:
            svc.attach(filing.id, purpose=purpose, filename=filename, content=content)
        return filing

    def discard_draft(self, filing_id: Any) -> None:
        self.svc.discard_draft(filing_id)

    def submit(self, filing_id: Any, social_security_override: bool) -> Any:
        """The wizard reached the end: conditions ticked and commitment made by construction."""
        return self.svc.submit(filing_id, conditions_accepted=True, commitment_accepted=True,
                               social_security_override=social_security_override)

    def list(self, states: Sequence[str] | None, offset: int, limit: int,
             person_id: Any = None, text: str = "") -> Sequence[Any]:
        return self.svc.list_filings(states=list(states) if states else None, person_id=person_id,
                                     text=text or None, offset=offset, limit=limit)

    def detail(self, filing_id: Any) -> FilingPage:
        """The filing with its messages and the applicant's ID number (one screen's worth)."""
        view = self.svc.get_filing(filing_id)
        messages = tuple(m for m in self.svc.messages(view.person_id) if m.filing_id == view.id)
        try:
            id_number = _need(self.ctx, "persons").get_person(view.person_id).id_number
        except Exception:  # a reviewer may read filings but not every person detail
            id_number = ""
        return FilingPage(view, messages, id_number)

    def act(self, filing_id: Any, action: str, **kwargs: Any) -> Any:
        return getattr(self.svc, action)(filing_id, **kwargs)

    def counts_by_state(self) -> dict[str, int]:
        return dict(self.svc.counts_by_state())


def filings(ctx: UiContext) -> FilingsAdapter:
    return FilingsAdapter(ctx)


class RequestsAdapter:
    """申辩 and 信息更正 (their use cases live beside the filings)."""

    def __init__(self, ctx: UiContext) -> None:
        self.ctx = ctx

    def appeals(self, open_only: bool) -> Sequence[Any]:
        return _need(self.ctx, "filings").list_appeals(open_only=open_only)

    def decide_appeal(self, appeal_id: Any, upheld: bool, decision: str) -> Any:
        return _need(self.ctx, "filings").decide_appeal(appeal_id, upheld=upheld, decision=decision)

    def info_corrections(self, open_only: bool) -> Sequence[Any]:
        return _need(self.ctx, "persons").list_info_corrections(pending_only=open_only)

    def decide_info_correction(self, correction_id: Any, approved: bool, decision: str) -> Any:
        return _need(self.ctx, "persons").decide_info_correction(
            correction_id, approved=approved, decision=decision)


def requests(ctx: UiContext) -> RequestsAdapter:
    return RequestsAdapter(ctx)


class StatsAdapter:
    def __init__(self, ctx: UiContext) -> None:
        self.ctx = ctx

    def counts_by_state(self) -> dict[str, int]:
        return dict(_need(self.ctx, "stats").counts_by_state())

    def expiring_counts(self, horizons: Sequence[int]) -> dict[int, tuple[int, int]]:
        return dict(_need(self.ctx, "stats").expiring_counts(list(horizons)))

    def expiring_list(self, what: str, days: int, offset: int, limit: int) -> Sequence[Any]:
        return _need(self.ctx, "stats").expiring(what, days, offset=offset, limit=limit)


def stats(ctx: UiContext) -> StatsAdapter:
    return StatsAdapter(ctx)
