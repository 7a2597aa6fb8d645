"""Offline field offices (issue 12): the use cases of pairing and of bundles between offices.

Every method is one transaction and checks the actor's role: pairing, keys and bundles are the
administrator's (``keys.manage``); the conflicts queue is also the reviewer's
(``filing.approve``). The bundle format is :mod:`app.codes.sync_bundle`, what travels and how
it is tracked :mod:`app.services.sync_export` / :mod:`app.services.sync_import`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.codes.keys import fingerprint
from app.codes.sync_bundle import read_header
from app.codes.trust_file import parse_trust_file
from app.errors import InvalidInput, PermissionDenied, RuleViolation
from app.inputs import check_regular_file
from app.models.base import utcnow
from app.models.certificates import IssuerKey
from app.models.db import Database
from app.models.sync import SyncConflict, SyncOffice
from app.models.sync import SyncEvent as SyncEventRow
from app.services import sync_conflicts, sync_identity
from app.services.audit import append_audit
from app.services.base import Actor, Service
from app.services.key_service import active_own_key, current_signer, office_identity
from app.services.office_role import FreezeState, freeze_level
from app.services.office_settings import (
    OFFICE_ROLE,
    OFFICE_ROLES,
    put_setting,
    read_setting,
)
from app.services.sync_export import write_bundle
from app.services.sync_files import sealed_files, stored_file
from app.services.sync_import import apply_bundle, check_header
from app.services.sync_views import (
    Conflict,
    ExportReport,
    ImportReport,
    OfficeIdentity,
    PairedOffice,
    PairingPreview,
    SyncEvent,
    SyncStatus,
)
from app.services.trust_import import apply_trust_file

Progress = Callable[[int, int], None]
# A bundle of 10,000 persons with photos is some 500 MB; the file is streamed, never read whole.
MAX_BUNDLE_BYTES = 8 * 1024 * 1024 * 1024
MAX_TRUST_FILE = 32 * 1024 * 1024


def _paired(row: SyncOffice) -> PairedOffice:
    return PairedOffice(row.code, row.name, row.role, row.fingerprint, row.paired_at)


class SyncService(Service):
    def __init__(self, db: Database, actor: Actor, today: Callable[[], date] = date.today) -> None:
        super().__init__(db, actor)
        self.today = today

    # --- identity and pairing -----------------------------------------------------------
    def office_identity(self) -> OfficeIdentity:
        with self.db.session_scope(write=False) as s:
            try:
                code, name = office_identity(s)
            except InvalidInput:
                code, name = "", ""
            key = active_own_key(s)
            enc = sync_identity.own_encryption_key(s)
            return OfficeIdentity(code, name, sync_identity.office_role(s),
                                  fingerprint(bytes(key.public_key)) if key else None,
                                  fingerprint(bytes(enc.public_key)) if enc else None,
                                  sync_identity.own_pairing_fingerprint(s))

    def set_role(self, role: str) -> None:
        self.require("settings.manage")
        if role not in OFFICE_ROLES:
            raise InvalidInput("setting_invalid", field=OFFICE_ROLE.key, key=OFFICE_ROLE.key,
                               value=role, rule="central | field")
        with self.db.session_scope() as s:
            old = read_setting(s, OFFICE_ROLE)
            if old != role:
                put_setting(s, OFFICE_ROLE, role)
                append_audit(s, self.actor, "office_role_set", "office", None,
                             {"from": old, "to": role})

    def create_encryption_key(self, passphrase: str) -> OfficeIdentity:
        """For an office whose signing key predates issue 12 (``sync keygen``)."""
        self.require("keys.manage")
        with self.db.session_scope() as s:
            sync_identity.create_encryption_key(s, self.actor, passphrase, active_own_key(s))
        return self.office_identity()

    def pairing_preview(self, trust_file: bytes) -> PairingPreview:
        self.require("keys.manage")
        parsed = parse_trust_file(trust_file)
        with self.db.session_scope(write=False) as s:
            self._not_ourselves(s, parsed.office_code)
        return sync_identity.preview(parsed)

    def pair(self, trust_file: bytes, confirmed_fingerprint: str) -> PairedOffice:
        self.require("keys.manage")
        parsed = parse_trust_file(trust_file)
        shown = sync_identity.preview(parsed)
        if not sync_identity.same_fingerprint(shown.fingerprint, confirmed_fingerprint):
            raise RuleViolation("sync_fingerprint_mismatch", office=parsed.office_name)
        with self.db.session_scope() as s:
            self._not_ourselves(s, parsed.office_code)
            # The operator compared the fingerprint: that is the confirmation a first import
            # of an office's keys needs.
            result, suspicious = apply_trust_file(s, self.actor, parsed, accept_unconfirmed=True)
            if suspicious is not None:
                raise RuleViolation("trust_file_suspicious", office=parsed.office_name,
                                    signed_by=", ".join(parsed.signed_by))
            row = sync_identity.store_partner(s, self.actor, parsed, utcnow())
            append_audit(s, self.actor, "sync_office_paired", "sync_office", row.code,
                         {"name": row.name, "role": row.role, "fingerprint": row.fingerprint,
                          "keys_added": list(result.added)})
            return _paired(row)

    @staticmethod
    def _not_ourselves(s: Session, code: str) -> None:
        own = active_own_key(s)
        if own is not None and own.office_code == code:
            raise RuleViolation("sync_pair_self")

    def paired_offices(self) -> list[PairedOffice]:
        with self.db.session_scope(write=False) as s:
            return [_paired(r) for r in s.scalars(select(SyncOffice).order_by(SyncOffice.code))]

    # --- status and history -------------------------------------------------------------
    def status(self) -> list[SyncStatus]:
        with self.db.session_scope(write=False) as s:
            open_by = {code: n for code, n in s.execute(
                select(SyncConflict.peer_code, func.count())
                .where(SyncConflict.resolved_at.is_(None)).group_by(SyncConflict.peer_code))}
            return [SyncStatus(r.code, r.name, r.last_sent_seq, r.last_sent_at,
                               r.last_received_seq, r.last_received_at, r.acked_seq,
                               int(open_by.get(r.code, 0)), r.role)
                    for r in s.scalars(select(SyncOffice).order_by(SyncOffice.code))]

    def history(self, limit: int = 100) -> list[SyncEvent]:
        limit = max(1, min(int(limit), 10_000))  # a database integer, whatever was typed
        with self.db.session_scope(write=False) as s:
            rows = s.scalars(select(SyncEventRow).order_by(SyncEventRow.id.desc()).limit(limit))
            return [SyncEvent(r.at, r.direction, r.office_code, r.seq, dict(r.counts), r.actor)
                    for r in rows]

    def freeze_state(self, today: date | None = None) -> FreezeState:
        with self.db.session_scope(write=False) as s:
            return freeze_level(s, today or self.today())

    # --- bundles ------------------------------------------------------------------------
    def export_bundle(self, to_office: str, out: Path, passphrase: str,
                      progress: Progress | None = None) -> ExportReport:
        from app.services.key_service import KeyService  # the trust file, as `keys export-trust`

        self.require("keys.manage")
        trust = KeyService(self.db, self.actor).export_trust(passphrase)
        with self.db.session_scope() as s:
            peer = s.get(SyncOffice, to_office)
            if peer is None:
                raise RuleViolation("sync_office_unknown", office=to_office)
            signer, key = current_signer(s, passphrase)
            code, name = office_identity(s)
            now = utcnow()
            role = sync_identity.office_role(s)
            seq, counts, size = write_bundle(
                s, peer, out, signer=signer, sender_code=code, sender_name=name,
                role=role, trust_file=trust, now=now, progress=progress,
                seal_files=(lambda s, serials: sealed_files(s, passphrase, serials))
                if role == "central" else None)
            peer.last_sent_seq, peer.last_sent_at = seq, now
            s.add(SyncEventRow(at=now, direction="sent", office_code=peer.code, seq=seq,
                               digest="", counts=counts, actor=self.actor.username))
            append_audit(s, self.actor, "sync_bundle_exported", "sync_office", peer.code,
                         {"seq": seq, "counts": counts, "bytes": size, "key_id": key.key_id})
            return ExportReport(seq, counts, size, peer.code)

    def import_bundle(self, path: Path, passphrase: str,
                      progress: Progress | None = None) -> ImportReport:
        self.require("keys.manage")
        check_regular_file(path, "bundle", MAX_BUNDLE_BYTES)
        with open(path, "rb") as f, self.db.session_scope() as s:
            header = read_header(f)
            code, _ = office_identity(s)
            peer, already = check_header(s, header, code)
            if already:
                return ImportReport(peer.code, header.seq, {}, 0, True)
            private = sync_identity.unlock_encryption_key(s, passphrase)
            key = s.get(IssuerKey, header.sender_key_id)
            assert key is not None
            applied = apply_bundle(s, self.actor, f, header, peer, private,
                                   sync_identity.office_role(s), bytes(key.public_key), progress)
            skipped = header.seq - peer.last_received_seq - 1
            now = utcnow()
            peer.last_received_seq, peer.last_received_at = header.seq, now
            peer.last_received_digest = header.digest
            peer.acked_seq = max(peer.acked_seq, header.acked_seq)
            counts = dict(applied.counts)
            s.add(SyncEventRow(at=now, direction="received", office_code=peer.code,
                               seq=header.seq, digest=header.digest, counts=counts,
                               actor=self.actor.username))
            append_audit(s, self.actor, "sync_bundle_imported", "sync_office", peer.code,
                         {"seq": header.seq, "counts": counts, "conflicts": applied.conflicts,
                          "overridden": applied.overridden, "skipped": skipped,
                          "digest": header.digest})
            return ImportReport(peer.code, header.seq, counts, applied.conflicts, False,
                                skipped, applied.overridden)

    def certificate_file(self, serial: str, fmt: str = "pdf") -> bytes | None:
        """The central office's sealed file of a certificate, as received (None: none came)."""
        self.require("certificate.read")
        with self.db.session_scope(write=False) as s:
            return stored_file(s, (serial or "").strip(), fmt)

    # --- conflicts ----------------------------------------------------------------------
    def _require_conflicts(self) -> None:
        try:
            self.require("keys.manage")
        except PermissionDenied:
            self.require("filing.approve")

    def conflicts(self, open_only: bool = True) -> list[Conflict]:
        self._require_conflicts()
        with self.db.session_scope(write=False) as s:
            return sync_conflicts.list_conflicts(s, open_only)

    def resolve_conflict(self, conflict_id: int, choice: str,
                         fields: dict[str, str | None] | None = None) -> None:
        self._require_conflicts()
        with self.db.session_scope() as s:
            sync_conflicts.resolve(s, self.actor, conflict_id, choice, fields)
