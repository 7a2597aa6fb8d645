"""`keys init|rotate|list|compromise|export-trust|import-trust|export-revocations|import-revocations|publish-verifier|distrust`.

The office key, the trust store and the signed revocation lists.

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
from app.cli.verify_commands import parse_instant
from app.codes.payload import CHINA_TZ
from app.errors import InvalidInput
from app.services.key_service import KeyInfo, KeyService
from app.services.trust_import import RevocationImport

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
    c = ks.add_parser("compromise", help="distrust a key from a date (stolen or leaked): "
                                         "nothing it signed from then on is valid")
    c.add_argument("key_id")
    c.add_argument("--since", required=True,
                   help="ISO date or date-time from which it is distrusted (no zone = China time)")
    c.add_argument("--reason", required=True)
    c.set_defaults(handler=cmd_compromise)
    er = ks.add_parser("export-revocations",
                       help="write our signed list of revoked and superseded certificates")
    er.add_argument("--out", required=True)
    add_passphrase_option(er)
    er.set_defaults(handler=cmd_export_revocations)
    ir = ks.add_parser("import-revocations", help="import another office's signed revocation list")
    ir.add_argument("file")
    ir.set_defaults(handler=cmd_import_revocations)
    pv = ks.add_parser("publish-verifier",
                       help="write the phone verifier page with our signed trust list into a folder "
                            "(for the office's website)")
    pv.add_argument("--out", required=True,
                    help="folder to write (new, empty, or an earlier publication: replaced whole)")
    add_passphrase_option(pv)
    pv.set_defaults(handler=cmd_publish_verifier)
    d = ks.add_parser("distrust", help="stop trusting an imported key")
    d.add_argument("key_id")
    d.set_defaults(handler=cmd_distrust)
    from app.cli.seal_commands import add_seal_commands  # issue 13: the seal CA

    add_seal_commands(ks)


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


def cmd_publish_verifier(ctx: CliContext, args: argparse.Namespace) -> int:
    from pathlib import Path

    from app.services.verifier_publish import VerifierPublishService, check_out_folder, page_source

    # Refused before the passphrase is asked for: a wrong folder, a page never built.
    out = check_out_folder(Path(args.out))
    page_source()
    service = VerifierPublishService(ctx.database(), ctx.actor())
    done = service.publish(out, passphrase(ctx, args))
    prints = [k.fingerprint for k in _published_keys(ctx, done.signed_by)]
    text = ctx.say("keys.verifier_published", folder=done.folder, offices=done.offices,
                   keys=done.keys, revocations=done.revocations, days=done.max_age_days)
    text += "".join("\n" + ctx.say("keys.verifier_fingerprint", fingerprint=f) for f in prints)
    ctx.emit({"folder": str(done.folder), "files": list(done.files),
              "issued_at": done.issued_at.isoformat(), "office_code": done.office_code,
              "offices": done.offices, "keys": done.keys, "revocations": done.revocations,
              "max_age_days": done.max_age_days, "page_version": done.page_version,
              "signed_by": list(done.signed_by)}, text)
    return 0


def _published_keys(ctx: CliContext, key_ids: tuple[str, ...]) -> list[KeyInfo]:
    """Our active key among those that signed: the fingerprint the page shows."""
    return [k for k in KeyService(ctx.database(), ctx.actor()).list_keys()
            if k.key_id in key_ids and k.state == "active"]


def cmd_export_revocations(ctx: CliContext, args: argparse.Namespace) -> int:
    out = output_file(args.out)  # checked before the passphrase is asked for
    data = KeyService(ctx.database(), ctx.actor()).export_revocations(passphrase(ctx, args))
    inputs.write_atomic(out, data)
    ctx.emit({"file": str(out), "bytes": len(data)}, ctx.say("keys.revocations_written", file=out))
    return 0


def _revocation_lines(ctx: CliContext, r: RevocationImport) -> list[str]:
    line = ctx.say("keys.revocations_imported", as_of=f"{r.as_of.astimezone(CHINA_TZ):%Y-%m-%d %H:%M}",
                   added=r.added, upgraded=r.upgraded, unchanged=r.unchanged)
    return [line + (ctx.say("keys.revocations_outdated") if r.outdated else "")]


def cmd_import(ctx: CliContext, args: argparse.Namespace) -> int:
    # Size checked before reading; '-' reads standard input (all of it, up to the limit).
    data = input_bytes(args.file, "trust_file", inputs.limit("trust_file_bytes"))
    result = KeyService(ctx.database(), ctx.actor()).import_trust(data, args.accept_new_keys)
    lines = [ctx.say("keys.imported", office=result.office_name, code=result.office_code,
                     added=len(result.added), updated=len(result.updated),
                     unchanged=len(result.unchanged))]
    if result.continuity == "stale":
        lines.append(ctx.say("keys.stale"))
    if result.continuity == "new_office" and result.added:
        lines.append(ctx.say("keys.new_office"))
    for key_id in result.added:
        lines.append(f"  {key_id}  {result.fingerprints[key_id]}")
    for what in result.ignored:
        lines.append(ctx.say("keys.ignored", what=what))
    if result.revocations is not None:
        lines += _revocation_lines(ctx, result.revocations)
    ctx.emit(result, "\n".join(lines))
    return 0


def cmd_import_revocations(ctx: CliContext, args: argparse.Namespace) -> int:
    result = KeyService(ctx.database(), ctx.actor()).import_revocations(
        input_bytes(args.file, "revocation_list", inputs.limit("trust_file_bytes")))
    ctx.emit(result, "\n".join(_revocation_lines(ctx, result)))
    return 0


def cmd_compromise(ctx: CliContext, args: argparse.Namespace) -> int:
    since = parse_instant(args.since, "since")
    if since is None:  # an empty --since: the key's compromise needs a moment
        raise InvalidInput("cli_datetime_invalid", field="since", option="--since", value=args.since)
    info = KeyService(ctx.database(), ctx.actor()).compromise(args.key_id, since, args.reason)
    when = info.compromised_at or since
    ctx.emit(info, ctx.say("keys.compromised", key_id=info.key_id,
                           since=f"{when.astimezone(CHINA_TZ):%Y-%m-%d %H:%M}"))
    return 0


def cmd_distrust(ctx: CliContext, args: argparse.Namespace) -> int:
    info = KeyService(ctx.database(), ctx.actor()).remove_trust(args.key_id)
    ctx.emit(info, ctx.say("keys.distrusted", key_id=info.key_id, office=info.office_name))
    return 0
