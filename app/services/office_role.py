"""Who decides what between a field office and its central office (issue 12), and the freeze.

A field office takes filings and collects photos and signatures; the central office accepts,
asks for corrections, approves or rejects, annotates and revokes. Its decisions come back in
a sync bundle. A field office that has had no bundle from its central office for
``sync.freeze_after_days`` takes no new filings (MOSIP's registration client freezes the same
way), and warns from ``sync.warn_after_days`` at every verification.
Kept apart from the sync service so the filing and certificate services can ask cheaply.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain.sync_freeze import FreezeState, freeze_state, warnings_for
from app.errors import RuleViolation
from app.messages import label
from app.models.sync import SyncOffice
from app.services.office_settings import (
    OFFICE_ROLE,
    SYNC_FREEZE_AFTER_DAYS,
    SYNC_WARN_AFTER_DAYS,
    read_setting,
    read_settings,
)

# Filing actions that are the authority's decision (app.domain.filing_rules' action names).
CENTRAL_ACTIONS = {"accept": "accept", "request_corrections": "request_correction",
                   "approve": "approve", "reject": "reject"}
# Every decision a field office refuses (labels.toml [field_office_action]).
FIELD_OFFICE_REFUSED = (*CENTRAL_ACTIONS.values(), "annotate", "revoke")


def is_field_office(s: Session) -> bool:
    return read_setting(s, OFFICE_ROLE) == "field"


def require_central(s: Session, action: str) -> None:
    """Refuse a decision at a field office, naming the action in both languages."""
    if is_field_office(s):
        raise RuleViolation("field_office_cannot_decide",
                            action=label("field_office_action", action, "zh"),
                            action_en=label("field_office_action", action, "en"))


def freeze_level(s: Session, today: date) -> FreezeState:
    """How stale a field office's copy of its central office's decisions and lists is: days
    since the last bundle received from a central office (since pairing, before the first)."""
    values = read_settings(s, (SYNC_WARN_AFTER_DAYS, SYNC_FREEZE_AFTER_DAYS))
    last: datetime | None = None
    field = is_field_office(s)
    if field:
        for row in s.scalars(select(SyncOffice).where(SyncOffice.role == "central")):
            seen = row.last_received_at or row.paired_at
            last = seen if last is None or seen > last else last
    return freeze_state(field, last, today, values[SYNC_WARN_AFTER_DAYS.key],
                        values[SYNC_FREEZE_AFTER_DAYS.key])


def require_not_frozen(s: Session, today: date) -> None:
    state = freeze_level(s, today)
    if state.level == "frozen":
        raise RuleViolation("field_office_frozen", days=state.days_since_sync,
                            limit=state.freeze_days)


def sync_warnings(s: Session, clock: datetime) -> list[str]:
    """The verification warnings of a field office out of sync (the help desk shows them):
    its copy of the central office's revocations may be old."""
    return warnings_for(freeze_level(s, clock.astimezone(UTC).date()))
