"""`audit verify|checkpoint|acknowledge`: checking the audit log and anchoring it outside the database.

Each workstation keeps the newest checkpoint that checked out as its *witness*, a file in its
own data directory (one per database), and checks it on every ``audit verify``: someone who
copies the database file away, rewrites it and puts it back does not have that file.
``audit checkpoint --out FILE`` writes a checkpoint to keep elsewhere (a USB stick, the
supervising authority's mailbox); ``audit verify --checkpoint FILE`` checks the log against it.
Exit codes of ``verify``: 0 intact, 1 tampering found, 2 unreadable checkpoint file.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from app.cli.context import CliContext, Commands, to_jsonable
from app.cli.key_commands import add_passphrase_option, passphrase
from app.errors import InvalidInput
from app.inputs import read_file
from app.settings import audit_witness_path

MAX_CHECKPOINT_FILE = 64 * 1024


def register(sub: Commands) -> None:
    audit = sub.add_parser("audit", help="audit log / 审计日志")
    au = audit.add_subparsers(dest="audit_command", required=True)
    v = au.add_parser("verify", help="check the audit log: chain, signed checkpoints, triggers")
    v.add_argument("--checkpoint", action="append", default=[], metavar="FILE",
                   help="also check against a checkpoint file kept outside (repeatable)")
    v.set_defaults(handler=cmd_verify)
    c = au.add_parser("checkpoint", help="sign the audit log's current state with the office key")
    c.add_argument("--out", required=True, help="file to write (keep it away from the database)")
    add_passphrase_option(c)
    c.set_defaults(handler=cmd_checkpoint)
    a = au.add_parser("acknowledge", help="record that an audit incident was investigated")
    a.add_argument("seq", type=int, help="the incident's entry number (from audit verify)")
    a.add_argument("--note", required=True, help="what was found")
    a.set_defaults(handler=cmd_acknowledge)


def witness_path(ctx: CliContext) -> Path:
    """This workstation's witness for the database it uses (named by the database's URL)."""
    return audit_witness_path(ctx.db_url)


def _read(path: Path, field: str) -> bytes:
    # Through the input boundary: a device (/dev/zero) or a /proc file reporting size 0 is
    # refused or read only to the limit, never read through (found by the reliability suite).
    return read_file(path, field, MAX_CHECKPOINT_FILE)


def _write(path: Path, data: bytes, field: str) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".part")
        tmp.write_bytes(data)
        tmp.replace(path)
    except OSError as exc:
        raise InvalidInput("output_not_writable", field=field, path=str(path),
                           detail=exc.strerror) from exc


def cmd_verify(ctx: CliContext, args: argparse.Namespace) -> int:
    from app.services.audit_service import WITNESS, AuditService

    service = AuditService(ctx.database(), ctx.actor())
    external = {str(p): _read(Path(p), "checkpoint") for p in args.checkpoint}
    witness = witness_path(ctx)
    if witness.exists():
        external[WITNESS] = _read(witness, "checkpoint")
    report = service.verify(external)
    if report.newest_checkpoint is not None:
        _write(witness, report.newest_checkpoint, "checkpoint")  # intact: remember how far
    lines = [ctx.say("audit.intact", entries=report.entries) if report.ok
             else ctx.say("audit.tampered", entries=report.entries)]
    for f in report.findings:
        lines.append(ctx.say("audit.finding", problem=ctx.label("audit_finding", f.code),
                             seq=f.seq if f.seq is not None else "—", detail=f.detail))
    lines.append(ctx.say("audit.anchors", checkpoints=report.checkpoints,
                         anchored=report.anchored_seq, unanchored=report.unanchored))
    for seq in report.acknowledged:
        lines.append(ctx.say("audit.acknowledged", seq=seq))
    data = to_jsonable(report)
    data.pop("newest_checkpoint", None)  # kept as the witness file, not printed
    data["witness"] = str(witness)
    ctx.emit(data, "\n".join(lines))
    return 0 if report.ok else 1


def cmd_checkpoint(ctx: CliContext, args: argparse.Namespace) -> int:
    from app.codes.audit_checkpoint import parse_checkpoint
    from app.services.audit_service import AuditService

    data = AuditService(ctx.database(), ctx.actor()).checkpoint(passphrase(ctx, args))
    out = Path(args.out)
    _write(out, data, "out")
    _write(witness_path(ctx), data, "checkpoint")
    cp = parse_checkpoint(data)
    ctx.emit({"file": str(out), "seq": cp.seq, "hash": cp.hash, "key_id": cp.key_id},
             ctx.say("audit.checkpoint_written", file=out, seq=cp.seq, hash=cp.hash[:16]))
    return 0


def cmd_acknowledge(ctx: CliContext, args: argparse.Namespace) -> int:
    from app.services.audit_service import AuditService

    AuditService(ctx.database(), ctx.actor()).acknowledge(args.seq, args.note)
    ctx.emit({"acknowledged": args.seq}, ctx.say("audit.acknowledged", seq=args.seq))
    return 0
