"""`photo crop` and `signature clean`: bulk processing for offices that receive images by the batch.

Each input file is processed on its own and reported (face box, head height ratio, eye-line
angle, problems in the user's language); usable results are written to ``--out-dir``, files
that cannot be made usable are reported and skipped. Exit codes: 0 all usable, 1 at least one
file could not be made usable (no face, unreadable image, no ink, ...), 2 bad invocation
(missing input file, output folder not creatable). Nothing is stored in the register: these
commands prepare files; the cropper dialog stores accepted images on the person.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.cli.boundary import input_file
from app.cli.context import CliContext, Commands
from app.errors import DatabaseProblem, InvalidInput, RegistryError
from app.inputs import write_atomic
from app.messages import describe

if TYPE_CHECKING:
    from app.services.photo_service import ImagingSettings

# OpenCV and the imaging code are imported inside the handlers: every other command (and
# `--help`) would otherwise pay for loading them at start-up.
from app.settings import DB_ENV, default_db_url


def register(sub: Commands) -> None:
    photo = sub.add_parser("photo", help="1-inch ID photos / 证件照")
    ps = photo.add_subparsers(dest="photo_command", required=True)
    crop = ps.add_parser("crop", help="find the face and crop to 25x35 mm, 295x413 px, 300 dpi")
    crop.add_argument("inputs", nargs="+", metavar="IN", help="photo files (JPEG, PNG, BMP, TIFF, WebP)")
    crop.add_argument("--out-dir", required=True, type=Path, help="folder for the cropped JPEGs")
    crop.add_argument("--whiten", action="store_true", help="whiten a plain light background")
    crop.add_argument("--min-kb", type=int, help="smallest JPEG size (default: office setting)")
    crop.add_argument("--max-kb", type=int, help="largest JPEG size (default: office setting)")
    crop.set_defaults(handler=cmd_photo_crop)

    sig = sub.add_parser("signature", help="signature images / 签名图像")
    ss = sig.add_subparsers(dest="signature_command", required=True)
    clean = ss.add_parser("clean", help="separate the ink, crop, write transparent + white PNGs")
    clean.add_argument("inputs", nargs="+", metavar="IN", help="photos or scans of the signature")
    clean.add_argument("--out-dir", required=True, type=Path, help="folder for the PNGs")
    clean.add_argument("--ink", choices=["black", "original"], default="black",
                       help="colour of the ink in the output (default black)")
    clean.set_defaults(handler=cmd_signature_clean)


def _settings(ctx: CliContext) -> ImagingSettings:
    """The office's settings when a register is at hand; defaults when working on files alone."""
    from app.services.photo_service import ImagingSettings, imaging_settings

    explicit = ctx.db_url != default_db_url() or os.environ.get(DB_ENV)
    local = default_db_url().removeprefix("sqlite:///")
    if not explicit and not Path(local).exists():
        return ImagingSettings()
    try:
        return imaging_settings(ctx.database())
    except DatabaseProblem:
        return ImagingSettings()


def _prepare(ctx: CliContext, inputs: list[str], out_dir: Path) -> list[Path]:
    paths = [Path(p) for p in inputs]
    for p in paths:
        if not p.exists():
            raise InvalidInput("input_file_missing", path=str(p))
        input_file(p, "input")  # a directory or a device (/dev/zero) is refused, not read
    if out_dir.exists() and not out_dir.is_dir():
        raise InvalidInput("output_not_a_file", field="out_dir", path=str(out_dir))
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InvalidInput("image_unreadable", path=str(out_dir), detail=exc.strerror or str(exc)) from exc
    return paths


def _problem(ctx: CliContext, code: str, params: dict[str, Any], blocking: bool) -> dict[str, Any]:
    text = describe(RegistryError(code, **params), ctx.lang)
    return {"code": code, "blocking": blocking, "message": text}


