"""The office's scheduled backup: where backups go, how often, how many are kept, and how the
last one ended.

The schedule is three office settings (``backup.directory``, ``backup.interval_hours``,
``backup.keep``); :meth:`BackupSchedule.scheduled` is what the system's scheduler runs
(``registry-office backup scheduled`` from cron or Windows Task Scheduler): it backs up only
when the interval has passed since the last successful backup. "Back up now" on the settings
screen (:meth:`BackupSchedule.backup_now`) writes into the same folder under the same names.
Both keep only the newest ``backup.keep`` of the program's own files there (names
``register-<UTC stamp>.sqlite3|.pgdump``); other files in the folder are never touched.
:meth:`BackupSchedule.status` is what the settings screen shows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from app.errors import InvalidInput
from app.services.audit import append_audit
from app.services.backup_service import BackupInfo, BackupService
from app.services.office_settings import (
    BACKUP_DIRECTORY,
    BACKUP_INTERVAL_HOURS,
    BACKUP_KEEP,
    BACKUP_LAST_AT,
    BACKUP_LAST_RESULT,
    put_setting,
    read_setting,
)


@dataclass(frozen=True)
class BackupStatus:
    """The backup group of the settings screen: the schedule, the last attempt, what is due."""

    directory: str  # '' : no scheduled backup
    interval_hours: int
    keep: int
    backend: str  # sqlite / postgresql: what a backup file is (.sqlite3 / .pgdump)
    last_success_at: datetime | None
    last_attempt_at: datetime | None
    last_ok: bool | None  # None: never tried
    last_file: str
    last_size: int  # bytes of the last successful backup
    last_error_code: str  # the refusal of a failed attempt ('' when it succeeded)
    last_error_field: str
    last_error_params: tuple[tuple[str, str], ...]
    next_due_at: datetime | None  # None: no schedule, or never backed up (due now)
    overdue: bool  # scheduled and the interval passed by more than an hour
    files_in_folder: int  # the program's own backups in the folder now
    folder_exists: bool


def _instant(value: object) -> datetime | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        stamp = datetime.fromisoformat(value)
    except ValueError:
        return None  # a damaged stamp reads as "never"
    return stamp if stamp.tzinfo else stamp.replace(tzinfo=UTC)


class BackupSchedule(BackupService):
    """Backups on the office's schedule (role ``settings.manage``)."""

    def _suffix(self) -> str:
        return ".sqlite3" if self.db.dialect == "sqlite" else ".pgdump"

    def _own_files(self, directory: Path) -> list[Path]:
        return sorted(directory.glob(f"register-*{self._suffix()}"))

    def _into_folder(self, folder: str, keep: int, now: datetime) -> BackupInfo:
        directory = Path(folder)
        if not directory.is_dir():  # (a disk unplugged, a share gone): shown as the last result
            missing = InvalidInput("backup_dir_missing", field="backup.directory", path=folder)
            self._record_result({"ok": False, "file": "", "code": missing.code,
                                 "field": BACKUP_DIRECTORY.key, "params": {"path": folder}})
            raise missing
        info = self.backup(directory / f"register-{now:%Y%m%dT%H%M%SZ}{self._suffix()}")
        for old in self._own_files(directory)[:-keep]:  # the stamp sorts by time: newest last
            old.unlink(missing_ok=True)
        return info

    def scheduled(self, now: datetime | None = None) -> BackupInfo | None:
        """The backup the office's schedule asks for now, or None when it is not due yet.
        Old scheduled backups beyond ``backup.keep`` are removed (newest kept)."""
        self.require("settings.manage")
        now = now or datetime.now(UTC)
        with self.db.session_scope(write=False) as s:
            folder = read_setting(s, BACKUP_DIRECTORY)
            hours = read_setting(s, BACKUP_INTERVAL_HOURS)
            keep = read_setting(s, BACKUP_KEEP)
            last = _instant(read_setting(s, BACKUP_LAST_AT))
        if not folder:
            raise InvalidInput("backup_not_scheduled", field="backup.directory")
        if last is not None and last + timedelta(hours=hours) > now:
            return None
        return self._into_folder(folder, keep, now)

    def backup_now(self, now: datetime | None = None) -> BackupInfo:
        """"Back up now" on the settings screen: into the schedule's folder, as it would."""
        self.require("settings.manage")
        with self.db.session_scope(write=False) as s:
            folder = read_setting(s, BACKUP_DIRECTORY)
            keep = read_setting(s, BACKUP_KEEP)
        if not folder:
            raise InvalidInput("backup_not_scheduled", field="backup.directory")
        return self._into_folder(folder, keep, now or datetime.now(UTC))

    def set_schedule(self, directory: str, interval_hours: int, keep: int) -> tuple[str, int, int]:
        """Store the schedule (audited); the folder must exist (it is on this machine)."""
        self.require("settings.manage")
        folder = BACKUP_DIRECTORY.check(directory)
        if folder and not Path(folder).is_dir():
            raise InvalidInput("backup_dir_missing", field="backup.directory", path=folder)
        hours = BACKUP_INTERVAL_HOURS.check(interval_hours)
        kept = BACKUP_KEEP.check(keep)
        with self.db.session_scope() as s:
            before: list[object] = [read_setting(s, BACKUP_DIRECTORY),
                                    read_setting(s, BACKUP_INTERVAL_HOURS),
                                    read_setting(s, BACKUP_KEEP)]
            after: list[object] = [folder, hours, kept]
            if before != after:
                put_setting(s, BACKUP_DIRECTORY, folder)
                put_setting(s, BACKUP_INTERVAL_HOURS, hours)
                put_setting(s, BACKUP_KEEP, kept)
                append_audit(s, self.actor, "backup_schedule_changed", "app_settings", "backup",
                             {"before": before, "after": after})
        return folder, hours, kept

    def schedule_state(self) -> tuple[str, int, str]:
        """(folder, interval in hours, last backup ISO) for `backup scheduled` messages."""
        with self.db.session_scope(write=False) as s:
            return (read_setting(s, BACKUP_DIRECTORY), read_setting(s, BACKUP_INTERVAL_HOURS),
                    read_setting(s, BACKUP_LAST_AT))

    def status(self, now: datetime | None = None) -> BackupStatus:
        """What the settings screen shows about backups."""
        self.require("settings.manage")
        now = now or datetime.now(UTC)
        with self.db.session_scope(write=False) as s:
            folder = read_setting(s, BACKUP_DIRECTORY)
            hours = read_setting(s, BACKUP_INTERVAL_HOURS)
            keep = read_setting(s, BACKUP_KEEP)
            success = _instant(read_setting(s, BACKUP_LAST_AT))
            result = read_setting(s, BACKUP_LAST_RESULT) or {}
        ok = result.get("ok")
        raw = result.get("params")
        params: dict[str, object] = raw if isinstance(raw, dict) else {}
        due = success + timedelta(hours=hours) if folder and success else None
        directory = Path(folder) if folder else None
        exists = bool(directory and directory.is_dir())
        return BackupStatus(
            directory=folder, interval_hours=hours, keep=keep, backend=self.db.dialect,
            last_success_at=success, last_attempt_at=_instant(result.get("at")),
            last_ok=ok if isinstance(ok, bool) else None,
            last_file=str(result.get("file") or ""),
            last_size=int(result.get("size") or 0) if ok else 0,
            last_error_code="" if ok or ok is None else str(result.get("code") or ""),
            last_error_field=str(result.get("field") or "") if ok is False else "",
            last_error_params=tuple(sorted((str(k), str(v)) for k, v in params.items())),
            next_due_at=due,
            overdue=bool(folder) and (success is None or now > success + timedelta(hours=hours + 1)),
            files_in_folder=len(self._own_files(directory)) if directory and exists else 0,
            folder_exists=exists)
