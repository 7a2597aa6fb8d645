"""Reading filings: one filing with its timeline, the filing page, lists for the queues, a
person's history (历史申报: approved, not approved, withdrawn), messages (我的消息) and the
office's upload limits."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from app.domain import filing_rules as fr
from app.domain.roles import allowed
from app.errors import InvalidInput, NotFound
from app.models import Filing, Person, ReviewMessage
from app.services import office_settings as settings
from app.services.appeal_service import AppealService
from app.services.filing_views import (
    FilingPage,
    FilingSummary,
    FilingView,
    MessageView,
    filing_summary,
    filing_view,
    message_view,
)

MAX_FILINGS_PAGE = 10_000  # rows of one filing list


def load_filing(s: Session, ref: uuid.UUID | str, lock: bool = False) -> Filing:
    """By id or by number (SB...). ``lock``: SELECT ... FOR UPDATE on PostgreSQL, so two
    workstations cannot move the same filing at once (SQLite already serialises writers)."""
    q = select(Filing)
    if isinstance(ref, uuid.UUID):
        q = q.where(Filing.id == ref)
    else:
        text = str(ref).strip()
        try:
            q = q.where(Filing.id == uuid.UUID(text))
        except ValueError:
            q = q.where(Filing.number == text.upper())
    if lock:
        q = q.with_for_update()
    f = s.scalars(q).first()
    if f is None:
        raise NotFound("filing_not_found", ref=str(ref))
    return f


class FilingQueries(AppealService):
    """Read side of the filing service (the appeal use cases are mixed in for the UI's sake)."""

    def get_filing(self, ref: uuid.UUID | str) -> FilingView:
        self.require("filing.read")
        with self.db.session_scope(write=False) as s:
            return filing_view(s, load_filing(s, ref), self.actor.role)

    def filing_page(self, ref: uuid.UUID | str) -> FilingPage:
        """The filing page in one read: the filing, its messages and the applicant's ID number."""
        self.require("filing.read")
        with self.db.session_scope(write=False) as s:
            f = load_filing(s, ref)
            view = filing_view(s, f, self.actor.role)
            rows = s.scalars(select(ReviewMessage).where(ReviewMessage.filing_id == f.id)
                             .order_by(ReviewMessage.at.desc())).all()
            person = s.get(Person, f.person_id)
            id_number = person.id_number if person and allowed(self.actor.role, "person.read") else ""
            return FilingPage(view, tuple(message_view(m, f.number) for m in rows), id_number)

    def list_filings(self, *, states: Sequence[str] | None = None, person_id: uuid.UUID | None = None,
                     filing_type: str | None = None, kind: str | None = None, text: str | None = None,
                     offset: int = 0, limit: int = 200) -> list[FilingSummary]:
        """Newest first. ``text`` matches the filing number or the start of the person's name."""
        self.require("filing.read")
        # A page, not a dump (and never a number the database cannot bind).
        if not 1 <= limit <= MAX_FILINGS_PAGE:
            raise InvalidInput("search_limit", field="limit", max=MAX_FILINGS_PAGE)
        if offset < 0:
            raise InvalidInput("search_offset", field="offset")
        q = select(Filing, Person.name).join(Person, Person.id == Filing.person_id)
        if states:
            q = q.where(Filing.state.in_(list(states)))
        if person_id is not None:
            q = q.where(Filing.person_id == person_id)
        if filing_type:
            q = q.where(Filing.type == filing_type)
        if kind:
            q = q.where(Filing.kind == kind)
        if text and text.strip():
            t = text.strip()
            q = q.where(or_(Filing.number.startswith(t.upper(), autoescape=True),
                            Person.name.startswith(t, autoescape=True),
                            Person.id_number.startswith(t.upper(), autoescape=True)))
        q = q.order_by(Filing.created_at.desc(), Filing.number.desc()).offset(offset).limit(limit)
        with self.db.session_scope(write=False) as s:
            return [filing_summary(f, name) for f, name in s.execute(q)]

    def counts_by_state(self) -> dict[str, int]:
        self.require("filing.read")
        with self.db.session_scope(write=False) as s:
            rows = s.execute(select(Filing.state, func.count()).group_by(Filing.state)).all()
        counts = dict.fromkeys(fr.STATES, 0)
        counts.update({state: n for state, n in rows})
        return counts

    def history(self, person_id: uuid.UUID) -> list[FilingSummary]:
        """历史申报: the person's decided filings, newest decision first."""
        self.require("filing.read")
        with self.db.session_scope(write=False) as s:
            person = s.get(Person, person_id)
            if person is None:
                raise NotFound("person_not_found", ref=str(person_id))
            rows = s.scalars(select(Filing).where(Filing.person_id == person_id,
                                                  Filing.state.in_(fr.TERMINAL_STATES))
                             .order_by(Filing.decided_at.desc(), Filing.number.desc())).all()
            return [filing_summary(f, person.name) for f in rows]

    def messages(self, person_id: uuid.UUID, unread_only: bool = False) -> list[MessageView]:
        """我的消息: review opinions and notices with their times, newest first."""
        self.require("filing.read")
        q = (select(ReviewMessage, Filing.number).outerjoin(Filing, Filing.id == ReviewMessage.filing_id)
             .where(ReviewMessage.person_id == person_id))
        if unread_only:
            q = q.where(ReviewMessage.read_at.is_(None))
        with self.db.session_scope(write=False) as s:
            return [message_view(m, number) for m, number in
                    s.execute(q.order_by(ReviewMessage.at.desc()))]

    def upload_limits(self) -> settings.UploadLimits:
        """The size rules a file chooser applies before anything is sent (the service checks
        them again when storing)."""
        with self.db.session_scope(write=False) as s:
            return settings.upload_limits(s)
