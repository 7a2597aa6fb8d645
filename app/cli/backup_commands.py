"""`backup create|scheduled|schedule` and `restore`: copies of the register and getting one back.

``backup create --out FILE`` copies the register now (SQLite: online backup API; PostgreSQL:
pg_dump) and checks the copy before giving it its name. ``backup schedule`` stores the office's
schedule; ``backup scheduled`` is what the system's scheduler runs (cron, Task Scheduler): it
backs up only when the interval has passed and keeps the newest ``--keep`` copies.
``restore FILE --to URL`` writes a backup into a NEW register and checks it (integrity, audit
chain) before anyone uses it; a SQLite backup may go into PostgreSQL too. ``migrate-data
--from URL --to URL`` copies a live register into a new one on either backend (one transaction,
checked before commit). Exit codes: 0 done (or not due), 1 refused, 2 bad input.
"""

from __future__ import annotations

import argparse

from app.cli.boundary import input_file, output_file
from app.cli.context import CliContext, Commands


def register(sub: Commands) -> None:
    b = sub.add_parser("backup", help="back up the register / 备份登记库").add_subparsers(
        dest="backup_command", required=True)
    c = b.add_parser("create", help="back up now into a file (checked after writing)")
    c.add_argument("--out", required=True, help="the backup file to write")
    c.set_defaults(handler=cmd_create)
    r = b.add_parser("scheduled", help="back up if the office's schedule says it is due (for cron)")
    r.set_defaults(handler=cmd_scheduled)
    s = b.add_parser("schedule", help="set the scheduled backup's folder, interval and copies kept")
    s.add_argument("--directory", required=True, help="folder for the backups ('' switches off)")
    s.add_argument("--every-hours", type=int, default=24, help="interval (default 24)")
    s.add_argument("--keep", type=int, default=14, help="newest copies kept (default 14)")
    s.set_defaults(handler=cmd_schedule)

    rs = sub.add_parser("restore", help="restore a backup into a new register / 从备份恢复")
    rs.add_argument("file", help="a backup made by `backup create` or `backup scheduled`")
    rs.add_argument("--to", required=True, dest="target",
                    help="URL of the NEW register (a missing SQLite file, an empty PostgreSQL database)")
    rs.set_defaults(handler=cmd_restore)

    md = sub.add_parser("migrate-data",
                        help="copy the register into a new one, SQLite <-> PostgreSQL / 迁移数据")
    md.add_argument("--from", dest="source",
                    help="URL of the register to copy (default: the register in use, --db)")
    md.add_argument("--to", required=True, dest="target",
                    help="URL of the NEW register (a missing SQLite file, an empty PostgreSQL database)")
    md.set_defaults(handler=cmd_migrate_data)

    rc = sub.add_parser("recovery", help="recovering from a lost key passphrase / 恢复").add_subparsers(
        dest="recovery_command", required=True)
    rk = rc.add_parser("replace-lost-key",
                       help="the passphrase is lost: retire the office key, create a new one")
    rk.add_argument("--confirm-office-code", required=True,
                    help="the office's unified social credit code, to confirm")
    rk.add_argument("--new-passphrase", help="for the new key (better: REGISTRY_NEW_KEY_PASSPHRASE)")
    rk.set_defaults(handler=cmd_replace_lost_key)


def _written(ctx: CliContext, info: object) -> str:
    from app.services.backup_service import BackupInfo

    assert isinstance(info, BackupInfo)
    return ctx.say("backup.written", file=info.file, size=info.size, tables=info.tables,
                   rows=info.rows, entries=info.audit_entries if info.audit_entries >= 0 else "-")


def cmd_create(ctx: CliContext, args: argparse.Namespace) -> int:
    from app.services.backup_service import BackupService

    out = output_file(args.out, "backup_file")
    info = BackupService(ctx.database(), ctx.actor()).backup(out)
    ctx.emit(info, _written(ctx, info))
    return 0


def cmd_scheduled(ctx: CliContext, args: argparse.Namespace) -> int:
    from app.services.backup_schedule import BackupSchedule

    svc = BackupSchedule(ctx.database(), ctx.actor())
    info = svc.scheduled()
    if info is None:
        _folder, hours, last = svc.schedule_state()
        ctx.emit({"due": False, "last": last}, ctx.say("backup.not_due", last=last, hours=hours))
        return 0
    ctx.emit(info, _written(ctx, info))
    return 0


def cmd_schedule(ctx: CliContext, args: argparse.Namespace) -> int:
    from app.services.backup_schedule import BackupSchedule

    folder, hours, keep = BackupSchedule(ctx.database(), ctx.actor()).set_schedule(
        args.directory, args.every_hours, args.keep)
    ctx.emit({"directory": folder, "interval_hours": hours, "keep": keep},
             ctx.say("backup.scheduled", folder=folder or "-", hours=hours, keep=keep))
    return 0


def cmd_restore(ctx: CliContext, args: argparse.Namespace) -> int:
    from app.services.restore_service import restore

    backup = input_file(args.file, "backup_file")
    info = restore(backup, args.target)
    ctx.emit(info, ctx.say("backup.restored", target=info.target, entries=info.audit_entries,
                           rows=info.rows))
    return 0


def cmd_migrate_data(ctx: CliContext, args: argparse.Namespace) -> int:
    from app.services.backup_service import BackupService

    if args.source:
        ctx.db_url = args.source  # sign in on the register being copied
    info = BackupService(ctx.database(), ctx.actor()).copy_to(args.target)
    ctx.emit(info, ctx.say("backup.migrated", source=info.source_backend, target=info.target_backend,
                           tables=info.tables, rows=info.rows, entries=info.audit_entries))
    return 0


def cmd_replace_lost_key(ctx: CliContext, args: argparse.Namespace) -> int:
    import os

    from app.cli.context import ask_secret
    from app.services.recovery_service import RecoveryService

    new = (args.new_passphrase or os.environ.get("REGISTRY_NEW_KEY_PASSPHRASE")
           or ask_secret(ctx, ctx.say("keys.passphrase_prompt"), "new_passphrase"))
    done = RecoveryService(ctx.database(), ctx.actor()).replace_lost_key(
        new, args.confirm_office_code)
    ctx.emit(done, ctx.say("recovery.key_replaced", old=done.retired_key_id,
                           new=done.new_key.key_id, fingerprint=done.new_key.fingerprint,
                           count=done.current_certificates))
    return 0
