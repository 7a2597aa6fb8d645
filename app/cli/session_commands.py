"""`login` and `logout`: a command-line session (issue 16).

After ``registry-office login --user desk1`` (password from the prompt or REGISTRY_PASSWORD)
the commands that follow on this register need no password until the session ends: a help-desk
operator verifies certificate after certificate, each a fast ``verify FILE`` with no Argon2id
check. See :mod:`app.services.cli_sessions` for when a session ends and what the register keeps.
"""

from __future__ import annotations

import argparse

from app.cli import session_file
from app.cli.context import CliContext, Commands
from app.codes.payload import CHINA_TZ


def register(sub: Commands) -> None:
    p = sub.add_parser("login", help="sign in once for the commands that follow / 登录命令行")
    p.add_argument("--hours", type=int,
                   help="end the session sooner than the office's session length (hours)")
    p.set_defaults(handler=cmd_login)
    q = sub.add_parser("logout", help="end the command-line session / 退出命令行登录")
    q.set_defaults(handler=cmd_logout)


def cmd_login(ctx: CliContext, args: argparse.Namespace) -> int:
    from app.services.cli_sessions import close_session, open_session

    actor = ctx.password_actor()
    token, expires = open_session(ctx.store(), actor, args.hours)
    previous = session_file.load(ctx.db_url)
    session_file.save(ctx.db_url, session_file.SavedSession(token, actor.username,
                                                            expires.isoformat()))
    if previous is not None:  # one session per user and register: the old one ends now
        close_session(ctx.store(), previous.token)
    until = f"{expires.astimezone(CHINA_TZ):%Y-%m-%d %H:%M}"
    ctx.emit({"user": actor.username, "role": actor.role, "expires_at": expires},
             ctx.say("session.opened", name=actor.display_name or actor.username,
                     user=actor.username, until=until))
    return 0


def cmd_logout(ctx: CliContext, args: argparse.Namespace) -> int:
    from app.services.cli_sessions import close_session

    token, saved = session_file.current(ctx.db_url)
    user = close_session(ctx.store(), token) if token else None
    if saved is not None:
        session_file.remove(ctx.db_url)
    ctx.emit({"ended": user is not None, "user": user},
             ctx.say("session.closed", user=user) if user else ctx.say("session.none"))
    return 0


__all__ = ["register"]
