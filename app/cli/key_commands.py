"""`keys init|rotate|list|export-trust|import-trust|distrust`: the office key and trust store.

The signing passphrase comes from ``--passphrase`` or, better (it stays out of the process
list and shell history), the environment variable REGISTRY_KEY_PASSPHRASE; with neither, it is
asked for on a terminal. It is never stored.
"""

from __future__ import annotations

import argparse
import os

from app import inputs
from app.cli.boundary import input_bytes, output_file
from app.cli.context import CliContext, Commands, ask_secret
from app.services.key_service import KeyInfo, KeyService

PASSPHRASE_ENV = "REGISTRY_KEY_PASSPHRASE"
NEW_PASSPHRASE_ENV = "REGISTRY_NEW_KEY_PASSPHRASE"


def passphrase(ctx: CliContext, args: argparse.Namespace) -> str:
    return (getattr(args, "passphrase", None) or os.environ.get(PASSPHRASE_ENV)
            or ask_secret(ctx, ctx.say("keys.passphrase_prompt"), "passphrase"))


def add_passphrase_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--passphrase", help=f"signing key passphrase (better: {PASSPHRASE_ENV})")


def register(sub: Commands) -> None:
    keys = sub.add_parser("keys", help="office signing key and trust store / 签名密钥与信任库")
    ks = keys.add_subparsers(dest="keys_command", required=True)
    i = ks.add_parser("init", help="create the office's signing key")
    i.add_argument("--office-code", help="office unified social credit code (default: office settings)")
    i.add_argument("--office-name", help="office name (default: office settings)")
    add_passphrase_option(i)
    i.set_defaults(handler=cmd_init)
    r = ks.add_parser("rotate", help="new signing key from now on; the old one is retired, still trusted")
    add_passphrase_option(r)
    r.add_argument("--new-passphrase", help=f"passphrase for the new key (or {NEW_PASSPHRASE_ENV}; "
                                            "default: the current one)")
    r.set_defaults(handler=cmd_rotate)
    ls = ks.add_parser("list", help="list own and trusted keys")
    ls.set_defaults(handler=cmd_list)
    e = ks.add_parser("export-trust", help="write our public keys to a trust file for other offices")
    e.add_argument("--out", required=True, help="file to write, e.g. on a USB stick")
    add_passphrase_option(e)
    e.set_defaults(handler=cmd_export)
    im = ks.add_parser("import-trust", help="trust another office's keys from its trust file")
    im.add_argument("file")
    im.add_argument("--accept-new-keys", action="store_true",
                    help="accept new keys of a known office not signed by its old key "
                         "(only after comparing fingerprints by phone)")
    im.set_defaults(handler=cmd_import)
    d = ks.add_parser("distrust", help="stop trusting an imported key")
    d.add_argument("key_id")
    d.set_defaults(handler=cmd_distrust)


def _line(ctx: CliContext, k: KeyInfo) -> str:
    until = k.retired_at or k.valid_until
    period = f"{k.valid_from:%Y-%m-%d} – {until:%Y-%m-%d}" if until else f"{k.valid_from:%Y-%m-%d} –"
    return f"{k.key_id}  {ctx.label('key_state', k.state):<8} {k.office_code}  {k.office_name}  {period}"


def cmd_init(ctx: CliContext, args: argparse.Namespace) -> int:
    info = KeyService(ctx.database(), ctx.actor()).init_office_key(
        passphrase(ctx, args), args.office_code, args.office_name)
    ctx.emit(info, ctx.say("keys.created", key_id=info.key_id, office=info.office_name,
                           fingerprint=info.fingerprint))
    return 0


def cmd_rotate(ctx: CliContext, args: argparse.Namespace) -> int:
    new = args.new_passphrase or os.environ.get(NEW_PASSPHRASE_ENV)
    info = KeyService(ctx.database(), ctx.actor()).rotate(passphrase(ctx, args), new)
    ctx.emit(info, ctx.say("keys.rotated", key_id=info.key_id, fingerprint=info.fingerprint))
    return 0


def cmd_list(ctx: CliContext, args: argparse.Namespace) -> int:
    keys = KeyService(ctx.database(), ctx.actor()).list_keys()
    text = "\n".join(_line(ctx, k) for k in keys) or ctx.say("keys.none")
    ctx.emit(keys, text)
    return 0


def cmd_export(ctx: CliContext, args: argparse.Namespace) -> int:
    out = output_file(args.out)  # checked before the passphrase is asked for
    data = KeyService(ctx.database(), ctx.actor()).export_trust(passphrase(ctx, args))
    inputs.write_atomic(out, data)
    ctx.emit({"file": str(out), "bytes": len(data)},
             ctx.say("keys.trust_written", file=out))
    return 0


def cmd_import(ctx: CliContext, args: argparse.Namespace) -> int:
    # Size checked before reading; '-' reads standard input (all of it, up to the limit).
    data = input_bytes(args.file, "trust_file", inputs.limit("trust_file_bytes"))
    result = KeyService(ctx.database(), ctx.actor()).import_trust(data, args.accept_new_keys)
    lines = [ctx.say("keys.imported", office=result.office_name, code=result.office_code,
                     added=len(result.added), updated=len(result.updated),
                     unchanged=len(result.unchanged))]
    if result.continuity == "new_office" and result.added:
        lines.append(ctx.say("keys.new_office"))
    for key_id in result.added:
        lines.append(f"  {key_id}  {result.fingerprints[key_id]}")
    ctx.emit(result, "\n".join(lines))
    return 0


def cmd_distrust(ctx: CliContext, args: argparse.Namespace) -> int:
    info = KeyService(ctx.database(), ctx.actor()).remove_trust(args.key_id)
    ctx.emit(info, ctx.say("keys.distrusted", key_id=info.key_id, office=info.office_name))
    return 0
