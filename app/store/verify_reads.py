"""What a verification reads from the register, through Core (issue 16): a read-only
repository over one connection, shared by the help desk's service (on its session's
connection) and the CLI's ``verify FILE`` (on a connection of its own, with no model loaded).

Every method is one small query; nothing here judges — :mod:`app.services.verify_core` does.
"""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.engine import Connection

from app.codes.keys import TrustedKey
from app.store.tables import (
    app_settings,
    attachments,
    certificates,
    employers,
    issuer_keys,
    registrations,
    revocation_entries,
    revocation_lists,
    sync_offices,
)


@dataclass(frozen=True)
class CertificateRow:
    """The register's row of a certificate: what says it must no longer be used."""

    serial: str
    person_id: uuid.UUID
    revoked_at: datetime | None
    revoke_reason: str | None
    superseded_at: datetime | None
    supersede_reason: str | None
    supersede_changes: dict[str, Any] | None


@dataclass(frozen=True)
class ListedWithdrawal:
    """An entry of another office's signed revocation list."""

    state: str
    at: datetime
    reason: str | None


class VerifyReads:
    """Read-only queries of one verification, in the caller's transaction."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def trusted_keys(self) -> list[TrustedKey]:
        """Every key certificates may be verified with (own, retired and imported)."""
        k = issuer_keys.c
        rows = self.conn.execute(select(
            k.key_id, k.office_code, k.office_name, k.public_key, k.valid_from, k.valid_until,
            k.retired_at, k.source, k.compromised_at, k.compromise_reason, k.reserved, k.demo))
        return [TrustedKey(r.key_id, r.office_code, r.office_name, bytes(r.public_key),
                           r.valid_from, r.valid_until, r.retired_at, r.source,
                           compromised_at=r.compromised_at, compromise_reason=r.compromise_reason,
                           reserved=bool(r.reserved), demo=bool(r.demo)) for r in rows]

    def newest_import(self) -> datetime | None:
        """When other offices' keys were last imported (None: we trust only our own)."""
        return self.conn.execute(select(func.max(issuer_keys.c.imported_at))
                                 .where(issuer_keys.c.source == "imported")).scalar()

    def certificate(self, serial: str) -> CertificateRow | None:
        c = certificates.c
        row = self.conn.execute(select(
            c.serial, c.person_id, c.revoked_at, c.revoke_reason, c.superseded_at,
            c.supersede_reason, c.supersede_changes).where(c.serial == serial).limit(1)).first()
        return CertificateRow(*row) if row is not None else None

    def registration_states(self, person_id: uuid.UUID, kind: str, number: str) -> set[str]:
        r = registrations.c
        return set(self.conn.execute(select(r.state).where(
            r.person_id == person_id, r.kind == kind, r.registration_number == number)).scalars())

    def listed_withdrawal(self, serial: str, office_code: str) -> ListedWithdrawal | None:
        e = revocation_entries.c
        row = self.conn.execute(select(e.state, e.at, e.reason).where(
            e.serial == serial, e.office_code == office_code).limit(1)).first()
        return ListedWithdrawal(*row) if row is not None else None

    def revocation_list_date(self, office_code: str) -> datetime | None:
        return self.conn.execute(select(revocation_lists.c.issued_at).where(
            revocation_lists.c.office_code == office_code)).scalar()

    def current_photo(self, person_id: uuid.UUID | None,
                      hash_prefix: str) -> tuple[bytes, str] | None:
        """The holder's current photo if its hash starts with ``hash_prefix`` (the one that
        was signed) and the stored bytes are intact; by person, or by hash alone."""
        a = attachments.c
        query = select(a.data, a.media_type, a.sha256).where(
            a.purpose == "photo", a.superseded_at.is_(None))
        query = (query.where(a.person_id == person_id) if person_id is not None
                 else query.where(a.sha256.like(f"{hash_prefix}%")))
        for data, media_type, sha in self.conn.execute(query.limit(2)):
            if sha.startswith(hash_prefix) and hashlib.sha256(data).hexdigest() == sha:
                return bytes(data), media_type
        return None

    def signature_image(self, person_id: uuid.UUID | None, photo_prefix: str) -> bytes | None:
        """The holder's current signature image (issue 13), found through the certificate's
        person or, without a row, through the photo whose hash the code carries; only intact."""
        a = attachments.c
        if person_id is None:
            person_id = self.conn.execute(select(a.person_id).where(
                a.purpose == "photo", a.sha256.like(f"{photo_prefix}%")).limit(1)).scalar()
        if person_id is None:
            return None
        sig = self.conn.execute(select(a.data, a.sha256).where(
            a.person_id == person_id, a.purpose == "signature", a.superseded_at.is_(None))
            .order_by(a.created_at.desc()).limit(1)).first()
        if sig is None or hashlib.sha256(sig.data).hexdigest() != sig.sha256:
            return None
        return bytes(sig.data)

    def employer_name(self, uscc: str) -> str | None:
        return self.conn.execute(select(employers.c.name).where(employers.c.uscc == uscc)).scalar()

    def has_current_photo(self, serial: str) -> bool:
        """Whether the register holds a current photo of the certificate's holder."""
        a, c = attachments.c, certificates.c
        return bool(self.conn.execute(select(func.count()).select_from(
            attachments.join(certificates, c.person_id == a.person_id)).where(
            c.serial == serial, a.purpose == "photo", a.superseded_at.is_(None))).scalar())

    def last_from_central(self) -> datetime | None:
        """Issue 12: the newest bundle received from a central office (its pairing time
        before the first), or None when this office is paired with none."""
        o = sync_offices.c
        seen = [r.last_received_at or r.paired_at for r in self.conn.execute(
            select(o.paired_at, o.last_received_at).where(o.role == "central"))]
        return max(seen) if seen else None

    def setting(self, key: str) -> Any:
        """The raw stored value of an office setting (None when absent)."""
        return self.conn.execute(select(app_settings.c.value)
                                 .where(app_settings.c.key == key)).scalar()
