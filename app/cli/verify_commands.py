"""`verify FILE...`, `scan --source`, `verify-log`: certificate verification from the command line.

Exit codes: 0 valid, 1 decoded but not valid, 2 bad input, 3 no code found. With several
results (several files, or several codes on the pages of one PDF) the largest code wins.

``--at`` takes an ISO date-time; without a time zone it is China time (UTC+8), the time zone of
every date printed on a certificate. ``--json`` prints one object for one result, else a list;
each object has ``status``, ``warnings``, ``raw``, ``certificate``, ``use_window``, ``issuer``
(plus ``file``, ``days_remaining``, ``detail``).
"""

from __future__ import annotations

import argparse
import time
from datetime import datetime
from pathlib import Path
from typing import Any

from app import inputs
from app.cli.boundary import input_bytes, input_file, output_file
from app.cli.context import CliContext, Commands, to_jsonable
from app.codes.payload import CHINA_TZ
from app.errors import InvalidInput
from app.services.verification_files import SEALABLE_SUFFIXES, TEXT_MAX_BYTES
from app.services.verification_views import VerificationResult
from app.services.verify_core import NO_CODE_FOUND, CoreVerification

# OpenCV, zxing-cpp and pdfium load only when a command needs them: every other command of the
# CLI imports this module to register its parser and must not pay for them.
MAX_SCAN_SECONDS = 3600


def register(sub: Commands) -> None:
    v = sub.add_parser("verify", help="verify certificates in image, PDF or text files / 核验证书")
    v.add_argument("files", nargs="+", metavar="FILE",
                   help="image, PDF, or text file with the code; '-' reads the code from stdin")
    v.add_argument("--at", help="judge at this ISO date-time (default: now; no zone = China time)")
    v.set_defaults(handler=cmd_verify)

    s = sub.add_parser("scan", help="verify the first certificate a camera or video shows / 扫码核验")
    s.add_argument("--source", required=True, help="camera index, video file, stream URL or image")
    s.add_argument("--timeout", type=float, default=30.0,
                   help=f"give up after S seconds (default 30, at most {MAX_SCAN_SECONDS})")
    s.add_argument("--at", help="judge at this ISO date-time (default: now)")
    s.set_defaults(handler=cmd_scan)

    log = sub.add_parser("verify-log", help="export the verification log as CSV / 导出核验记录")
    log.add_argument("--csv", required=True, type=Path, help="target file")
    log.add_argument("--since", help="from this ISO date-time")
    log.add_argument("--until", help="before this ISO date-time")
    log.set_defaults(handler=cmd_verify_log)


def parse_instant(value: str | None, field: str = "at") -> datetime | None:
    """The input boundary's date-time check (no zone: China time; years 1900-9998)."""
    return inputs.parse_instant(value, field)


def _exit_code(status: str) -> int:
    if status == "valid":
        return 0
    return 3 if status == NO_CODE_FOUND else 1


def result_json(result: VerificationResult, file: str | None) -> dict[str, Any]:
    cert = result.certificate
    doc: dict[str, Any] = to_jsonable({
        "file": file, "status": result.status, "warnings": list(result.warnings),
        "raw": result.raw, "detail": result.detail,
        "certificate": cert,
        "use_window": {"start": cert.window_start, "end": cert.window_end} if cert else None,
        "days_remaining": result.days_remaining,
        "issuer": result.issuer,
        "employer_name_in_register": result.employer_name_in_register,
        "photo_matches_register": result.photo is not None,
        "supersede_reason": result.supersede_reason,
        "supersede_changes": [{"field": f, "printed": p, "now": n}
                              for f, p, n in result.supersede_changes],
        # Issue 10: the signed specimen claim (status stays; never a real certificate), what
        # is true today when --at judged an earlier instant, the revocation list's date.
        "specimen": result.specimen,
        "now": ({"state": result.now_state, "since": result.now_state_at,
                 "reason": result.now_reason} if result.now_state else None),
        "revocations_as_of": result.revocations_as_of,
        "key_compromised_at": result.key_compromised_at,
    })
    return doc


def file_signatures_json(sigs: list[Any]) -> list[dict[str, Any]]:
    """``verify --json``'s ``file_signatures``: one entry per seal in the file (issue 13)."""
    return [to_jsonable(s) for s in sigs]


