"""`settings show` and `settings set KEY=VALUE ...`: the office settings screen from the shell.

Every editable setting of the registry (app/services/office_settings.py), including the
per-kind filing rules of issue 9 (``rules.<kind>.continuation_*``, docs/rules.md). Changes go
through :meth:`SettingsService.update_settings`: validated, audited, one transaction; a bad key
or value is bad input (exit 2).
"""

from __future__ import annotations

import argparse

from app.cli.context import CliContext, Commands
from app.errors import InvalidInput
from app.services import office_settings as reg


def register(sub: Commands) -> None:
    settings = sub.add_parser("settings", help="office settings / 办公室设置").add_subparsers(
        dest="settings_command", required=True)
    s = settings.add_parser("show", help="every editable setting with its value")
    s.set_defaults(handler=cmd_show)
    st = settings.add_parser("set", help="change settings: KEY=VALUE ... (admin)")
    st.add_argument("pairs", nargs="+", metavar="KEY=VALUE")
    st.set_defaults(handler=cmd_set)


def _values(ctx: CliContext) -> dict[str, int | str]:
    from app.services.settings_service import SettingsService, editable_settings

    current = SettingsService(ctx.database(), ctx.actor()).settings()
    return {item.key: current.value(item) for item in editable_settings()}


def cmd_show(ctx: CliContext, args: argparse.Namespace) -> int:
    values = _values(ctx)
    ctx.emit(values, "\n".join(f"{k} = {v}" for k, v in values.items()))
    return 0


def cmd_set(ctx: CliContext, args: argparse.Namespace) -> int:
    from app.services.settings_service import SettingsService

    changes: dict[str, object] = {}
    for pair in args.pairs:
        key, sep, value = pair.partition("=")
        if not sep:
            raise InvalidInput("setting_invalid", field=key, key=key, value=pair, rule="KEY=VALUE")
        reg.setting(key.strip())  # an unknown key is refused by name
        changes[key.strip()] = value.strip()
    SettingsService(ctx.database(), ctx.actor()).update_settings(changes)
    values = _values(ctx)
    ctx.emit({k: values[k] for k in changes}, "\n".join(f"{k} = {values[k]}" for k in changes))
    return 0
