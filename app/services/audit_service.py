"""Anchoring the audit log outside the database, and the full check behind ``audit verify``.

The hash chain (:mod:`app.services.audit`) shows edits only to someone who cannot recompute
it — and anyone holding the database file can. So the chain is anchored by checkpoints signed
with the office key (:mod:`app.codes.audit_checkpoint`), made whenever the key is unlocked
anyway (every certificate annotation, at most one per ``audit.checkpoint_minutes``; key
rotation) and on demand (``audit checkpoint``, which also writes a file to keep elsewhere).

:meth:`AuditService.verify` reports every finding, not only the first:

- the chain: an entry edited (``altered``), removed (``missing``), the tail cut off
  (``head_mismatch``), the head row removed (``head_missing``), or an earlier removal of the
  head recorded by the log itself (``head_restored``, until an administrator acknowledges it);
- the checkpoints in the database: a signature that does not verify with one of the office's
  own keys (``checkpoint_forged``), a chain that no longer reaches a checkpoint
  (``checkpoint_beyond_chain``: wiped or truncated), an entry whose hash differs from the
  signed one (``checkpoint_mismatch``: rewritten or recomputed), a checkpoint the log
  mentions that is gone (``checkpoint_row_missing``);
- the same for checkpoints kept outside the database (``external_*``): a file given with
  ``--checkpoint`` and the copy each workstation keeps in its data directory;
- the append-only triggers (``guard_missing``; ``db upgrade`` restores them).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.codes.audit_checkpoint import Checkpoint, parse_checkpoint, sign_checkpoint
from app.codes.keys import Signer
from app.errors import InvalidInput, NotFound, RuleViolation
from app.models.audit_guard import guard_problems
from app.models.base import utcnow
from app.models.certificates import IssuerKey
from app.models.staff import AuditCheckpoint, AuditEntry, AuditHead
from app.services.audit import (
    CHECKPOINT_ACTION,
    INCIDENT_ACKNOWLEDGED,
    INCIDENT_HEAD_RESTORED,
    append_audit,
    walk_chain,
)
from app.services.base import Actor, Service
from app.services.key_service import current_signer
from app.services.office_settings import AUDIT_CHECKPOINT_MINUTES, read_setting

# Every code AuditFinding.code takes (labels.toml names each one).
FINDING_CODES = frozenset({
    "altered", "missing", "head_mismatch", "head_missing", "head_restored", "guard_missing",
    *(f"{where}_{what}" for where in ("checkpoint", "external")
      for what in ("forged", "key_unknown", "key_compromised", "mismatch", "beyond_chain")),
    "checkpoint_row_missing", "external_damaged",
})
WITNESS = "witness"  # the name of the workstation's own copy among the external checkpoints


@dataclass(frozen=True)
class AuditFinding:
    code: str
    seq: int | None = None
    detail: str = ""  # trigger names, or which external checkpoint


@dataclass(frozen=True)
class AuditReport:
    ok: bool
    entries: int
    findings: tuple[AuditFinding, ...]
    checkpoints: int      # signed checkpoints in the database
    anchored_seq: int     # newest entry covered by a checkpoint that checked out
    unanchored: int       # entries after it, protected by the chain alone
    acknowledged: tuple[int, ...]  # earlier incidents an administrator has acknowledged
    # The newest checkpoint that checked out, as a file: the CLI keeps it as the witness.
    newest_checkpoint: bytes | None = None


def _row_checkpoint(row: AuditCheckpoint) -> Checkpoint:
    return Checkpoint(row.office_code, row.seq, row.hash, row.at, row.key_id,
                      bytes(row.public_key), bytes(row.signature))


def make_checkpoint(s: Session, signer: Signer, office_code: str, actor: Actor,
                    min_interval: timedelta | None = None) -> Checkpoint | None:
    """Sign the chain's current head inside the caller's transaction.

    Returns the newest checkpoint (possibly an earlier one when nothing but that checkpoint's
    own entry was added since), or None when ``min_interval`` has not passed yet (or the seq
    is taken by a checkpoint of a wiped log)."""
    head = s.scalars(select(AuditHead).where(AuditHead.id == 1).with_for_update()).first()
    if head is None or head.seq == 0:
        append_audit(s, actor, "audit_started", "audit_log")  # a checkpoint needs an entry
        head = s.get(AuditHead, 1)
        assert head is not None
    last = s.scalars(select(AuditCheckpoint).order_by(AuditCheckpoint.seq.desc()).limit(1)).first()
    now = utcnow()
    if last is not None:
        newest = s.get(AuditEntry, head.seq)
        if (newest is not None and newest.action == CHECKPOINT_ACTION
                and newest.details.get("seq") == last.seq and newest.prev_hash == last.hash):
            return _row_checkpoint(last)  # nothing but that checkpoint's own entry since
    if last is not None and min_interval is not None and now - last.at < min_interval:
        return None
    if s.get(AuditCheckpoint, head.seq) is not None:
        # A checkpoint already names this seq with another hash: the log was wiped and has
        # grown again. `audit verify` reports it; signing in and annotating must go on.
        return None
    cp = sign_checkpoint(signer, office_code, head.seq, head.hash, now)
    s.add(AuditCheckpoint(seq=cp.seq, hash=cp.hash, at=cp.at, office_code=cp.office_code,
                          key_id=cp.key_id, public_key=cp.public_key, signature=cp.signature))
    append_audit(s, actor, CHECKPOINT_ACTION, "audit_log", cp.seq,
                 {"seq": cp.seq, "hash": cp.hash, "key_id": cp.key_id})
    return cp


def auto_checkpoint(s: Session, signer: Signer, office_code: str, actor: Actor) -> None:
    """The checkpoint made whenever the office key is unlocked for other work."""
    minutes = read_setting(s, AUDIT_CHECKPOINT_MINUTES)
    make_checkpoint(s, signer, office_code, actor, timedelta(minutes=minutes))


def _check(cp: Checkpoint, own: Mapping[str, bytes], hashes: Mapping[int, str], chain_ok: bool,
           last_seq: int, prefix: str, detail: str,
           compromised: Mapping[str, datetime] | None = None) -> AuditFinding | None:
    if not cp.signature_ok() or own.get(cp.key_id) != cp.public_key:
        code = "forged" if not cp.signature_ok() else "key_unknown"
        return AuditFinding(f"{prefix}_{code}", cp.seq, detail)
    since = (compromised or {}).get(cp.key_id)
    if since is not None and cp.at >= since:
        # Signed by a key after its compromise date (issue 10's key life cycle): the thief
        # could have made it, so it anchors nothing.
        return AuditFinding(f"{prefix}_key_compromised", cp.seq, detail)
    if cp.seq in hashes:
        return None if hashes[cp.seq] == cp.hash else AuditFinding(f"{prefix}_mismatch", cp.seq, detail)
    if chain_ok and cp.seq > last_seq:
        return AuditFinding(f"{prefix}_beyond_chain", cp.seq, detail)
    return None  # after a break in the chain, already reported


class AuditService(Service):
    def verify(self, external: Mapping[str, bytes] | None = None) -> AuditReport:
        """Check the chain, its anchors and its guards. ``external``: name -> checkpoint file
        (a malformed ``--checkpoint`` file is refused; a damaged witness is a finding)."""
        self.require("audit.read")
        findings: list[AuditFinding] = []
        outside: dict[str, Checkpoint] = {}
        for name, data in (external or {}).items():
            try:
                outside[name] = parse_checkpoint(data)
            except InvalidInput:
                if name != WITNESS:
                    raise
                findings.append(AuditFinding("external_damaged", None, name))
        with self.db.session_scope(write=False) as s:
            rows = list(s.scalars(select(AuditCheckpoint).order_by(AuditCheckpoint.seq)))
            inside = [_row_checkpoint(r) for r in rows]
            want = {c.seq for c in inside} | {c.seq for c in outside.values()}
            walk = walk_chain(s, want)
            # The demo key's passphrase is published: it never anchors the log.
            own_rows = list(s.scalars(select(IssuerKey).where(
                IssuerKey.source == "own", IssuerKey.demo.is_(False))))
            own = {r.key_id: bytes(r.public_key) for r in own_rows}
            compromised = {r.key_id: r.compromised_at for r in own_rows
                           if r.compromised_at is not None}
            guards = guard_problems(s.connection())
        chain = walk.check
        if not chain.ok:
            findings.append(AuditFinding(chain.problem or "altered", chain.first_bad_seq))
        findings += [AuditFinding("head_restored", seq) for seq in walk.incidents
                     if seq not in walk.acknowledged]
        anchored, newest = 0, None
        for cp in inside:
            bad = _check(cp, own, walk.hashes, chain.ok, walk.last_seq, "checkpoint", "",
                         compromised)
            if bad is not None:
                findings.append(bad)
            elif cp.seq in walk.hashes:
                anchored, newest = max(anchored, cp.seq), cp
        stored = {c.seq for c in inside}
        findings += [AuditFinding("checkpoint_row_missing", seq)
                     for seq in walk.checkpoint_entries if seq not in stored]
        for name, cp in outside.items():
            bad = _check(cp, own, walk.hashes, chain.ok, walk.last_seq, "external", name,
                         compromised)
            if bad is not None:
                findings.append(bad)
            elif cp.seq in walk.hashes:
                anchored = max(anchored, cp.seq)
        if guards:
            findings.append(AuditFinding("guard_missing", None, ", ".join(guards)))
        return AuditReport(
            not findings, chain.entries, tuple(findings), len(inside), anchored,
            max(walk.last_seq - anchored, 0), tuple(sorted(walk.acknowledged)),
            newest.to_file() if newest is not None and not findings else None)

    def checkpoint(self, passphrase: str) -> bytes:
        """Sign the chain's head now (the operator proves they hold the office key); the file
        is kept away from the database: a USB stick, the supervising authority's inbox."""
        self.require("audit.read")
        with self.db.session_scope() as s:
            signer, row = current_signer(s, passphrase)
            cp = make_checkpoint(s, signer, row.office_code, self.actor)
            if cp is None:
                raise RuleViolation("audit_checkpoint_conflict")
            return cp.to_file()

    def acknowledge(self, incident_seq: int, note: str) -> None:
        """Record that an administrator investigated an incident the log recorded about itself
        (the entry stays; ``audit verify`` lists it as acknowledged instead of failing)."""
        self.require("audit.acknowledge")
        note = " ".join((note or "").split())
        if not note:
            raise InvalidInput("required", field="note")
        if not 1 <= incident_seq < 2**63:  # (issue 11) a number the database can look up
            raise NotFound("audit_incident_not_found", field="seq", seq=incident_seq)
        with self.db.session_scope() as s:
            entry = s.get(AuditEntry, incident_seq)
            if entry is None or entry.action != INCIDENT_HEAD_RESTORED:
                raise NotFound("audit_incident_not_found", field="seq", seq=incident_seq)
            append_audit(s, self.actor, INCIDENT_ACKNOWLEDGED, "audit_log", incident_seq,
                         {"incident": incident_seq, "note": note[:500]})
