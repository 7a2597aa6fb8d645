"""`sync role|keygen|pair|offices|export|import|status|history|conflicts|resolve|freeze` (issue 12).

Offline field offices and their central office exchange bundles on a USB stick. The passphrase
(the office key's, which also unlocks the encryption key) comes as for `keys`: ``--passphrase``
or REGISTRY_KEY_PASSPHRASE, else asked on a terminal.
"""

from __future__ import annotations

import argparse
import json

from app import inputs
from app.cli.boundary import input_bytes, input_file, output_file
from app.cli.context import CliContext, Commands
from app.cli.key_commands import add_passphrase_option, passphrase
from app.codes.payload import CHINA_TZ
from app.errors import InvalidInput
from app.messages import field_label
from app.services.office_role import FreezeState
from app.services.sync_service import SyncService


def register(sub: Commands) -> None:
    sync = sub.add_parser("sync", help="field-office sync bundles / 受理点与中心同步")
    ss = sync.add_subparsers(dest="sync_command", required=True)
    r = ss.add_parser("role", help="show or set this office's role (central / field)")
    r.add_argument("role", nargs="?", choices=["central", "field"])
    r.set_defaults(handler=cmd_role)
    k = ss.add_parser("keygen", help="create the encryption key of an office whose signing key "
                                     "predates sync")
    add_passphrase_option(k)
    k.set_defaults(handler=cmd_keygen)
    p = ss.add_parser("pair", help="pair with another office from its trust file")
    p.add_argument("file", help="the other office's trust file (keys export-trust)")
    p.add_argument("--fingerprint", help="the fingerprint the other office reads out; without "
                                         "it, only show this file's fingerprint")
    p.set_defaults(handler=cmd_pair)
    o = ss.add_parser("offices", help="paired offices")
    o.set_defaults(handler=cmd_offices)
    e = ss.add_parser("export", help="write a bundle for an office")
    e.add_argument("--to", required=True, dest="to_office", help="the office's code (USCC)")
    e.add_argument("--out", required=True, help="bundle file, e.g. on a USB stick")
    add_passphrase_option(e)
    e.set_defaults(handler=cmd_export)
    i = ss.add_parser("import", help="apply a bundle from a paired office")
    i.add_argument("file")
    add_passphrase_option(i)
    i.set_defaults(handler=cmd_import)
    st = ss.add_parser("status", help="last bundle sent, received and acknowledged per office")
    st.set_defaults(handler=cmd_status)
    h = ss.add_parser("history", help="bundles sent and received")
    h.add_argument("--limit", type=int, default=50)
    h.set_defaults(handler=cmd_history)
    c = ss.add_parser("conflicts", help="persons and employers changed in two offices")
    c.add_argument("--all", action="store_true", help="also resolved ones")
    c.set_defaults(handler=cmd_conflicts)
    rs = ss.add_parser("resolve", help="resolve a conflict")
    rs.add_argument("conflict_id", type=int)
    rs.add_argument("choice", choices=["theirs", "ours", "merge"])
    rs.add_argument("--field", action="append", default=[], metavar="NAME=VALUE",
                    help="merge: the value chosen for a field (repeat); unnamed fields keep ours")
    rs.set_defaults(handler=cmd_resolve)
    cf = ss.add_parser("certificate-file", help="write the central office's sealed file of a "
                                                "certificate, as received")
    cf.add_argument("serial")
    cf.add_argument("--out", required=True)
    cf.set_defaults(handler=cmd_certificate_file)
    f = ss.add_parser("freeze", help="how long since the last bundle from the central office")
    f.set_defaults(handler=cmd_freeze)


def _svc(ctx: CliContext) -> SyncService:
    return SyncService(ctx.database(), ctx.actor())


def _when(value: object) -> str:
    from datetime import datetime

    return f"{value.astimezone(CHINA_TZ):%Y-%m-%d %H:%M}" if isinstance(value, datetime) else "—"


