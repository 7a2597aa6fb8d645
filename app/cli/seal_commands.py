"""`keys create-seals|seals|revoke-seal|renew-seal`: the office's electronic seals (the seal CA of issue 13), and the
sealing of exported files for :mod:`app.cli.certificate_commands`."""

from __future__ import annotations

import argparse
from typing import Any

from app.cli.context import CliContext, Commands
from app.cli.key_commands import add_passphrase_option, passphrase
from app.services.seal_service import SealInfo, SealService


def add_seal_commands(ks: Commands) -> None:
    c = ks.add_parser("create-seals", help="create the office's seal certificates (PDF/OFD seals)")
    add_passphrase_option(c)
    c.set_defaults(handler=cmd_create_seals)
    ls = ks.add_parser("seals", help="list the seal certificates")
    ls.set_defaults(handler=cmd_list_seals)
    rv = ks.add_parser("revoke-seal", help="revoke a seal whose key is compromised (office CRL)")
    rv.add_argument("seal", choices=["office", "committee", "chairman"])
    add_passphrase_option(rv)
    rv.set_defaults(handler=cmd_revoke_seal)
    rn = ks.add_parser("renew-seal", help="issue a seal's new certificate (after revoke-seal)")
    rn.add_argument("seal", choices=["office", "committee", "chairman"])
    add_passphrase_option(rn)
    rn.set_defaults(handler=cmd_renew_seal)


def _line(ctx: CliContext, s: SealInfo) -> str:
    return (f"{ctx.label('seal', s.role):<10} {s.algorithm:<10} {s.valid_from:%Y-%m-%d} – "
            f"{s.valid_until:%Y-%m-%d}  {s.subject}\n    {s.fingerprint}")


def cmd_create_seals(ctx: CliContext, args: argparse.Namespace) -> int:
    seals = SealService(ctx.database(), ctx.actor()).create_seals(passphrase(ctx, args))
    text = "\n".join([ctx.say("seals.created", count=len(seals) - 1)] + [_line(ctx, s) for s in seals])
    ctx.emit(seals, text)
    return 0


def cmd_list_seals(ctx: CliContext, args: argparse.Namespace) -> int:
    seals = SealService(ctx.database(), ctx.actor()).list_seals()
    ctx.emit(seals, "\n".join(_line(ctx, s) for s in seals) or ctx.say("seals.none"))
    return 0


def cmd_revoke_seal(ctx: CliContext, args: argparse.Namespace) -> int:
    info = SealService(ctx.database(), ctx.actor()).revoke_seal(args.seal, passphrase(ctx, args))
    ctx.emit(info, ctx.say("seals.revoked", seal=ctx.label("seal", info.role)))
    return 0


def cmd_renew_seal(ctx: CliContext, args: argparse.Namespace) -> int:
    seals = SealService(ctx.database(), ctx.actor()).renew_seal(args.seal, passphrase(ctx, args))
    text = "\n".join([ctx.say("seals.renewed", seal=ctx.label("seal", args.seal))]
                     + [_line(ctx, s) for s in seals])
    ctx.emit(seals, text)
    return 0


def sealing_for_export(ctx: CliContext, args: argparse.Namespace) -> Any:
    """The unlocked seals for an export, or None when the office has no seals yet (the file is
    then written unsealed and the output says so)."""
    svc = SealService(ctx.database(), ctx.actor())
    if not svc.has_seals():
        return None
    return svc.signing_material(passphrase(ctx, args))
