"""The audit log's hash chain, and appending to it through Core (issue 16).

``hash = SHA-256(prev_hash ‖ canonical entry)``; the ``audit_head`` row holds the newest seq
and hash and serialises writers (``SELECT … FOR UPDATE`` on PostgreSQL, ``BEGIN IMMEDIATE`` on
SQLite). :func:`entry_hash` is the one definition of the chain: ``app.services.audit`` (the
ORM services' append, the chain walk) imports it from here. :func:`append_entry` is the same
append as ``app.services.audit.append_audit`` — same rows, same head update, the same
head-restored incident when the head row is gone — for transactions that run on a Core
connection and load no model (the CLI's ``verify``, sign-in). Never mix the two in one ORM
session: the ORM caches the head row.
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from typing import Any

from sqlalchemy import func, insert, select, update
from sqlalchemy.engine import Connection

from app.domain.clock import utcnow
from app.store.tables import audit_checkpoints, audit_head, audit_log
from app.store.text_checks import check_row_values

GENESIS = "0" * 64
INCIDENT_HEAD_RESTORED = "audit_head_restored"
SYSTEM_ACTOR = "system"


def canonical(seq: int, at: datetime, actor: str, action: str, entity: str,
              entity_id: str | None, details: dict[str, Any]) -> bytes:
    body = {
        "seq": seq, "at": at.isoformat(timespec="microseconds"), "actor": actor,
        "action": action, "entity": entity, "entity_id": entity_id, "details": details,
    }
    return json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":"),
                      default=str).encode("utf-8")


def entry_hash(prev_hash: str, seq: int, at: datetime, actor: str, action: str, entity: str,
               entity_id: str | None, details: dict[str, Any]) -> str:
    payload = prev_hash.encode("ascii") + canonical(seq, at, actor, action, entity, entity_id, details)
    return hashlib.sha256(payload).hexdigest()


def append_entry(conn: Connection, actor: str, action: str, entity: str,
                 entity_id: object | None = None, details: dict[str, Any] | None = None) -> int:
    """Append one entry in the caller's transaction; returns its seq."""
    head = conn.execute(select(audit_head.c.seq, audit_head.c.hash)
                        .where(audit_head.c.id == 1).with_for_update()).first()
    if head is None:
        seq, digest = _recreate_head(conn)
    else:
        seq, digest = int(head.seq), str(head.hash)
    return _append(conn, seq, digest, actor, action, entity, entity_id, details)


def _append(conn: Connection, head_seq: int, head_hash: str, actor: str, action: str,
            entity: str, entity_id: object | None, details: dict[str, Any] | None) -> int:
    details = json.loads(json.dumps(details or {}, ensure_ascii=False, default=str))
    seq = head_seq + 1
    at = utcnow()  # microseconds survive both backends: the hash is recomputed from the row
    eid = str(entity_id) if entity_id is not None else None
    digest = entry_hash(head_hash, seq, at, actor, action, entity, eid, details)
    row = {"seq": seq, "at": at, "actor": actor, "action": action, "entity": entity,
           "entity_id": eid, "details": details, "prev_hash": head_hash, "hash": digest}
    check_row_values(audit_log, row)
    conn.execute(insert(audit_log).values(**row))
    conn.execute(update(audit_head).where(audit_head.c.id == 1).values(seq=seq, hash=digest))
    return seq


def _recreate_head(conn: Connection) -> tuple[int, str]:
    """As ``app.services.audit._recreate_head``: continue from the newest entry, and record
    a permanent ``audit_head_restored`` incident unless the register is new."""
    last = conn.execute(select(audit_log.c.seq, audit_log.c.hash)
                        .order_by(audit_log.c.seq.desc()).limit(1)).first()
    checkpoints = conn.execute(select(func.count()).select_from(audit_checkpoints)).scalar() or 0
    seq, digest = (int(last.seq), str(last.hash)) if last is not None else (0, GENESIS)
    conn.execute(insert(audit_head).values(id=1, seq=seq, hash=digest))
    if last is not None or checkpoints:
        seq = _append(conn, seq, digest, SYSTEM_ACTOR, INCIDENT_HEAD_RESTORED, "audit_log", seq,
                      {"entries_found": seq, "checkpoints_found": checkpoints})
        digest = conn.execute(select(audit_head.c.hash).where(audit_head.c.id == 1)).scalar_one()
    return seq, digest
