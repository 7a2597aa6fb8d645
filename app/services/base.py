"""What every service shares: the acting staff member, role checks, the database handle."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import select

from app.domain.roles import allowed
from app.errors import PermissionDenied

if TYPE_CHECKING:  # the ORM loads with the first service that uses it, not with Actor (issue 16)
    from sqlalchemy.orm import Session

    from app.models.db import Database


@dataclass(frozen=True)
class Actor:
    """The logged-in staff member on whose behalf a service acts."""

    username: str
    role: str
    display_name: str = ""


# Used only by `init` (before any account exists) and by data migrations.
SYSTEM = Actor("system", "admin", "system")


class Service:
    def __init__(self, db: Database, actor: Actor) -> None:
        self.db = db
        self.actor = actor

    def require(self, permission: str) -> None:
        require_permission(self.actor, permission)


def require_permission(actor: Actor, permission: str) -> None:
    """Refuse unless ``actor``'s role holds ``permission`` (also for the Core-only paths)."""
    if not allowed(actor.role, permission):
        raise PermissionDenied("permission_denied", permission=permission, role=actor.role)


def next_sequence(session: Session, name: str) -> int:
    """Next value of a named counter, inside the caller's transaction (row-locked on PostgreSQL)."""
    from app.models.staff import Sequence

    row = session.scalars(select(Sequence).where(Sequence.name == name).with_for_update()).first()
    if row is None:
        row = Sequence(name=name, value=0)
        session.add(row)
    row.value += 1
    session.flush()
    return row.value
