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
import sys
import time
from datetime import datetime
from pathlib import Path
from typing import Any

from app.cli.context import CliContext, to_jsonable
from app.codes.payload import CHINA_TZ
from app.errors import InvalidInput
from app.services.verification_service import NO_CODE_FOUND, VerificationResult, VerificationService

# OpenCV, zxing-cpp and pdfium load only when a command needs them: every other command of the
# CLI imports this module to register its parser and must not pay for them.
IMAGE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".bmp", ".tif", ".tiff", ".webp", ".gif"})
PDF_SUFFIXES = frozenset({".pdf"})

STATUS_WORDS = {
    "valid": ("有效", "valid"),
    "expired": ("已过期（使用有效期已过）", "expired (use window over)"),
    "not_yet_valid": ("未生效（使用有效期尚未开始）", "not yet valid"),
    "registration_expired": ("注册已过期", "registration expired"),
    "revoked": ("已撤销", "revoked (cancelled)"),
    "superseded": ("已被新证书取代", "superseded by a newer certificate"),
    "invalid_signature": ("无法验证真伪（签名不符：伪造、篡改或损坏）",
                          "cannot be authenticated (forged, altered or damaged)"),
    "unknown_issuer": ("无法验证真伪（签发机构不在信任列表中）",
                       "cannot be authenticated (issuer not in the trust store)"),
    "not_a_certificate": ("非本系统证书", "not one of our certificates"),
    "no_code_found": ("未找到二维码", "no code found"),
}
WARNING_WORDS = {
    "trust_store_stale": ("信任列表已较长时间未更新，新签发机构的证书可能无法核验",
                          "the trust store has not been updated for a long time"),
    "clock_behind": ("本机时钟早于已记录的时间，请检查系统时间",
                     "this computer's clock is behind a time already seen: check it"),
    "not_in_register": ("本机构密钥签发，但登记库中没有该证书记录",
                        "signed with our key but not in our register"),
    "photo_mismatch": ("登记库中的照片已更换，与证书签发时不同",
                       "the photo in the register changed since the certificate was issued"),
}
TEXT_MAX_BYTES = 64 * 1024


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    v = sub.add_parser("verify", help="verify certificates in image, PDF or text files / 核验证书")
    v.add_argument("files", nargs="+", metavar="FILE",
                   help="image, PDF, or text file with the code; '-' reads the code from stdin")
    v.add_argument("--at", help="judge at this ISO date-time (default: now; no zone = China time)")
    v.set_defaults(handler=cmd_verify)

    s = sub.add_parser("scan", help="verify the first certificate a camera or video shows / 扫码核验")
    s.add_argument("--source", required=True, help="camera index, video file, stream URL or image")
    s.add_argument("--timeout", type=float, default=30.0, help="give up after S seconds (default 30)")
    s.add_argument("--at", help="judge at this ISO date-time (default: now)")
    s.set_defaults(handler=cmd_scan)

    log = sub.add_parser("verify-log", help="export the verification log as CSV / 导出核验记录")
    log.add_argument("--csv", required=True, type=Path, help="target file")
    log.add_argument("--since", help="from this ISO date-time")
    log.add_argument("--until", help="before this ISO date-time")
    log.set_defaults(handler=cmd_verify_log)


def parse_instant(value: str | None, field: str = "at") -> datetime | None:
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.strip())
    except ValueError:
        raise InvalidInput("cli_datetime_invalid", option=f"--{field}", value=value) from None
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=CHINA_TZ)


def _exit_code(status: str) -> int:
    if status == "valid":
        return 0
    return 3 if status == NO_CODE_FOUND else 1


def result_json(result: VerificationResult, file: str | None) -> dict[str, Any]:
    cert = result.certificate
    return to_jsonable({
        "file": file, "status": result.status, "warnings": list(result.warnings),
        "raw": result.raw, "detail": result.detail,
        "certificate": cert,
        "use_window": {"start": cert.window_start, "end": cert.window_end} if cert else None,
        "days_remaining": result.days_remaining,
        "issuer": result.issuer,
        "employer_name_in_register": result.employer_name_in_register,
        "photo_matches_register": result.photo is not None,
    })


