"""The hash-chained audit log: appending inside a service's transaction, and checking the chain."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.models.base import utcnow
from app.models.staff import AuditCheckpoint, AuditEntry, AuditHead
from app.services.base import SYSTEM, Actor

# One definition of the chain for the ORM and the Core append (app.store.audit_append).
from app.store.audit_append import GENESIS, INCIDENT_HEAD_RESTORED, entry_hash

# Actions the audit log writes about itself.
INCIDENT_ACKNOWLEDGED = "audit_incident_acknowledged"
CHECKPOINT_ACTION = "audit_checkpoint"

__all__ = ["CHECKPOINT_ACTION", "GENESIS", "INCIDENT_ACKNOWLEDGED", "INCIDENT_HEAD_RESTORED",
           "ChainCheck", "ChainWalk", "append_audit", "entry_hash", "verify_chain", "walk_chain"]


def append_audit(session: Session, actor: Actor, action: str, entity: str,
                 entity_id: object | None = None, details: dict[str, Any] | None = None) -> AuditEntry:
    """Append one entry in the caller's transaction; the head row serialises concurrent writers."""
    head = session.scalars(select(AuditHead).where(AuditHead.id == 1).with_for_update()).first()
    if head is None:
        head = _recreate_head(session)
    return _append(session, head, actor, action, entity, entity_id, details)


def _append(session: Session, head: AuditHead, actor: Actor, action: str, entity: str,
            entity_id: object | None, details: dict[str, Any] | None) -> AuditEntry:
    details = json.loads(json.dumps(details or {}, ensure_ascii=False, default=str))
    seq = head.seq + 1
    # Microsecond precision survives both backends, so the hash can be recomputed from the row.
    at = utcnow()
    eid = str(entity_id) if entity_id is not None else None
    digest = entry_hash(head.hash, seq, at, actor.username, action, entity, eid, details)
    entry = AuditEntry(seq=seq, at=at, actor=actor.username, action=action, entity=entity,
                       entity_id=eid, details=details, prev_hash=head.hash, hash=digest)
    session.add(entry)
    head.seq, head.hash = seq, digest
    session.flush()
    return entry


def _recreate_head(session: Session) -> AuditHead:
    """The head row is gone. A new register has neither head nor entries; anything else means
    someone removed it (perhaps after cutting the log's tail). Work must go on — a missing
    head must never stop staff from signing in — so the head continues from the newest entry,
    and a permanent ``audit_head_restored`` entry records the incident: ``audit verify``
    reports it as tampering until an administrator acknowledges it."""
    last = session.scalars(select(AuditEntry).order_by(AuditEntry.seq.desc()).limit(1)).first()
    checkpoints = session.scalar(select(func.count()).select_from(AuditCheckpoint)) or 0
    head = AuditHead(id=1, seq=last.seq if last else 0, hash=last.hash if last else GENESIS)
    session.add(head)
    session.flush()
    if last is not None or checkpoints:
        _append(session, head, SYSTEM, INCIDENT_HEAD_RESTORED, "audit_log", head.seq,
                {"entries_found": head.seq, "checkpoints_found": checkpoints})
    return head


@dataclass(frozen=True)
class ChainCheck:
    ok: bool
    entries: int
    first_bad_seq: int | None = None
    problem: str | None = None  # altered / missing / head_mismatch / head_missing


@dataclass
class ChainWalk:
    """What one pass over the chain found, for the checks that anchor it (audit_service)."""

    check: ChainCheck
    last_seq: int = 0      # newest entry whose hash was confirmed
    hashes: dict[int, str] = field(default_factory=dict)  # confirmed hashes at the wanted seqs
    checkpoint_entries: list[int] = field(default_factory=list)  # seqs named by checkpoint entries
    incidents: list[int] = field(default_factory=list)  # seqs of head-restored entries
    acknowledged: set[int] = field(default_factory=set)


def walk_chain(session: Session, want: set[int] | None = None, batch: int = 5000) -> ChainWalk:
    """Walk the whole chain; stop at the first entry that was edited, removed or cut off."""
    want = want or set()
    walk = ChainWalk(ChainCheck(True, 0))
    prev, expected_seq, count = GENESIS, 1, 0
    problem: tuple[int, str] | None = None
    while problem is None:
        rows = session.scalars(
            select(AuditEntry).where(AuditEntry.seq >= expected_seq).order_by(AuditEntry.seq).limit(batch)
        ).all()
        if not rows:
            break
        for row in rows:
            if row.seq != expected_seq:
                problem = (expected_seq, "missing")
                break
            digest = entry_hash(prev, row.seq, row.at, row.actor, row.action, row.entity,
                                row.entity_id, row.details)
            if row.prev_hash != prev or row.hash != digest:
                problem = (row.seq, "altered")
                break
            _note(walk, row, want)
            prev, expected_seq, walk.last_seq = row.hash, expected_seq + 1, row.seq
            count += 1
    if problem is None:
        head = session.get(AuditHead, 1)
        if head is None and count:
            problem = (walk.last_seq + 1, "head_missing")
        elif head is not None and (head.seq != walk.last_seq or head.hash != prev):
            problem = (walk.last_seq + 1, "head_mismatch")
    walk.check = ChainCheck(problem is None, count, *(problem or (None, None)))
    return walk


def _note(walk: ChainWalk, row: AuditEntry, want: set[int]) -> None:
    if row.seq in want:
        walk.hashes[row.seq] = row.hash
    if row.action == CHECKPOINT_ACTION and isinstance(row.details.get("seq"), int):
        walk.checkpoint_entries.append(row.details["seq"])
    elif row.action == INCIDENT_HEAD_RESTORED:
        walk.incidents.append(row.seq)
    elif row.action == INCIDENT_ACKNOWLEDGED and isinstance(row.details.get("incident"), int):
        walk.acknowledged.add(row.details["incident"])


def verify_chain(session: Session, batch: int = 5000) -> ChainCheck:
    """The chain alone (no anchors): the first entry that was edited, removed or cut off."""
    return walk_chain(session, batch=batch).check
