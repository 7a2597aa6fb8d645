"""What the sync service returns (issue 12): frozen views carrying codes, never labels.

The names are the interface agreed with the Offices & keys screen (/work/tools/sync_api.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from app.services.office_role import FreezeState
from app.services.sync_identity import PairingPreview

__all__ = ["Conflict", "ExportReport", "FreezeState", "ImportReport", "OfficeIdentity",
           "PairedOffice", "PairingPreview", "SyncEvent", "SyncStatus"]


@dataclass(frozen=True)
class OfficeIdentity:
    code: str
    name: str
    role: str                          # central / field
    signing_fingerprint: str | None    # None: no office key yet
    encryption_fingerprint: str | None  # None: no encryption key yet (`sync keygen`)
    # What a partner compares when pairing (sync_identity.own_pairing_fingerprint); the screen
    # shows it large, as words and as a QR code. None until both keys exist.
    pairing_fingerprint: str | None = None


@dataclass(frozen=True)
class PairedOffice:
    code: str
    name: str
    role: str
    fingerprint: str
    paired_at: datetime


@dataclass(frozen=True)
class SyncStatus:
    office_code: str
    office_name: str
    last_sent_seq: int
    last_sent_at: datetime | None
    last_received_seq: int
    last_received_at: datetime | None
    last_acked_seq: int                # our last bundle the office has applied
    open_conflicts: int
    role: str = ""


@dataclass(frozen=True)
class ExportReport:
    seq: int
    counts: dict[str, int]
    bytes: int
    to_office: str = ""

    @property
    def empty(self) -> bool:
        return not any(self.counts.values())


@dataclass(frozen=True)
class ImportReport:
    from_office: str
    seq: int
    counts: dict[str, int]
    conflicts: int
    already_applied: bool
    skipped: int = 0      # bundles never received whose content this one carried
    overridden: int = 0   # rows changed on both sides where the central office's version won


@dataclass(frozen=True)
class SyncEvent:
    at: datetime
    direction: str  # sent / received
    office_code: str
    seq: int
    counts: dict[str, int]
    actor: str


@dataclass(frozen=True)
class Conflict:
    id: int
    entity: str     # person / employer
    entity_key: str  # ID number / USCC
    label: str
    from_office: str
    detected_at: datetime
    ours: dict[str, str | None]
    theirs: dict[str, str | None]
    resolved_at: datetime | None
    resolution: str | None  # theirs / ours / merge