def _report(ctx: CliContext, results: list[dict[str, Any]]) -> int:
    failed = sum(1 for r in results if not r["usable"])
    lines = []
    for r in results:
        mark = "✓" if r["usable"] else "✗"
        head = f"{mark} {r['input']}"
        if r.get("output"):
            head += f" → {r['output']}"
        if r.get("head_ratio") is not None:
            head += ctx.say("imaging.geometry", head_ratio=r["head_ratio"], eye_angle=r["eye_angle"])
        lines.append(head)
        lines += [f"    - {p['message']}" for p in r["problems"]]
    lines.append(ctx.say("imaging.summary", files=len(results), usable=len(results) - failed, failed=failed))
    ctx.emit({"files": results, "usable": len(results) - failed, "failed": failed}, "\n".join(lines))
    return 1 if failed else 0


def cmd_photo_crop(ctx: CliContext, args: argparse.Namespace) -> int:
    from app.imaging.frame import SPEC, measure
    from app.imaging.photo import auto_crop

    paths = _prepare(ctx, args.inputs, args.out_dir)
    settings = _settings(ctx)
    min_bytes = args.min_kb * 1024 if args.min_kb else settings.photo_min_bytes
    max_bytes = args.max_kb * 1024 if args.max_kb else settings.photo_max_bytes
    if min_bytes >= max_bytes:
        raise InvalidInput("imaging_setting_invalid", key="--min-kb", value=min_bytes // 1024,
                           rule="< --max-kb")
    results = []
    for path in paths:
        entry: dict[str, Any] = {"input": str(path), "output": None, "usable": False,
                                 "face_box": None, "head_ratio": None, "eye_angle": None,
                                 "problems": []}
        try:
            r = auto_crop(path, whiten=args.whiten, min_bytes=min_bytes, max_bytes=max_bytes,
                          max_pixels=settings.max_pixels)
        except InvalidInput as exc:
            entry["problems"].append(_problem(ctx, exc.code, exc.params, True))
            results.append(entry)
            continue
        a = r.analysis
        entry["faces"] = len(a.faces)
        if a.head is not None:
            geo = measure(r.frame, a.head.crown, a.head.chin, a.head.eye_mid, a.head.eyes, SPEC)
            # Reported in the source file's pixels (a big JPEG is decoded reduced).
            k = 1.0 / a.scale
            entry["face_box"] = [round(v * k) for v in a.head.face_box]
            entry["head_ratio"] = round(geo.head_ratio, 3)
            entry["crown_margin"] = round(geo.crown_margin, 3)
            entry["centre_offset"] = round(geo.centre_offset, 3)
            entry["eye_angle"] = round(a.head.angle, 2)
            entry["whitened"] = r.whitened
        entry["problems"] = [_problem(ctx, p.code, p.params, p.blocking) for p in r.problems]
        if r.usable:
            out = args.out_dir / f"{path.stem}.jpg"
            write_atomic(out, r.jpeg, "out_dir")
            entry.update(output=str(out), usable=True, bytes=len(r.jpeg), quality=r.quality)
        results.append(entry)
    return _report(ctx, results)


def cmd_signature_clean(ctx: CliContext, args: argparse.Namespace) -> int:
    from app.imaging.signature import clean_file

    paths = _prepare(ctx, args.inputs, args.out_dir)
    settings = _settings(ctx)
    results = []
    for path in paths:
        entry: dict[str, Any] = {"input": str(path), "output": None, "usable": False, "problems": []}
        try:
            r = clean_file(path, ink=args.ink, max_pixels=settings.max_pixels)
        except InvalidInput as exc:
            entry["problems"].append(_problem(ctx, exc.code, exc.params, True))
            results.append(entry)
            continue
        entry["problems"] = [_problem(ctx, p.code, p.params, p.blocking) for p in r.problems]
        entry.update(ink_box=list(r.box) if r.box else None, ink_contrast=round(r.ink_contrast, 3),
                     line_removed=r.line_removed, specks_removed=r.specks_removed)
        if r.usable and r.png is not None and r.print_png is not None and r.rgba is not None:
            out = args.out_dir / f"{path.stem}.png"
            out_print = args.out_dir / f"{path.stem}_print.png"
            write_atomic(out, r.png, "out_dir")
            write_atomic(out_print, r.print_png, "out_dir")
            entry.update(output=str(out), print_output=str(out_print), usable=True,
                         size=[int(r.rgba.shape[1]), int(r.rgba.shape[0])])
        results.append(entry)
    return _report(ctx, results)