def _counts(ctx: CliContext, counts: dict[str, int]) -> str:
    if not any(counts.values()):
        return ctx.say("sync.nothing")
    return "、".join(f"{ctx.label('sync_entity', k)} {v}" for k, v in sorted(counts.items()) if v) \
        if ctx.lang == "zh" else ", ".join(f"{ctx.label('sync_entity', k)} {v}"
                                           for k, v in sorted(counts.items()) if v)


def cmd_role(ctx: CliContext, args: argparse.Namespace) -> int:
    svc = _svc(ctx)
    if args.role:
        svc.set_role(args.role)
    ident = svc.office_identity()
    ctx.emit(ident, ctx.say("sync.role", office=ident.name, code=ident.code,
                            role=ctx.label("office_role", ident.role)))
    return 0


def cmd_keygen(ctx: CliContext, args: argparse.Namespace) -> int:
    ident = _svc(ctx).create_encryption_key(passphrase(ctx, args))
    ctx.emit(ident, ctx.say("sync.keygen", fingerprint=ident.encryption_fingerprint))
    return 0


def cmd_pair(ctx: CliContext, args: argparse.Namespace) -> int:
    data = input_bytes(args.file, "trust_file", inputs.limit("trust_file_bytes"))
    svc = _svc(ctx)
    shown = svc.pairing_preview(data)
    if not args.fingerprint:
        ctx.emit(shown, ctx.say("sync.pair_preview", office=shown.name, code=shown.code,
                                role=ctx.label("office_role", shown.role or "central"),
                                fingerprint=shown.fingerprint))
        return 0
    office = svc.pair(data, args.fingerprint)
    ctx.emit(office, ctx.say("sync.paired", office=office.name, code=office.code,
                             role=ctx.label("office_role", office.role)))
    return 0


def cmd_offices(ctx: CliContext, args: argparse.Namespace) -> int:
    rows = _svc(ctx).paired_offices()
    text = "\n".join(f"{o.code}  {ctx.label('office_role', o.role)}  {o.name}  {o.fingerprint}"
                     for o in rows) or ctx.say("sync.no_offices")
    ctx.emit(rows, text)
    return 0


def cmd_export(ctx: CliContext, args: argparse.Namespace) -> int:
    out = output_file(args.out)  # checked before the passphrase is asked for
    report = _svc(ctx).export_bundle(args.to_office, out, passphrase(ctx, args))
    size = (f"{report.bytes / 1024 / 1024:.1f} MB" if report.bytes >= 1024 * 1024
            else f"{max(1, report.bytes // 1024)} KB")
    ctx.emit(report, ctx.say("sync.exported", seq=report.seq, file=out, size=size,
                             what=_counts(ctx, report.counts)))
    return 0


def cmd_import(ctx: CliContext, args: argparse.Namespace) -> int:
    path = input_file(args.file, "bundle")
    svc = _svc(ctx)
    report = svc.import_bundle(path, passphrase(ctx, args))
    names = {o.code: o.name for o in svc.paired_offices()}
    office = f"{names.get(report.from_office, '')}（{report.from_office}）" if ctx.lang == "zh" \
        else f"{names.get(report.from_office, '')} ({report.from_office})"
    if report.already_applied:
        ctx.emit(report, ctx.say("sync.already_applied", seq=report.seq, office=office))
        return 0
    lines = [ctx.say("sync.imported", seq=report.seq, office=office,
                     what=_counts(ctx, report.counts))]
    if report.skipped:
        lines.append(ctx.say("sync.skipped", count=report.skipped))
    if report.conflicts:
        lines.append(ctx.say("sync.conflicts_found", count=report.conflicts))
    if report.overridden:
        lines.append(ctx.say("sync.overridden", count=report.overridden))
    ctx.emit(report, "\n".join(lines))
    return 0


