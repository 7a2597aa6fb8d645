"""Import a sync bundle: check who sent it, to whom, in which order; apply it whole or not at all.

Checks, before a single row is touched: the file is a bundle (``not_bundle``); it is for
this office (``wrong_receiver``); its sender is a paired office (``foreign``) and one of that
office's trusted keys signed its header (``signature``); its sequence follows what we applied
(the same bundle again: ``already_applied``, nothing changes; an older one: ``replayed``; one
whose content starts after bundles we never got: ``gap``). Then the records stream in and are
applied in the caller's single transaction; a bad frame, a truncated end or a failing row
raises, and the caller's rollback leaves the register as it was.

Per row: a row we do not have is inserted; one equal to ours is only noted as known; one
changed only on their side replaces ours; one changed on both sides since the last sync is a
conflict. For persons and employers both versions are kept and the row is queued for a
reviewer (app.services.sync_conflicts); for every other row the central office's version wins
(it decides: filings' states, registrations, certificates).
"""

from __future__ import annotations

import json
import uuid
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import IO, Any

from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.codes import signed_json as sj
from app.codes.sync_bundle import BundleHeader, check_signature, read_records
from app.codes.trust_file import parse_trust_file
from app.domain.name_keys import name_search_keys
from app.errors import InvalidInput, RuleViolation
from app.models.certificates import IssuerKey
from app.models.people import PersonNameKey
from app.models.sync import SyncConflict, SyncOffice, SyncVerificationSummary
from app.services.base import Actor
from app.services.name_index import refresh_name_keys
from app.services.sync_aliases import Aliases, natural_twins
from app.services.sync_export import known_states, set_state, set_states
from app.services.sync_files import apply_file
from app.services.sync_tables import (
    BY_ENTITY,
    CONFLICT_ENTITIES,
    CONFLICT_KEY,
    SyncedTable,
    decode_row,
    encode_row,
    row_hash,
)
from app.services.sync_trust import apply_relayed
from app.services.sync_trust import digest as relayed_digest
from app.services.trust_import import apply_trust_file

Progress = Callable[[int, int], None]


@dataclass
class Applied:
    counts: Counter[str] = field(default_factory=Counter)
    conflicts: int = 0
    overridden: int = 0  # both changed; the central office's version won


def _refuse(code: str, **params: Any) -> InvalidInput:
    return InvalidInput(code, **params)  # the message names the bundle itself


def check_header(s: Session, header: BundleHeader, own_code: str) -> tuple[SyncOffice, bool]:
    """(the sending office, already applied?) or a refusal; reads nothing after the header."""
    if header.receiver_code != own_code:
        raise _refuse("sync_bundle_wrong_receiver", receiver=header.receiver_code, ours=own_code)
    peer = s.get(SyncOffice, header.sender_code)
    key = s.get(IssuerKey, header.sender_key_id)
    if peer is None or key is None or key.office_code != header.sender_code \
            or key.source != "imported" or key.compromised_at is not None:
        raise _refuse("sync_bundle_foreign", office=header.sender_name, office_code=header.sender_code)
    check_signature(header, bytes(key.public_key))
    if header.digest == peer.last_received_digest:
        return peer, True
    if header.seq <= peer.last_received_seq:
        raise _refuse("sync_bundle_replayed", seq=header.seq, last=peer.last_received_seq,
                      office=peer.name)
    if header.since_seq > peer.last_received_seq:
        raise _refuse("sync_bundle_gap", seq=header.seq, first=peer.last_received_seq + 1,
                      last=header.since_seq, office=peer.name)
    if header.acked_seq > peer.last_sent_seq:
        raise _refuse("sync_bundle_corrupted")  # acknowledges a bundle we never sent
    return peer, False


BATCH = 500
Pending = list[tuple[str, str, dict[str, Any]]]  # (row id, hash, row) of one entity


