"""Export a sync bundle: every row the other office lacks since its last acknowledgement.

Change tracking is by content, per row and per partner (``sync_row_state``): a row is sent
when its hash differs from the one the partner is known to have, or when the bundle that last
carried it is not yet acknowledged (``seq`` above the partner's ``acked_seq``). So a lost USB
stick costs nothing: the next bundle carries everything again. Rows that came from the
partner are recorded with ``seq`` 0 and never echo back. No service has to remember to log
its changes, and a row changed by a migration or a repair travels too.

Beside the rows: the sender's trust file (keys and signed revocation list) whenever it
changed, and, from a field office, the verification log summarised per day and result.
"""

from __future__ import annotations

import hashlib
import json
import os
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.orm import Session

from app.codes import signed_json as sj
from app.codes.keys import Signer
from app.codes.sync_bundle import BundleWriter
from app.inputs import check_output_path
from app.models.certificates import VerificationRecord
from app.models.sync import SyncOffice, SyncRowState
from app.services.sync_tables import SYNCED, SyncedTable, encode_row, row_hash
from app.services.sync_trust import digest as relayed_digest
from app.services.sync_trust import relayed_rows

Progress = Callable[[int, int], None]
SealFiles = Callable[[Session, list[str]], Iterator[tuple[str, dict[str, Any]]]]
BATCH = 500


def known_states(s: Session, peer: str) -> dict[tuple[str, str], tuple[str, int]]:
    rows = s.execute(select(SyncRowState.entity, SyncRowState.row_id, SyncRowState.hash,
                            SyncRowState.seq).where(SyncRowState.peer_code == peer))
    return {(e, r): (h, q) for e, r, h, q in rows}


def set_state(s: Session, peer: str, entity: str, row_id: str, digest: str, seq: int,
              known: dict[tuple[str, str], tuple[str, int]]) -> None:
    """Record what ``peer`` has (or is being sent) of one row, in the caller's transaction."""
    if (entity, row_id) in known:
        s.execute(update(SyncRowState)
                  .where(SyncRowState.peer_code == peer, SyncRowState.entity == entity,
                         SyncRowState.row_id == row_id).values(hash=digest, seq=seq))
    else:
        s.execute(insert(SyncRowState).values(peer_code=peer, entity=entity,
                                                          row_id=row_id, hash=digest, seq=seq))
    known[(entity, row_id)] = (digest, seq)


def set_states(s: Session, peer: str, entity: str, rows: list[tuple[str, str]], seq: int,
               known: dict[tuple[str, str], tuple[str, int]]) -> None:
    """``set_state`` for many rows of one entity in two statements (a bundle of 10,000
    persons writes 50,000 states: one statement each would dominate the export)."""
    if not rows:
        return
    seen = [row_id for row_id, _ in rows if (entity, row_id) in known]
    if seen:
        s.execute(delete(SyncRowState).where(SyncRowState.peer_code == peer,
                                             SyncRowState.entity == entity,
                                             SyncRowState.row_id.in_(seen)))
    s.execute(insert(SyncRowState), [{"peer_code": peer, "entity": entity, "row_id": row_id,
                                      "hash": digest, "seq": seq} for row_id, digest in rows])
    for row_id, digest in rows:
        known[(entity, row_id)] = (digest, seq)


def _needs(known: dict[tuple[str, str], tuple[str, int]], key: tuple[str, str], digest: str,
           acked: int) -> bool:
    state = known.get(key)
    return state is None or state[0] != digest or state[1] > acked


def _rows(s: Session, t: SyncedTable) -> Iterator[dict[str, Any]]:
    columns = [c for c in t.table.columns if c.name not in t.hash_exclude]
    query = select(*columns).order_by(*t.order_by).execution_options(yield_per=BATCH)
    for row in s.execute(query):
        yield encode_row(row._mapping, t, with_excluded=False)


def _with_excluded(s: Session, t: SyncedTable, batch: list[tuple[str, dict[str, Any]]]
                   ) -> Iterator[tuple[str, dict[str, Any]]]:
    """Fetch the columns left out of the scan (attachment bytes) for the rows being sent."""
    if not t.hash_exclude:
        yield from batch
        return
    ids = [row["id"] for _, row in batch]
    extra_cols = [t.table.c[n] for n in sorted(t.hash_exclude)]
    key = t.table.c["id"]
    decoded = {str(r[0]): r for r in s.execute(select(key, *extra_cols).where(
        key.in_([uuid.UUID(i) for i in ids])))}
    for digest, row in batch:
        got = decoded[row["id"]]
        for i, col in enumerate(extra_cols, start=1):
            value = got[i]
            row[col.name] = sj.b64(bytes(value)) if isinstance(value, bytes | memoryview) else value
        yield digest, row


def verification_summary(s: Session) -> dict[str, int]:
    """{"YYYY-MM-DD/status": count} of this office's verification log (no personal data)."""
    out: Counter[str] = Counter()
    query = select(VerificationRecord.at, VerificationRecord.status).execution_options(
        yield_per=2000)
    for at, status in s.execute(query):
        out[f"{at.date().isoformat()}/{status}"] += 1
    return dict(out)


