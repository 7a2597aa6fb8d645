"""`certificate annotate|list|show|export|batch|revoke`: e-certificates from the command line.

``annotate`` signs with the office key: the passphrase comes from ``--passphrase`` or
REGISTRY_KEY_PASSPHRASE (see :mod:`app.cli.key_commands`). ``export`` and ``batch`` render with
:mod:`app.printing` (PDF or OFD).
"""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from app import inputs
from app.cli import print_commands
from app.cli.boundary import output_file
from app.cli.context import CliContext, Commands
from app.cli.key_commands import add_passphrase_option, passphrase
from app.cli.seal_commands import sealing_for_export
from app.codes.claims_view import CertificateView
from app.errors import InvalidInput
from app.services.base import Service
from app.services.certificate_queries import STATES, CertificateInfo
from app.services.certificate_service import CertificateService


def _date(value: str, field: str) -> date:
    return inputs.parse_day(value, field)  # YYYY-MM-DD within the years the program handles


def register(sub: Commands) -> None:
    cert = sub.add_parser("certificate", help="electronic certificates / 电子证书")
    cs = cert.add_subparsers(dest="certificate_command", required=True)
    a = cs.add_parser("annotate", help="annotate (加注): a new certificate with a 180-day use window")
    a.add_argument("registration_number")
    a.add_argument("--on", help="annotation date YYYY-MM-DD (default: today, China time)")
    a.add_argument("--kind", choices=["architect", "constructor", "engineer"],
                   help="only needed when the number exists for several kinds")
    add_passphrase_option(a)
    a.set_defaults(handler=cmd_annotate)
    ls = cs.add_parser("list", help="a person's certificates with their state")
    ls.add_argument("id_number")
    ls.add_argument("--id-type")
    ls.set_defaults(handler=cmd_list)
    sh = cs.add_parser("show", help="one certificate")
    sh.add_argument("serial")
    sh.set_defaults(handler=cmd_show)
    e = cs.add_parser("export", help="render one certificate to PDF or OFD")
    e.add_argument("serial")
    e.add_argument("--format", choices=["pdf", "ofd"], default="pdf")
    e.add_argument("--out", required=True)
    e.add_argument("--archive", action="store_true",
                   help="also export a certificate that is no longer valid (archive copy)")
    add_passphrase_option(e)  # unlocks the seals (issue 13) when the office has them
    e.set_defaults(handler=cmd_export)
    b = cs.add_parser("batch", help="render many certificates into a directory, or print them (--print)")
    b.add_argument("--out-dir")
    b.add_argument("--format", choices=["pdf", "ofd"], default="pdf")
    b.add_argument("--kind", choices=["architect", "constructor", "engineer"])
    b.add_argument("--state", choices=list(STATES))
    b.add_argument("--employer", help="employer USCC or part of its name")
    b.add_argument("--annotated-since", help="YYYY-MM-DD")
    b.add_argument("--limit", type=int)
    b.add_argument("--archive", action="store_true",
                   help="also export certificates that are no longer valid (archive copies)")
    b.add_argument("--workers", type=int, help="worker processes (default: every core)")
    add_passphrase_option(b)
    b.add_argument("--print", action="store_true", help="print them on --printer instead of writing files")
    print_commands.add_queue_options(b)
    b.set_defaults(handler=cmd_batch)
    print_commands.register(cs)
    r = cs.add_parser("revoke", help="revoke one certificate (e.g. issued in error)")
    r.add_argument("serial")
    r.add_argument("--reason", required=True)
    r.set_defaults(handler=cmd_revoke)


def _line(ctx: CliContext, c: CertificateInfo) -> str:
    specimen = ctx.say("certificate.specimen") if c.specimen else ""
    return (f"{c.serial}  {ctx.label('certificate_state', c.state)}{specimen}  {c.name}  {c.kind_name_zh}  "
            f"{c.registration_number}  {c.window_start} – {c.window_end}")


def cmd_annotate(ctx: CliContext, args: argparse.Namespace) -> int:
    on = _date(args.on, "on") if args.on else None
    actor = ctx.actor()
    info = CertificateService(ctx.database(), actor).annotate(
        args.registration_number, passphrase(ctx, args), on=on, kind=args.kind)
    ctx.emit(info, ctx.say("certificate.annotated", serial=info.serial, start=info.window_start,
                           end=info.window_end))
    return 0