def cmd_status(ctx: CliContext, args: argparse.Namespace) -> int:
    svc = _svc(ctx)
    rows = svc.status()
    ident = svc.office_identity()
    lines = [ctx.say("sync.role", office=ident.name, code=ident.code,
                     role=ctx.label("office_role", ident.role))]
    for r in rows:
        lines.append(ctx.say("sync.status_line", office=r.office_name, code=r.office_code,
                             sent=r.last_sent_seq, sent_at=_when(r.last_sent_at),
                             received=r.last_received_seq, received_at=_when(r.last_received_at),
                             acked=r.last_acked_seq, conflicts=r.open_conflicts))
    if not rows:
        lines.append(ctx.say("sync.no_offices"))
    freeze = svc.freeze_state()
    if freeze.level != "ok":
        lines.append(_freeze_text(ctx, freeze))
    ctx.emit({"office": ident, "offices": rows, "freeze": freeze}, "\n".join(lines))
    return 0


def _freeze_text(ctx: CliContext, freeze: FreezeState) -> str:
    params = {"days": freeze.days_since_sync, "warn": freeze.warn_days,
              "freeze": freeze.freeze_days}
    if freeze.level == "frozen":
        return ctx.say("sync.freeze_frozen", **params)
    if freeze.level == "warn":
        return ctx.say("sync.freeze_warn", **params)
    return ctx.say("sync.freeze_ok", **params)


def cmd_history(ctx: CliContext, args: argparse.Namespace) -> int:
    rows = _svc(ctx).history(args.limit)
    text = "\n".join(f"{_when(e.at)}  {ctx.label('sync_direction', e.direction)}  {e.office_code}"
                     f"  #{e.seq}  {_counts(ctx, e.counts)}  {e.actor}" for e in rows)
    ctx.emit(rows, text or ctx.say("sync.no_history"))
    return 0


def cmd_conflicts(ctx: CliContext, args: argparse.Namespace) -> int:
    rows = _svc(ctx).conflicts(open_only=not args.all)
    lines = []
    for c in rows:
        lines.append(ctx.say("sync.conflict_line", id=c.id, entity=ctx.label("sync_entity", c.entity),
                             label=c.label, entity_key=c.entity_key, office=c.from_office,
                             at=_when(c.detected_at)))
        for name in sorted(set(c.ours) | set(c.theirs)):
            if c.ours.get(name) != c.theirs.get(name):
                sep = "：" if ctx.lang == "zh" else ": "
                lines.append(f"    {field_label(name, ctx.lang)}{sep}{c.ours.get(name)!s} | "
                             f"{c.theirs.get(name)!s}")
    ctx.emit(rows, "\n".join(lines) or ctx.say("sync.no_conflicts"))
    return 0


def cmd_resolve(ctx: CliContext, args: argparse.Namespace) -> int:
    fields: dict[str, str | None] = {}
    for item in args.field:
        name, sep, value = item.partition("=")
        if not sep or not name:
            raise InvalidInput("sync_conflict_field", field="fields", name=item)
        fields[name] = json.loads(value) if value == "null" else value
    _svc(ctx).resolve_conflict(args.conflict_id, args.choice, fields or None)
    ctx.emit({"conflict": args.conflict_id, "choice": args.choice},
             ctx.say("sync.resolved", id=args.conflict_id,
                     choice=ctx.label("sync_resolution", args.choice)))
    return 0


def cmd_freeze(ctx: CliContext, args: argparse.Namespace) -> int:
    state = _svc(ctx).freeze_state()
    ctx.emit(state, _freeze_text(ctx, state))
    return 0


def cmd_certificate_file(ctx: CliContext, args: argparse.Namespace) -> int:
    out = output_file(args.out)
    data = _svc(ctx).certificate_file(args.serial)
    if data is None:
        raise InvalidInput("sync_certificate_file_missing", field="serial", serial=args.serial)
    inputs.write_atomic(out, data)
    ctx.emit({"file": str(out), "bytes": len(data)},
             ctx.say("sync.certificate_file", serial=args.serial, file=out))
    return 0