def result_text(ctx: CliContext, result: VerificationResult, file: str | None) -> str:
    zh, en = STATUS_WORDS.get(result.status, (result.status, result.status))
    lines = [f"{file}: " if file else ""]
    lines[0] += ctx.t(f"核验结果：{zh}", f"Result: {en}")
    cert = result.certificate
    if cert is not None:
        lines.append(ctx.t(f"  姓名：{cert.name}  证书编号：{cert.serial}",
                           f"  Name: {cert.name}  Serial: {cert.serial}"))
        employer = cert.employer_name or result.employer_name_in_register or cert.employer_uscc or "—"
        lines.append(ctx.t(f"  注册编号：{cert.registration_number}  聘用企业：{employer}",
                           f"  Registration: {cert.registration_number}  Employer: {employer}"))
        lines.append(ctx.t(f"  使用有效期：{cert.window_start} 至 {cert.window_end}",
                           f"  Use window: {cert.window_start} to {cert.window_end}"))
        if result.status == "valid" and result.days_remaining is not None:
            lines.append(ctx.t(f"  剩余 {result.days_remaining} 天", f"  {result.days_remaining} days left"))
    if result.issuer is not None:
        lines.append(ctx.t(f"  签发机构：{result.issuer.office_name}",
                           f"  Issuer: {result.issuer.office_name}"))
    for w in result.warnings:
        wzh, wen = WARNING_WORDS.get(w, (w, w))
        lines.append(ctx.t(f"  注意：{wzh}", f"  Warning: {wen}"))
    return "\n".join(lines)


def _emit(ctx: CliContext, results: list[tuple[str | None, VerificationResult]]) -> None:
    if ctx.as_json:
        docs = [result_json(r, f) for f, r in results]
        ctx.emit(docs[0] if len(docs) == 1 else docs)
    else:
        print("\n".join(result_text(ctx, r, f) for f, r in results))


def _codes_in_file(path: Path) -> list[str] | None:
    """Texts of the codes in a file; ``None`` if it held no code at all."""
    suffix = path.suffix.lower()
    if suffix in IMAGE_SUFFIXES or suffix in PDF_SUFFIXES:
        from app.scanner.decoders import read_codes
        from app.scanner.sources import open_source

        texts: list[str] = []
        with open_source(path) as source:
            for frame in source.frames():
                for code in read_codes(frame, thorough=True):
                    if code.text not in texts:
                        texts.append(code.text)
        return texts or None
    data = path.read_bytes()[:TEXT_MAX_BYTES]
    return _codes_in_text(data, str(path))


def _codes_in_text(data: bytes, name: str) -> list[str] | None:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InvalidInput("source_unreadable", path=name) from None
    if "\x00" in text:
        raise InvalidInput("source_unreadable", path=name)
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines or None


def cmd_verify(ctx: CliContext, args: argparse.Namespace) -> int:
    at = parse_instant(args.at)
    for name in args.files:  # refuse bad input before logging anything
        if name != "-" and not Path(name).is_file():
            raise InvalidInput("source_not_found", path=name)
    svc = VerificationService(ctx.database(), ctx.actor())
    results: list[tuple[str | None, VerificationResult]] = []
    for name in args.files:
        if name == "-":
            texts = _codes_in_text(sys.stdin.buffer.read(TEXT_MAX_BYTES), "stdin")
        else:
            texts = _codes_in_file(Path(name))
        if texts is None:
            results.append((name, svc.record_no_code("cli", name)))
            continue
        for text in texts:
            results.append((name, svc.verify_text(text, "cli", at=at)))
    _emit(ctx, results)
    return max(_exit_code(r.status) for _, r in results)


def cmd_scan(ctx: CliContext, args: argparse.Namespace) -> int:
    from app.domain.clock import utcnow
    from app.scanner.decoders import CodeReader
    from app.scanner.frame_verifier import FrameVerifier
    from app.scanner.sources import is_camera_spec, open_source

    at = parse_instant(args.at)
    if not is_camera_spec(args.source) and "://" not in args.source \
            and not Path(args.source).is_file():
        raise InvalidInput("source_not_found", path=args.source)
    svc = VerificationService(ctx.database(), ctx.actor())
    verifier = FrameVerifier(svc.key_lookup(), CodeReader(), hold_seconds=0,
                             clock=(lambda: at) if at is not None else utcnow)
    deadline = time.monotonic() + max(0.0, args.timeout)
    foreign: str | None = None
    with open_source(args.source) as source:
        for frame in source.frames():
            hit = verifier(frame)
            if hit is not None:
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
    since, until = parse_instant(args.since, "since"), parse_instant(args.until, "until")
    svc = VerificationService(ctx.database(), ctx.actor())
    count = svc.export_log_csv(args.csv, since, until)
    ctx.emit({"file": str(args.csv), "rows": count},
             ctx.t(f"已导出 {count} 条核验记录到 {args.csv}", f"Exported {count} records to {args.csv}"))
    return 0


__all__ = ["STATUS_WORDS", "WARNING_WORDS", "parse_instant", "register", "result_json"]