def file_signatures_text(ctx: CliContext, sigs: list[Any]) -> str:
    if not sigs:
        return ctx.say("seals.file_unsigned")
    return "\n".join(ctx.say("seals.file_signature",
                             seal=ctx.label("seal", s.seal) if s.seal else s.field,
                             signer=s.signer, office=s.office,
                             state=ctx.label("seal_state", s.state)) for s in sigs)


def result_text(ctx: CliContext, result: VerificationResult, file: str | None) -> str:
    status = ctx.say("verify.result", status=ctx.label("verification_status", result.status))
    lines = [f"{file}: {status}" if file else status]
    cert = result.certificate
    if cert is not None:
        lines.append(ctx.say("verify.holder", name=cert.name, serial=cert.serial))
        employer = cert.employer_name or result.employer_name_in_register or cert.employer_uscc or "—"
        lines.append(ctx.say("verify.registration", number=cert.registration_number, employer=employer))
        lines.append(ctx.say("verify.use_window", start=cert.window_start, end=cert.window_end))
        if result.status == "valid" and result.days_remaining is not None:
            lines.append(ctx.say("verify.days_left", days=result.days_remaining))
    if result.issuer is not None:
        lines.append(ctx.say("verify.issuer", office=result.issuer.office_name))
    if result.status == "superseded" and result.supersede_reason:
        lines.extend(supersede_lines(ctx, result.supersede_reason, result.supersede_changes,
                                     cert.kind if cert else ""))
    lines += _issue10_lines(ctx, result)
    for w in result.warnings:
        lines.append(ctx.say("verify.warning", warning=ctx.label("verification_warning", w)))
    return "\n".join(lines)


def supersede_lines(ctx: CliContext, reason: str,
                    changes: tuple[tuple[str, str | None, str | None], ...], kind: str) -> list[str]:
    """Why the register marked a certificate superseded, and what changed on it."""
    cause, _, number = reason.partition(":")
    table = "certificate_field" if cause == "info_correction" else "filing_type"
    lines = [ctx.say("verify.superseded_change", filing_type=ctx.label(table, cause), number=number)]
    for field, printed, now in changes:
        if field.startswith("specialty."):
            what = (f"{ctx.specialty(kind, field.split('.', 1)[1])} "
                    f"{ctx.label('certificate_field', 'specialty')}")
        else:
            what = ctx.label("certificate_field", field)
        shown_now = ctx.label("certificate_field", "cancelled") if now == "cancelled" else (now or "—")
        lines.append(ctx.say("verify.changed", field=what, printed=printed or "—", now=shown_now))
    return lines


def _china(value: datetime) -> str:
    return f"{value.astimezone(CHINA_TZ):%Y-%m-%d %H:%M}"


def _issue10_lines(ctx: CliContext, result: VerificationResult) -> list[str]:
    lines = []
    if result.specimen:
        lines.append(ctx.say("verify.specimen"))
    if result.now_state and result.now_state_at:
        reason = f"：{result.now_reason}" if result.now_reason else ""
        lines.append(ctx.say("verify.now_state", since=_china(result.now_state_at),
                             state=ctx.label("verification_status", result.now_state),
                             reason=reason))
    if result.revocations_as_of is not None:
        lines.append(ctx.say("verify.as_of", date=_china(result.revocations_as_of)))
    if result.key_compromised_at is not None:
        lines.append(ctx.say("verify.key_compromised", since=_china(result.key_compromised_at)))
    return lines


def _emit(ctx: CliContext, results: list[tuple[str | None, VerificationResult]],
          signatures: dict[str, list[Any]] | None = None) -> None:
    signatures = signatures or {}
    if ctx.as_json:
        docs = [result_json(r, f) for f, r in results]
        for doc, (f, _) in zip(docs, results, strict=True):
            if f in signatures:
                doc["file_signatures"] = file_signatures_json(signatures[f])
        ctx.emit(docs[0] if len(docs) == 1 else docs)
    else:
        print("\n".join(result_text(ctx, r, f) + (
            "\n" + file_signatures_text(ctx, signatures[f]) if f in signatures else "")
            for f, r in results))


