"""`init`, `db upgrade|status`, `user add|list|disable` (`audit ...`: audit_commands)."""

from __future__ import annotations

import argparse
import os

from app.cli.context import CliContext, Commands, ask_secret
from app.models.db import Database, guard_problems, schema_status, upgrade
from app.services.program_version import record_program_version, register_version
from app.services.users_service import (
    UserInfo,
    UsersService,
    authenticate,
    bootstrap_admin,
    has_users,
)


def register(sub: Commands) -> None:
    p = sub.add_parser("init", help="create or upgrade the database and the first admin / 初始化")
    p.add_argument("--admin-user", default=os.environ.get("REGISTRY_ADMIN_USER", "admin"))
    p.add_argument("--admin-password", help="or REGISTRY_ADMIN_PASSWORD")
    p.add_argument("--admin-name", default="")
    # With a key passphrase (option or REGISTRY_KEY_PASSPHRASE), init also creates the office's
    # signing key if there is none yet (office code and name: these options or the settings).
    p.add_argument("--key-passphrase", help="create the office signing key with this passphrase "
                                            "(or REGISTRY_KEY_PASSPHRASE)")
    p.add_argument("--office-code", help="office unified social credit code, for the signing key")
    p.add_argument("--office-name", help="office name, for the signing key")
    p.set_defaults(handler=cmd_init)

    db = sub.add_parser("db", help="database maintenance / 数据库维护")
    dbs = db.add_subparsers(dest="db_command", required=True)
    u = dbs.add_parser("upgrade", help="upgrade the schema (SQLite is backed up first)")
    u.set_defaults(handler=cmd_db_upgrade)
    st = dbs.add_parser("status", help="show the schema state")
    st.set_defaults(handler=cmd_db_status)

    user = sub.add_parser("user", help="staff accounts / 用户管理")
    us = user.add_subparsers(dest="user_command", required=True)
    a = us.add_parser("add", help="add a staff account")
    a.add_argument("username")
    a.add_argument("--role", required=True, choices=["admin", "clerk", "reviewer", "helpdesk"])
    a.add_argument("--new-password", help="or REGISTRY_NEW_PASSWORD")
    a.add_argument("--display-name", default="")
    a.set_defaults(handler=cmd_user_add)
    ls = us.add_parser("list", help="list staff accounts")
    ls.set_defaults(handler=cmd_user_list)
    d = us.add_parser("disable", help="disable an account")
    d.add_argument("username")
    d.set_defaults(handler=cmd_user_disable)


def cmd_init(ctx: CliContext, args: argparse.Namespace) -> int:
    db = ctx.database(check_schema=False)
    backup = upgrade(db.engine)
    record_program_version(db)
    created, admin_password = None, None
    if not has_users(db):
        admin_password = args.admin_password or os.environ.get("REGISTRY_ADMIN_PASSWORD") or ask_secret(
            ctx, ctx.say("admin.new_admin_password"), "admin_password")
        created = bootstrap_admin(db, args.admin_user, admin_password, args.admin_name)
    key_id = _init_office_key(ctx, db, args, created, admin_password)
    result = {"database": _safe_url(db), "schema": "current",
              "backup": str(backup) if backup else None,
              "admin_created": created.username if created else None, "signing_key_created": key_id}
    lines = [ctx.say("admin.database_ready", database=result["database"])]
    if backup:
        lines.append(ctx.say("admin.backed_up", backup=backup))
    if created:
        lines.append(ctx.say("admin.admin_created", username=created.username))
    if key_id:
        lines.append(ctx.say("admin.key_created", key_id=key_id))
    ctx.emit(result, "\n".join(lines))
    return 0


def _init_office_key(ctx: CliContext, db: Database, args: argparse.Namespace,
                     created: UserInfo | None, admin_password: str | None) -> str | None:
    """The office key, when a passphrase is given and the office has none (see keys init).

    Creating a key is an administrator's act like any other: it needs a sign-in. Right after
    ``init`` created the first administrator, that administrator signs in with the password
    just set; on a register that already has accounts, ``--user`` must name an administrator
    (the key is never made by the anonymous ``system`` actor)."""
    passphrase = args.key_passphrase or os.environ.get("REGISTRY_KEY_PASSPHRASE")
    if not passphrase:
        return None
    from app.services.key_service import KeyService, active_own_key

    with db.session_scope(write=False) as s:
        if active_own_key(s) is not None:
            return None
    if created is not None and admin_password is not None and not ctx.has_user():
        actor = authenticate(db, created.username, admin_password)
    else:
        actor = ctx.actor()
    return KeyService(db, actor).init_office_key(passphrase, args.office_code, args.office_name).key_id


def cmd_db_upgrade(ctx: CliContext, args: argparse.Namespace) -> int:
    db = ctx.database(check_schema=False)
    # upgrade() restores dropped or disabled audit triggers; name them, they mean tampering.
    restored = guard_problems(db.engine) if schema_status(db.engine) != "empty" else []
    backup = upgrade(db.engine)
    record_program_version(db)
    lines = [ctx.say("admin.schema_upgraded", backup=backup) if backup
             else ctx.say("admin.schema_current")]
    if restored:
        lines.append(ctx.say("audit.schema_guards_restored", names=", ".join(restored)))
    ctx.emit({"schema": "current", "backup": str(backup) if backup else None,
              "guards_restored": restored}, "\n".join(lines))
    return 0



def cmd_db_status(ctx: CliContext, args: argparse.Namespace) -> int:
    db = ctx.database(check_schema=False)
    status = schema_status(db.engine)
    written_by = register_version(db) if status in ("current", "old") else ""
    ctx.emit({"database": _safe_url(db), "schema": status, "program_version": written_by or None},
             f"{_safe_url(db)}: {status}" + (f" ({written_by})" if written_by else ""))
    return 0


def cmd_user_add(ctx: CliContext, args: argparse.Namespace) -> int:
    password = args.new_password or os.environ.get("REGISTRY_NEW_PASSWORD") or ask_secret(
        ctx, ctx.say("admin.new_user_password"), "new_password")
    info = UsersService(ctx.database(), ctx.actor()).add_user(
        args.username, password, args.role, args.display_name)
    ctx.emit(info, ctx.say("admin.user_added", username=info.username, role=info.role))
    return 0


def cmd_user_list(ctx: CliContext, args: argparse.Namespace) -> int:
    users = UsersService(ctx.database(), ctx.actor()).list_users()
    ctx.emit(users, "\n".join(f"{u.username}\t{u.role}\t{'active' if u.active else 'disabled'}"
                              for u in users))
    return 0


def cmd_user_disable(ctx: CliContext, args: argparse.Namespace) -> int:
    info = UsersService(ctx.database(), ctx.actor()).set_active(args.username, False)
    ctx.emit(info, ctx.say("admin.user_disabled", username=info.username))
    return 0


def _safe_url(db: Database) -> str:
    return db.engine.url.render_as_string(hide_password=True)
