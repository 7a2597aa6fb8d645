"""The conflicts queue (issue 12): a person or employer changed in two offices since they synced.

The import kept our version in the register and theirs in ``sync_conflicts``. A reviewer (or
the administrator) resolves it: take theirs, keep ours, or merge field by field. The chosen
row is written with a version above both, so the next bundle carries it to the other office,
which takes it (its copy is then the one we knew). Every resolution is audited with both
versions' values of the fields that differed.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.errors import InvalidInput, NotFound, RuleViolation
from app.models.base import utcnow
from app.models.sync import SyncConflict
from app.services.audit import append_audit
from app.services.base import Actor
from app.services.sync_import import current_row, write_row
from app.services.sync_tables import BY_ENTITY
from app.services.sync_views import Conflict

# Bookkeeping columns: not shown side by side, not chosen by the reviewer.
_HIDDEN = ("id", "created_at", "updated_at", "version")
CHOICES = ("theirs", "ours", "merge")


def _shown(row: dict[str, Any]) -> dict[str, str | None]:
    return {k: (None if v is None else str(v)) for k, v in row.items() if k not in _HIDDEN}


def view(c: SyncConflict) -> Conflict:
    return Conflict(c.id, c.entity, c.entity_key, c.label, c.peer_code, c.detected_at,
                    _shown(c.ours), _shown(c.theirs), c.resolved_at, c.resolution)


def list_conflicts(s: Session, open_only: bool) -> list[Conflict]:
    query = select(SyncConflict).order_by(SyncConflict.detected_at, SyncConflict.id)
    if open_only:
        query = query.where(SyncConflict.resolved_at.is_(None))
    return [view(c) for c in s.scalars(query)]


def resolve(s: Session, actor: Actor, conflict_id: int, choice: str,
            fields: dict[str, str | None] | None) -> None:
    if choice not in CHOICES:
        raise InvalidInput("sync_conflict_choice", value=choice)
    c = s.get(SyncConflict, conflict_id) if 0 < conflict_id < 2**31 else None
    if c is None:
        raise NotFound("sync_conflict_not_found", id=conflict_id)
    if c.resolved_at is not None:
        raise RuleViolation("sync_conflict_resolved", id=conflict_id)
    table = BY_ENTITY[c.entity]
    ours = current_row(s, table, c.row_id)
    if ours is None:
        raise NotFound("sync_conflict_not_found", id=conflict_id)
    theirs = dict(c.theirs)
    differing = sorted(k for k in set(ours) | set(theirs)
                       if k not in _HIDDEN and ours.get(k) != theirs.get(k))
    if choice == "ours":
        chosen = dict(ours)
    elif choice == "theirs":
        chosen = {**ours, **{k: theirs.get(k) for k in ours if k not in ("id", "version")}}
    else:
        given = fields or {}
        unknown = sorted(set(given) - set(differing))
        if unknown:
            raise InvalidInput("sync_conflict_field", field="fields", name=unknown[0])
        chosen = dict(ours)
        for k in differing:
            if k not in given:
                continue  # not named: ours stays
            if given[k] not in (ours.get(k), theirs.get(k)):
                raise InvalidInput("sync_conflict_value", field=k, name=k)
            chosen[k] = given[k]
    # Above both versions: the other office sees a row newer than either it had.
    chosen["version"] = max(int(ours.get("version") or 1), int(theirs.get("version") or 1)) + 1
    chosen["updated_at"] = utcnow().isoformat()
    write_row(s, table, c.row_id, chosen, exists=True)
    c.resolved_at, c.resolved_by, c.resolution = utcnow(), actor.username, choice
    append_audit(s, actor, "sync_conflict_resolved", c.entity, c.row_id, {
        "conflict": c.id, "from_office": c.peer_code, "choice": choice,
        "fields": {k: {"ours": ours.get(k), "theirs": theirs.get(k), "chosen": chosen.get(k)}
                   for k in differing if k != "data"}})
    s.flush()
