"""The one clock of the core: timezone-aware UTC.

Every stored instant is aware UTC (see ``app.models.base.UTCDateTime``). The helper lives in the
domain so code that must not load SQLAlchemy — the scanner's per-frame path, the codes — reads
the same clock as the models' column defaults.
"""

from __future__ import annotations

from datetime import UTC, datetime


def utcnow() -> datetime:
    return datetime.now(UTC)