def cmd_verify(ctx: CliContext, args: argparse.Namespace) -> int:
    at = parse_instant(args.at)
    for name in args.files:  # refuse bad input before logging anything
        if name != "-":
            if not Path(name).exists():
                raise InvalidInput("source_not_found", path=name)
            input_file(name, "input")  # a directory or a device is refused, not read
    if args.files.count("-") > 1:
        raise InvalidInput("stdin_twice", field="stdin")
    # All of standard input (up to the limit, more is refused, never cut off), read before
    # the first verification is logged.
    stdin = input_bytes("-", "stdin", TEXT_MAX_BYTES) if "-" in args.files else b""
    # Issue 16: the verdict and the log through Core, no ORM model loaded (app.services.
    # verify_core: the same implementation the help desk's VerificationService runs).
    svc = CoreVerification(ctx.store(), ctx.actor())
    results: list[tuple[str | None, VerificationResult]] = []
    signatures: dict[str, list[Any]] = {}
    for name in args.files:
        if name == "-":
            found = svc.verify_data(stdin, "stdin", "cli", at=at)
        else:
            found = svc.verify_file(Path(name), "cli", at=at)
            if Path(name).suffix.lower() in SEALABLE_SUFFIXES:
                # Issue 13: the file's own seals (the seal stack loads only for PDF/OFD files).
                from app.services.seal_service import SealService

                signatures[name] = SealService(ctx.database(), ctx.actor()).check_file(Path(name))
        results.extend((name, result) for result in found.results)
    _emit(ctx, results, signatures)
    return max(_exit_code(r.status) for _, r in results)


def cmd_scan(ctx: CliContext, args: argparse.Namespace) -> int:
    from app.domain.clock import utcnow
    from app.scanner.decoders import CodeReader
    from app.scanner.frame_verifier import FrameHit, FrameVerifier
    from app.scanner.live_reader import LiveReader
    from app.scanner.sources import is_camera_spec, open_source
    from app.services.verification_service import VerificationService

    at = parse_instant(args.at)
    if not 0 < args.timeout <= MAX_SCAN_SECONDS:  # also refuses nan and inf
        raise InvalidInput("scan_timeout_invalid", field="timeout", value=args.timeout,
                           max=MAX_SCAN_SECONDS)
    if not is_camera_spec(args.source) and "://" not in args.source:
        if not Path(args.source).exists():
            raise InvalidInput("source_not_found", path=args.source)
        from app.inputs import check_regular_file

        # a device or a directory is named as such, not as a missing file
        check_regular_file(Path(args.source), "source")
    svc = VerificationService(ctx.database(), ctx.actor())
    from app.services.photo_service import imaging_settings

    max_pixels = imaging_settings(ctx.database()).max_pixels  # the office's limit
    # A video is a stream of frames of one presentation: the live reader's region tracking
    # and multi-frame stage apply (ZBar kept as the rare second opinion, as for files).
    verifier = FrameVerifier(svc.key_lookup(), LiveReader(CodeReader()), hold_seconds=0,
                             clock=(lambda: at) if at is not None else utcnow)
    deadline = time.monotonic() + args.timeout
    foreign: str | None = None
    with open_source(args.source, max_pixels=max_pixels) as source:
        for frame in source.frames():
            hit = verifier(frame)
            if isinstance(hit, FrameHit):
                if hit.check.status != "not_a_certificate":
                    result = svc.verify_text(hit.text, "cli", at=at)
                    _emit(ctx, [(args.source, result)])
                    return _exit_code(result.status)
                foreign = foreign or hit.text
            if time.monotonic() > deadline:
                break
    if foreign is not None:
        result = svc.verify_text(foreign, "cli", at=at)
    else:
        result = svc.record_no_code("cli", args.source)
    _emit(ctx, [(args.source, result)])
    return _exit_code(result.status)


def cmd_verify_log(ctx: CliContext, args: argparse.Namespace) -> int:
    from app.services.verification_service import VerificationService

    since, until = parse_instant(args.since, "since"), parse_instant(args.until, "until")
    output_file(args.csv, "csv")  # before the work: its folder exists, it is no device
    svc = VerificationService(ctx.database(), ctx.actor())
    count = svc.export_log_csv(args.csv, since, until)
    ctx.emit({"file": str(args.csv), "rows": count},
             ctx.say("verify.log_exported", count=count, file=args.csv))
    return 0


__all__ = ["parse_instant", "register", "result_json"]
