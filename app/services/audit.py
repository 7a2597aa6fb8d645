"""The hash-chained audit log: appending inside a service's transaction, and checking the chain."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models.base import utcnow
from app.models.staff import AuditEntry, AuditHead
from app.services.base import Actor

GENESIS = "0" * 64


def _canonical(seq: int, at: datetime, actor: str, action: str, entity: str,
               entity_id: str | None, details: dict[str, Any]) -> bytes:
    body = {
        "seq": seq, "at": at.isoformat(timespec="microseconds"), "actor": actor,
        "action": action, "entity": entity, "entity_id": entity_id, "details": details,
    }
    return json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":"),
                      default=str).encode("utf-8")


def entry_hash(prev_hash: str, seq: int, at: datetime, actor: str, action: str, entity: str,
               entity_id: str | None, details: dict[str, Any]) -> str:
    payload = prev_hash.encode("ascii") + _canonical(seq, at, actor, action, entity, entity_id, details)
    return hashlib.sha256(payload).hexdigest()


def append_audit(session: Session, actor: Actor, action: str, entity: str,
                 entity_id: object | None = None, details: dict[str, Any] | None = None) -> AuditEntry:
    """Append one entry in the caller's transaction; the head row serialises concurrent writers."""
    details = json.loads(json.dumps(details or {}, ensure_ascii=False, default=str))
    head = session.scalars(select(AuditHead).where(AuditHead.id == 1).with_for_update()).first()
    if head is None:
        head = AuditHead(id=1, seq=0, hash=GENESIS)
        session.add(head)
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


@dataclass(frozen=True)
class ChainCheck:
    ok: bool
    entries: int
    first_bad_seq: int | None = None
    problem: str | None = None  # altered / missing / head_mismatch


def verify_chain(session: Session, batch: int = 5000) -> ChainCheck:
    """Walk the whole chain; report the first entry that was edited, removed or cut off."""
    prev, expected_seq, count = GENESIS, 1, 0
    last_seq = 0
    while True:
        rows = session.scalars(
            select(AuditEntry).where(AuditEntry.seq >= expected_seq).order_by(AuditEntry.seq).limit(batch)
        ).all()
        if not rows:
            break
        for row in rows:
            if row.seq != expected_seq:
                return ChainCheck(False, count, expected_seq, "missing")
            digest = entry_hash(prev, row.seq, row.at, row.actor, row.action, row.entity,
                                row.entity_id, row.details)
            if row.prev_hash != prev or row.hash != digest:
                return ChainCheck(False, count, row.seq, "altered")
            prev, expected_seq, last_seq = row.hash, expected_seq + 1, row.seq
            count += 1
    head = session.get(AuditHead, 1)
    if head is not None and (head.seq != last_seq or head.hash != prev):
        return ChainCheck(False, count, last_seq + 1, "head_mismatch")
    return ChainCheck(True, count)