def apply_bundle(s: Session, actor: Actor, f: IO[bytes], header: BundleHeader, peer: SyncOffice,
                 private_key: bytes, own_role: str, sender_public_key: bytes,
                 progress: Progress | None = None) -> Applied:
    """Apply every record, rows in batches of one entity (one SELECT for a batch's ids, one
    multi-row INSERT for the new ones): 10,000 persons with photos stay well under a minute."""
    known = known_states(s, peer.code)
    result = Applied()
    theirs_wins = peer.role == "central" and own_role == "field"
    pending: Pending = []
    entity = ""
    aliases = Aliases(s, peer.code)

    def flush() -> None:
        if pending:
            _apply_rows(s, peer, BY_ENTITY[entity], pending, known, theirs_wins, result, aliases)
            pending.clear()

    try:
        for done, record in enumerate(read_records(f, header, private_key, sender_public_key), 1):
            kind, row_id, digest = str(record["t"]), str(record["id"]), str(record["h"])
            body = record["r"]
            if not isinstance(body, dict):
                raise ValueError("row is not an object")
            if kind != entity:
                flush()
                entity = kind
            if kind == "trust":
                _apply_trust(s, actor, peer, row_id, sj.unb64(body["file"]))
                set_state(s, peer.code, kind, row_id, digest, 0, known)
            elif kind in ("trusted_key", "revocation_entry"):
                if relayed_digest(body) != digest:
                    raise ValueError("row does not match its hash")
                if peer.role == "central":  # only the central office relays trust
                    apply_relayed(s, kind, row_id, body, header.receiver_code, peer.code,
                                  result.counts)
                set_state(s, peer.code, kind, row_id, digest, 0, known)
            elif kind == "certificate_file":
                if peer.role == "central":  # only the central office seals certificates
                    apply_file(s, row_id, body, f"{peer.code}#{header.seq}")
                set_state(s, peer.code, kind, row_id, digest, 0, known)
            elif kind == "verification_summary":
                _apply_summary(s, peer.code, row_id, int(body["count"]))
                set_state(s, peer.code, kind, row_id, digest, 0, known)
            else:
                if row_hash(body, BY_ENTITY[kind]) != digest or body.get("id") != row_id:
                    raise ValueError("row does not match its hash")
                pending.append((row_id, digest, body))
                if len(pending) >= BATCH:
                    flush()
            result.counts[kind] += 1
            if progress is not None and done % BATCH == 0:
                progress(done, 0)
        flush()
    except (KeyError, ValueError, TypeError) as exc:
        raise _refuse("sync_bundle_corrupted") from exc
    except IntegrityError as exc:
        raise RuleViolation("sync_bundle_clash", entity=entity,
                            detail=str(exc.orig).splitlines()[0]) from exc
    return result


def _apply_rows(s: Session, peer: SyncOffice, table: SyncedTable, pending: Pending,
                known: dict[tuple[str, str], tuple[str, int]], theirs_wins: bool,
                result: Applied, aliases: Aliases) -> None:
    pending = [aliases.remap(table, i, d, b) for i, d, b in pending]
    key = table.table.c["id"]
    ours_by_id = {str(r.id): encode_row(r._mapping, table) for r in s.execute(
        select(table.table).where(key.in_([uuid.UUID(i) for i, _, _ in pending])))}
    fresh = [b for i, _, b in pending if i not in ours_by_id]
    twins = natural_twins(s, table, fresh) if table.entity in CONFLICT_KEY and fresh else {}
    for their_id, twin in twins.items():  # created in both offices: keep ours, queue theirs
        aliases.add(table.entity, their_id, str(twin["id"]))
        ours_by_id[str(twin["id"])] = encode_row(twin, table)
    if twins:
        pending = [aliases.remap(table, i, d, b) if i in twins else (i, d, b)
                   for i, d, b in pending]
        twin_ids = {str(t["id"]) for t in twins.values()}
        for row_id, digest, body in pending:
            if row_id in twin_ids and row_hash(ours_by_id[row_id], table) != digest:
                _queue_conflict(s, peer, table, row_id, dict(ours_by_id[row_id]), body, digest)
                result.conflicts += 1
        pending = [p for p in pending if p[0] not in twin_ids]
    new = [decode_row(body, table) for row_id, _, body in pending if row_id not in ours_by_id]
    if new:
        s.execute(table.table.insert(), new)
        if table.entity == "person":
            _index_names(s, new)
    for row_id, digest, body in pending:
        ours = ours_by_id.get(row_id)
        if ours is not None:
            _apply_row(s, peer, table, row_id, digest, body, ours, known, theirs_wins, result)
    set_states(s, peer.code, table.entity, [(i, d) for i, d, _ in pending], 0, known)


