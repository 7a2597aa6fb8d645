"""Verifying a certificate at the help desk: code check, what the register knows, warnings, log.

The verdict and its log entry are :mod:`app.services.verify_core` (one implementation on a
Core connection, shared with the CLI's ``verify FILE``, which loads no ORM model): status
order, register facts (revoked, superseded), warnings (``trust_store_stale``,
``clock_behind``, ``not_in_register``, ``photo_mismatch``, ...).

Each verification is logged (``verification_log``) with an audit entry, in one transaction.
A file (image, PDF or text) is one call, :meth:`VerificationService.verify_file`, for the help
desk and the CLI alike; reading it is :mod:`app.services.verification_files`.
"""

from __future__ import annotations

import csv
import io
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select

from app.codes.payload import CHINA_TZ
from app.codes.verify import KeyLookup
from app.errors import InvalidInput
from app.inputs import write_atomic
from app.models.certificates import VerificationRecord
from app.services import verify_core
from app.services.audit import append_audit
from app.services.base import Service
from app.services.office_settings import (
    TRUST_MAX_AGE_DAYS,
    VerificationSettings,
    verification_settings,
    write_settings,
)
from app.services.verification_views import (
    FileVerification,
    LogEntry,
    VerificationResult,
)
from app.services.verify_core import (  # noqa: F401  (the names callers import from here)
    CLOCK_TOLERANCE,
    NO_CODE_FOUND,
    RAW_LOG_LIMIT,
    REVOKED,
    SOURCES,
    STATUSES,
    SUPERSEDED,
    Withdrawal,
)

TRUST_MAX_AGE_LIMIT = 3650  # days; a longer "maximum age" would switch the warning off


class VerificationService(Service):
    """Help-desk verification (``verify.run``) and its log (``verify.log``)."""

    # -- trust store --------------------------------------------------------------------------
    def key_lookup(self) -> KeyLookup:
        """A snapshot of the trust store for the camera thread (no database access per frame)."""
        self.require("verify.run")
        with self.db.session_scope(write=False) as s:
            return verify_core.key_lookup(s.connection())

    # -- verifying ----------------------------------------------------------------------------
    # The session only lends its connection: verify_core reads and writes through Core, and no
    # ORM object of this session touches the same rows.
    def verify_text(self, text: str, source: str = "manual", at: datetime | None = None,
                    log: bool = True) -> VerificationResult:
        """Judge the text of a scanned code at ``at`` (default: now) and log the verification."""
        self.require("verify.run")
        with self.db.session_scope() as s:
            return verify_core.verify_text(s.connection(), self.actor, text, source, at, log)

    def verify_file(self, path: Path, source: str = "file",
                    at: datetime | None = None) -> FileVerification:
        """Every code in an image, a PDF or a text file (one code a line), each judged and
        logged; a file without any is logged as ``no_code_found``. The file's size is checked
        before it is read (:mod:`app.services.verification_files`). Slow: a worker thread."""
        self.require("verify.run")
        return verify_core.CoreVerification(self.db.store, self.actor).verify_file(path, source, at)

    def verify_data(self, data: bytes, name: str, source: str = "cli",
                    at: datetime | None = None) -> FileVerification:
        """As :meth:`verify_file` for the text of a file that has no path (the CLI's stdin)."""
        self.require("verify.run")
        return verify_core.CoreVerification(self.db.store, self.actor).verify_data(data, name, source, at)

    def record_no_code(self, source: str, what: str | None = None) -> VerificationResult:
        """Log an attempt that found no code at all (a file without one, a timed-out scan)."""
        self.require("verify.run")
        with self.db.session_scope() as s:
            return verify_core.record_no_code(s.connection(), self.actor, source, what)

    # -- log ----------------------------------------------------------------------------------
    def recent(self, limit: int = 200, operator: str | None = None) -> list[LogEntry]:
        """Newest first. Everyone who verifies sees their own; ``verify.log`` sees everyone's."""
        self.require("verify.run")
        if operator != self.actor.username:
            self.require("verify.log")
        with self.db.session_scope(write=False) as s:
            query = select(VerificationRecord).order_by(VerificationRecord.at.desc()).limit(limit)
            if operator is not None:
                query = query.where(VerificationRecord.operator == operator)
            return [LogEntry(str(r.id), r.at, r.operator, r.source, r.status, r.serial,
                             r.holder_name) for r in s.scalars(query)]

    def export_log_csv(self, target: Path, since: datetime | None = None,
                       until: datetime | None = None) -> int:
        """Write the log as CSV (UTF-8 with BOM so Excel shows Chinese). Returns the row count."""
        self.require("verify.log")
        with self.db.session_scope() as s:
            query = select(VerificationRecord).order_by(VerificationRecord.at)
            if since is not None:
                query = query.where(VerificationRecord.at >= since)
            if until is not None:
                query = query.where(VerificationRecord.at < until)
            count = 0

            def write(raw: Any) -> None:
                nonlocal count
                fh = io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")
                out = csv.writer(fh)
                out.writerow(["time_utc", "time_china", "operator", "source", "status", "serial",
                              "holder_name"])
                for r in s.execute(query.execution_options(yield_per=1000)).scalars():
                    china = r.at.astimezone(CHINA_TZ).strftime("%Y-%m-%d %H:%M:%S")
                    out.writerow([r.at.isoformat(timespec="seconds"), china, r.operator,
                                  r.source, r.status, r.serial or "", _csv_safe(r.holder_name)])
                    count += 1
                fh.flush()
                fh.detach()  # the atomic writer flushes, syncs and renames the raw file

            # temporary file + rename; a directory or a device named as target is refused
            write_atomic(target, field="csv", write=write)
            append_audit(s, self.actor, "verification_log_exported", "verification_log", None,
                         {"rows": count, "file": target.name,
                          "since": since.isoformat() if since else None,
                          "until": until.isoformat() if until else None})
        return count

    # -- settings -----------------------------------------------------------------------------
    def settings(self) -> VerificationSettings:
        with self.db.session_scope(write=False) as s:
            return verification_settings(s)

    def update_settings(self, trust_max_age_days: int) -> VerificationSettings:
        self.require("settings.manage")
        if isinstance(trust_max_age_days, bool) or not isinstance(trust_max_age_days, int) \
                or not 1 <= trust_max_age_days <= TRUST_MAX_AGE_LIMIT:
            raise InvalidInput("verify_trust_age_invalid", value=trust_max_age_days)
        with self.db.session_scope() as s:
            write_settings(s, self.actor, {TRUST_MAX_AGE_DAYS.key: trust_max_age_days},
                           audit_action="verification_settings_changed")
            return verification_settings(s)


def _csv_safe(value: str | None) -> str:
    """Spreadsheets run cells starting with = + - @ as formulas; names never start so."""
    text = value or ""
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text
