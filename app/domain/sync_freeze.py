"""How stale a field office's copy of its central office's decisions is (issue 12's freeze).

One pure decision shared by the ORM services (``app.services.office_role``: refusing new
filings, the status bar) and the ORM-free verification path (``app.services.verify_core``:
the warning at every verification), so the two can never disagree on the day counts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

# The verification warnings of a field office out of sync (labels.toml [verification_warning]).
SYNC_WARNINGS = ("sync_overdue", "sync_frozen")


@dataclass(frozen=True)
class FreezeState:
    level: str  # ok / warn / frozen
    days_since_sync: int | None
    warn_days: int
    freeze_days: int


def freeze_state(field_office: bool, last_from_central: datetime | None, today: date,
                 warn_days: int, freeze_days: int) -> FreezeState:
    """``last_from_central``: the newest bundle received from a central office (its pairing
    time before the first). A central office, or a field office not yet paired, is never stale."""
    if not field_office or last_from_central is None:
        return FreezeState("ok", None, warn_days, freeze_days)
    days = (today - last_from_central.astimezone(UTC).date()).days
    level = "frozen" if days >= freeze_days else "warn" if days >= warn_days else "ok"
    return FreezeState(level, days, warn_days, freeze_days)


def warnings_for(state: FreezeState) -> list[str]:
    return {"ok": [], "warn": [SYNC_WARNINGS[0]], "frozen": [SYNC_WARNINGS[1]]}[state.level]