def write_bundle(s: Session, peer: SyncOffice, out: Path, *, signer: Signer, sender_code: str,
                 sender_name: str, role: str, trust_file: bytes | None, now: datetime,
                 progress: Progress | None = None,
                 seal_files: SealFiles | None = None) -> tuple[int, dict[str, int], int]:
    """Write the bundle for ``peer`` to ``out`` (atomically) and record what it carried.

    Returns (seq, counts per entity, file size). The caller's transaction commits the row
    states and the partner's new ``last_sent_seq`` only if the file was written whole."""
    check_output_path(out, "out")
    seq = peer.last_sent_seq + 1
    acked = peer.acked_seq
    known = known_states(s, peer.code)
    total = sum(s.scalar(select(func.count()).select_from(t.table)) or 0 for t in SYNCED)
    counts: Counter[str] = Counter()
    tmp = out.with_name(f".{out.name}.partial")
    done = 0
    sent_serials: list[str] = []
    try:
        with open(tmp, "wb") as f:
            writer = BundleWriter(f, signer=signer, sender_code=sender_code,
                                  sender_name=sender_name, receiver_code=peer.code,
                                  receiver_public_key=bytes(peer.encryption_key), seq=seq,
                                  since_seq=acked, acked_seq=peer.last_received_seq,
                                  created_at=now)
            for t in SYNCED:
                batch: list[tuple[str, dict[str, Any]]] = []
                for row in _rows(s, t):
                    done += 1
                    digest = row_hash(row, t)
                    if _needs(known, (t.entity, row["id"]), digest, acked):
                        batch.append((digest, row))
                    if len(batch) >= BATCH:
                        _send(s, writer, t, batch, peer.code, seq, known, counts)
                        sent_serials += _serials(t, batch)
                        batch = []
                    if progress is not None and done % BATCH == 0:
                        progress(done, total)
                _send(s, writer, t, batch, peer.code, seq, known, counts)
                sent_serials += _serials(t, batch)
            if seal_files is not None:  # the central office's sealed files of what it sent
                for row_id, row in seal_files(s, sent_serials):
                    writer.add({"t": "certificate_file", "id": row_id, "h": row["sha256"], "r": row})
                    set_state(s, peer.code, "certificate_file", row_id, row["sha256"], seq, known)
                    counts["certificate_file"] += 1
            _extras(s, writer, peer.code, seq, acked, known, counts, role, trust_file, sender_code)
            writer.close()
            os.fsync(f.fileno())
        os.replace(tmp, out)
    finally:
        if tmp.exists():
            tmp.unlink()
    if progress is not None:
        progress(total, total)
    return seq, dict(counts), writer.bytes_written


def _serials(t: SyncedTable, batch: list[tuple[str, dict[str, Any]]]) -> list[str]:
    return [row["serial"] for _, row in batch] if t.entity == "certificate" else []


def _send(s: Session, writer: BundleWriter, t: SyncedTable, batch: list[tuple[str, dict[str, Any]]],
          peer: str, seq: int, known: dict[tuple[str, str], tuple[str, int]],
          counts: Counter[str]) -> None:
    sent = []
    for digest, row in _with_excluded(s, t, batch):
        writer.add({"t": t.entity, "id": row["id"], "h": digest, "r": row})
        sent.append((row["id"], digest))
        counts[t.entity] += 1
    set_states(s, peer, t.entity, sent, seq, known)


def _extras(s: Session, writer: BundleWriter, peer: str, seq: int, acked: int,
            known: dict[tuple[str, str], tuple[str, int]], counts: Counter[str], role: str,
            trust_file: bytes | None, sender_code: str) -> None:
    if trust_file is not None:
        # The file's date changes at every export; its keys and revocations are what count.
        # Keyed by the office it describes: the partner's own trust file has its own state.
        digest = hashlib.sha256(trust_file_state(trust_file)).hexdigest()
        if _needs(known, ("trust", sender_code), digest, acked):
            writer.add({"t": "trust", "id": sender_code, "h": digest,
                        "r": {"file": sj.b64(trust_file)}})
            set_state(s, peer, "trust", sender_code, digest, seq, known)
            counts["trust"] += 1
    if role == "central":  # trust-list updates: other offices' keys and revocations
        for entity, row_id, row in relayed_rows(s, peer):
            digest = relayed_digest(row)
            if _needs(known, (entity, row_id), digest, acked):
                writer.add({"t": entity, "id": row_id, "h": digest, "r": row})
                set_state(s, peer, entity, row_id, digest, seq, known)
                counts[entity] += 1
    if role == "field":
        for key, count in sorted(verification_summary(s).items()):
            digest = hashlib.sha256(f"{key}={count}".encode()).hexdigest()
            if _needs(known, ("verification_summary", key), digest, acked):
                writer.add({"t": "verification_summary", "id": key, "h": digest,
                            "r": {"count": count}})
                set_state(s, peer, "verification_summary", key, digest, seq, known)
                counts["verification_summary"] += 1


def trust_file_state(data: bytes) -> bytes:
    """The parts of a trust file that change its meaning: keys, office, revocation entries."""
    doc = json.loads(data)
    rl = doc.get("revocation_list") or {}
    return sj.canonical({"office": doc.get("office"), "keys": doc.get("keys"),
                         "revoked": rl.get("entries") if isinstance(rl, dict) else None})