def cmd_list(ctx: CliContext, args: argparse.Namespace) -> int:
    items = CertificateService(ctx.database(), ctx.actor()).list_for_person(args.id_number, args.id_type)
    ctx.emit(items, "\n".join(_line(ctx, c) for c in items) or ctx.say("certificate.none"))
    return 0


def cmd_show(ctx: CliContext, args: argparse.Namespace) -> int:
    c = CertificateService(ctx.database(), ctx.actor()).get(args.serial)
    text = _line(ctx, c)
    if c.state == "superseded" and c.supersede_reason:
        from app.cli.verify_commands import supersede_lines

        text = "\n".join([text, *supersede_lines(ctx, c.supersede_reason, c.supersede_changes, c.kind)])
    ctx.emit(c, text)
    return 0


def _write(path: Path, data: bytes) -> None:
    # Temporary file + rename: never half a certificate under the final name, never a device.
    inputs.write_atomic(path, data)


def _out_dir(name: str) -> Path:
    """The batch's folder (made if missing); a file or a device in its place is refused."""
    folder = Path(name)
    if folder.exists() and not folder.is_dir():
        raise InvalidInput("output_not_a_file", field="out_dir", path=str(folder))
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InvalidInput("output_not_writable", field="out_dir", path=str(folder),
                           detail=exc.strerror or str(exc)) from None
    return folder


def cmd_export(ctx: CliContext, args: argparse.Namespace) -> int:
    from app.printing.sealed_files import render_sealed

    out = output_file(args.out)  # refused before rendering: a missing folder, a device
    view = CertificateService(ctx.database(), ctx.actor()).printable_view(args.serial, args.archive)
    sealing = sealing_for_export(ctx, args)
    _write(out, render_sealed(view, args.format, sealing))
    text = ctx.say("certificate.exported", file=out)
    if sealing is None:
        text += "\n" + ctx.say("seals.unsealed")
    ctx.emit({"serial": view.serial, "file": str(out), "format": args.format, "state": view.state,
              "sealed": sealing is not None}, text)
    return 0


def cmd_batch(ctx: CliContext, args: argparse.Namespace) -> int:
    from app.printing.pdf_renderer import certificate_filename
    from app.printing.sealed_files import render_many

    if not args.print and not args.out_dir:
        raise InvalidInput("batch_target_required", field="out_dir")
    actor = ctx.actor()
    Service(ctx.database(), actor).require("certificate.print")
    svc = CertificateService(ctx.database(), actor)
    since = _date(args.annotated_since, "annotated_since") if args.annotated_since else None
    items = svc.find(kind=args.kind, state=args.state, employer=args.employer,
                     annotated_since=since, limit=args.limit)
    if args.print:
        printable = [i.serial for i in items if i.state == "valid" or args.archive]
        return print_commands.print_serials(ctx, args, printable)
    out_dir = _out_dir(args.out_dir)
    written: list[dict[str, str]] = []
    skipped = [{"serial": i.serial, "state": i.state} for i in items
               if i.state != "valid" and not args.archive]
    serials = [i.serial for i in items if i.state == "valid" or args.archive]
    views = svc.printable_views(serials, args.archive) if serials else []
    sealing = sealing_for_export(ctx, args) if views else None

    def save(_i: int, view: CertificateView, data: bytes) -> None:
        # The serial's last parts keep files of the same holder apart (re-annotations).
        name = certificate_filename(view, args.format)
        stem, ext = name.rsplit(".", 1)
        path = out_dir / f"{stem}_{'.'.join(view.serial.split('.')[-3:-1])}.{ext}"
        _write(path, data)
        written.append({"serial": view.serial, "file": str(path), "state": view.state})

    render_many(views, args.format, sealing, args.workers, save)
    text = ctx.say("certificate.batch_exported", count=len(written), folder=out_dir)
    if skipped:
        text += ctx.say("certificate.batch_skipped", count=len(skipped))
    if views and sealing is None:
        text += "\n" + ctx.say("seals.unsealed")
    ctx.emit({"count": len(written), "files": written, "skipped": skipped,
              "sealed": sealing is not None}, text)
    return 0


def cmd_revoke(ctx: CliContext, args: argparse.Namespace) -> int:
    c = CertificateService(ctx.database(), ctx.actor()).revoke(args.serial, args.reason)
    ctx.emit(c, ctx.say("certificate.revoked", serial=c.serial))
    return 0
