"""Read-only figures for the dashboard (统计): filings by state, what expires soon.

Counts use the indexed ``registrations.valid_until`` and ``certificates.window_end`` columns,
so they stay fast on a million-person register. Nothing here writes; nothing here is a rule.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import case, func, literal, select
from sqlalchemy.orm import Session

from app.domain import filing_rules as fr
from app.domain.privacy import mask_id_number
from app.errors import InvalidInput
from app.models import Certificate, Filing, Person, Registration
from app.models.db import Database
from app.services.base import Actor, Service

WHAT = ("registrations", "use_windows")


@dataclass(frozen=True)
class ExpiringItem:
    person_id: uuid.UUID
    person_name: str
    id_number_masked: str  # a list: the full number only on the person's record (audited)
    kind: str
    specialty: str
    registration_number: str
    ends_on: date


@dataclass(frozen=True)
class Dashboard:
    """The dashboard's figures, read together."""

    counts: dict[str, int]  # filing state -> how many filings are in it
    # horizon in days -> (active registrations, current use windows) ending within it
    expiring: dict[int, tuple[int, int]]


class StatsService(Service):
    def __init__(self, db: Database, actor: Actor, today: Callable[[], date] = date.today) -> None:
        super().__init__(db, actor)
        self.today = today

    def dashboard(self, horizons: Sequence[int]) -> Dashboard:
        """Filings by state and what expires within each horizon, in one read."""
        self.require("filing.read")
        self.require("person.read")
        windows = self._windows(horizons)
        with self.db.session_scope(write=False) as s:
            return Dashboard(_counts_by_state(s), _expiring_counts(s, self.today(), windows))

    def _window(self, days: int) -> tuple[date, date]:
        if days <= 0 or days > 3660:
            raise InvalidInput("bad_horizon", field="days", value=days)
        today = self.today()
        return today, today + timedelta(days=days)

    def _windows(self, horizons: Sequence[int]) -> dict[int, date]:
        return {days: self._window(days)[1] for days in horizons}

    def expiring(self, what: str, days: int, *, offset: int = 0, limit: int = 200) -> list[ExpiringItem]:
        """The rows behind one dashboard bar, soonest first."""
        self.require("person.read")
        if what not in WHAT:
            raise InvalidInput("bad_reference", field="what", value=what)
        start, end = self._window(days)
        limit = max(1, min(limit, 1000))
        if what == "registrations":
            q = (select(Registration.person_id, Person.name, Person.id_number, Registration.kind,
                        Registration.specialty, Registration.registration_number,
                        Registration.valid_until)
                 .join(Person, Person.id == Registration.person_id)
                 .where(Registration.state == "active", Registration.valid_until >= start,
                        Registration.valid_until <= end)
                 .order_by(Registration.valid_until, Registration.id))
        else:
            q = (select(Certificate.person_id, Person.name, Person.id_number, Certificate.kind,
                        literal(""), Certificate.registration_number, Certificate.window_end)
                 .join(Person, Person.id == Certificate.person_id)
                 .where(Certificate.window_end >= start, Certificate.window_end <= end,
                        Certificate.superseded_at.is_(None), Certificate.revoked_at.is_(None))
                 .order_by(Certificate.window_end, Certificate.id))
        with self.db.session_scope(write=False) as s:
            return [ExpiringItem(r[0], r[1], mask_id_number(r[2]), *r[3:])
                    for r in s.execute(q.offset(offset).limit(limit))]


def _counts_by_state(s: Session) -> dict[str, int]:
    rows = s.execute(select(Filing.state, func.count()).group_by(Filing.state)).all()
    counts = dict.fromkeys(fr.STATES, 0)
    counts.update({state: n for state, n in rows})
    return counts


def _expiring_counts(s: Session, start: date, windows: dict[int, date]) -> dict[int, tuple[int, int]]:
    """One index range scan per table up to the longest horizon, bucketed with CASE, instead
    of one scan per horizon (the longest range contains the shorter ones)."""
    if not windows:
        return {}
    horizons = list(windows)
    end = max(windows.values())

    def buckets(column: Any) -> list[Any]:
        return [func.sum(case((column <= windows[d], 1), else_=0)) for d in horizons]

    regs = s.execute(select(*buckets(Registration.valid_until)).where(
        Registration.valid_until >= start, Registration.valid_until <= end,
        Registration.state == "active")).one()
    certs = s.execute(select(*buckets(Certificate.window_end)).where(
        Certificate.window_end >= start, Certificate.window_end <= end,
        Certificate.superseded_at.is_(None), Certificate.revoked_at.is_(None))).one()
    return {d: (int(regs[i] or 0), int(certs[i] or 0)) for i, d in enumerate(horizons)}