def _index_names(s: Session, persons: list[dict[str, Any]]) -> None:
    """The search keys of new persons (app.services.name_index), in one statement."""
    keys = [{"person_id": p["id"], "key": key} for p in persons
            for key in sorted(name_search_keys(p["name"]))]
    if keys:
        s.execute(insert(PersonNameKey), keys)


def _apply_trust(s: Session, actor: Actor, peer: SyncOffice, row_id: str, data: bytes) -> None:
    parsed = parse_trust_file(data)
    if parsed.office_code != peer.code or row_id != peer.code:
        raise ValueError("trust file of another office")
    _, suspicious = apply_trust_file(s, actor, parsed, accept_unconfirmed=False)
    if suspicious is not None:
        raise RuleViolation("trust_file_suspicious", office=parsed.office_name,
                            signed_by=", ".join(parsed.signed_by))


def _apply_summary(s: Session, office: str, key: str, count: int) -> None:
    day_text, _, status = key.partition("/")
    day = date.fromisoformat(day_text)
    row = s.get(SyncVerificationSummary, (office, day, status))
    if row is None:
        s.add(SyncVerificationSummary(office_code=office, day=day, status=status, count=count))
    else:
        row.count = count
    s.flush()


def current_row(s: Session, table: SyncedTable, row_id: str) -> dict[str, Any] | None:
    found = s.execute(select(table.table).where(table.table.c["id"] == uuid.UUID(row_id))).first()
    return None if found is None else encode_row(found._mapping, table)


def write_row(s: Session, table: SyncedTable, row_id: str, values: dict[str, Any],
              exists: bool) -> None:
    decoded = decode_row(values, table)
    if exists:
        s.execute(table.table.update().where(table.table.c["id"] == uuid.UUID(row_id))
                  .values(**decoded))
    else:
        s.execute(table.table.insert().values(**decoded))
    if table.entity == "person":
        refresh_name_keys(s, uuid.UUID(row_id), decoded["name"])


def _apply_row(s: Session, peer: SyncOffice, table: SyncedTable, row_id: str, digest: str,
               theirs: dict[str, Any], ours: dict[str, Any],
               known: dict[tuple[str, str], tuple[str, int]], theirs_wins: bool,
               result: Applied) -> None:
    """A row we have: unchanged, theirs newer, or changed on both sides (see the module)."""
    ours_hash = row_hash(ours, table)
    if ours_hash == digest:
        return
    state = known.get((table.entity, row_id))
    changed_here = state is None or state[0] != ours_hash
    if not changed_here:
        write_row(s, table, row_id, theirs, exists=True)
        return
    if table.entity in CONFLICT_ENTITIES:
        _queue_conflict(s, peer, table, row_id, ours, theirs, digest)
        result.conflicts += 1
        return
    result.overridden += 1
    if theirs_wins:
        write_row(s, table, row_id, theirs, exists=True)


def _queue_conflict(s: Session, peer: SyncOffice, table: SyncedTable, row_id: str,
                    ours: dict[str, Any], theirs: dict[str, Any], digest: str) -> None:
    """Both versions kept: ours stays in the register, theirs waits in the queue. An open
    conflict on the same row is replaced by the newer one of theirs."""
    ours.pop("data", None)
    open_one = s.scalars(select(SyncConflict).where(
        SyncConflict.peer_code == peer.code, SyncConflict.entity == table.entity,
        SyncConflict.row_id == row_id, SyncConflict.resolved_at.is_(None))).first()
    key = str(theirs.get(CONFLICT_KEY[table.entity]) or "")
    label = str(theirs.get("name") or ours.get("name") or key)
    if open_one is not None:
        open_one.theirs, open_one.ours, open_one.their_hash = theirs, ours, digest
    else:
        s.add(SyncConflict(peer_code=peer.code, entity=table.entity, row_id=row_id,
                           entity_key=key[:64], label=label[:200], ours=ours, theirs=theirs,
                           their_hash=digest))
    s.flush()


def describe(counts: Counter[str]) -> str:
    return json.dumps(dict(counts), sort_keys=True)
