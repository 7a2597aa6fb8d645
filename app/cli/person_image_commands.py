"""`person photo PERSON FILE`, `person signature PERSON FILE`, `person photo-import FOLDER`.

The clerk's image steps from the shell, through the same crop, clean-up and checks as the UI's
cropper (app.imaging: file size checked before reading, image dimensions before decoding) and
stored through :class:`~app.services.photo_service.PhotoService` like the dialog stores them.
An image that cannot be made usable is refused (exit 1) with every problem named; a missing
file or folder is bad input (exit 2).

``photo-import`` digitises an archive: a folder of photos named by ID number
(``110108198805120316.jpg``). Each file is its own transaction, so an interrupted run keeps
what it stored and a rerun resumes: a file whose crop is already the person's current photo is
reported as unchanged, not stored twice. The report lists every file with its outcome.
"""

from __future__ import annotations

import argparse
import hashlib
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.cli.context import CliContext, Commands, command_group
from app.cli.register_commands import register_service, resolve_person
from app.domain.validators import ID_TYPES
from app.errors import InvalidInput, NotFound, RegistryError
from app.messages import describe

if TYPE_CHECKING:
    from app.imaging.photo import PhotoResult
    from app.services.photo_service import ImagingSettings

IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".bmp", ".tif", ".tiff", ".webp")


def register(sub: Commands) -> None:
    person = command_group(sub, "person", "persons on the register / 人员")
    p = person.add_parser("photo", help="crop a photo file to the 1-inch ID photo and store it")
    p.add_argument("person", help="UUID or ID number")
    p.add_argument("file", type=Path)
    p.add_argument("--id-type", default="resident", choices=ID_TYPES)
    p.add_argument("--whiten", action="store_true", help="whiten a plain light background")
    p.set_defaults(handler=cmd_photo)

    s = person.add_parser("signature", help="clean a signature scan and store it")
    s.add_argument("person", help="UUID or ID number")
    s.add_argument("file", type=Path)
    s.add_argument("--id-type", default="resident", choices=ID_TYPES)
    s.add_argument("--ink", choices=["black", "original"], default="black")
    s.set_defaults(handler=cmd_signature)

    i = person.add_parser("photo-import",
                          help="store a folder of photos named by ID number (one file, one commit)")
    i.add_argument("folder", type=Path)
    i.add_argument("--id-type", default="resident", choices=ID_TYPES)
    i.add_argument("--whiten", action="store_true")
    i.set_defaults(handler=cmd_photo_import)


def _settings(ctx: CliContext) -> ImagingSettings:
    from app.services.photo_service import imaging_settings

    return imaging_settings(ctx.database())


def _file(path: Path) -> Path:
    if not path.is_file():
        raise InvalidInput("input_file_missing", path=str(path))
    return path


def _crop(path: Path, settings: ImagingSettings, whiten: bool) -> PhotoResult:
    from app.imaging.photo import auto_crop

    return auto_crop(path, whiten=whiten, min_bytes=settings.photo_min_bytes,
                     max_bytes=settings.photo_max_bytes, max_pixels=settings.max_pixels)


def _problems(ctx: CliContext, problems: Any) -> list[dict[str, Any]]:
    return [{"code": p.code, "blocking": p.blocking,
             "message": describe(RegistryError(p.code, **p.params), ctx.lang)} for p in problems]


def _refuse(ctx: CliContext, path: Path, problems: list[dict[str, Any]]) -> int:
    lines = [ctx.say("person_images.not_usable", file=path)]
    lines += [ctx.say("person_images.problem", message=p["message"]) for p in problems]
    ctx.emit({"file": str(path), "stored": False, "problems": problems}, "\n".join(lines))
    return 1


def cmd_photo(ctx: CliContext, args: argparse.Namespace) -> int:
    from app.services.photo_service import PhotoService

    path = _file(args.file)
    person = resolve_person(register_service(ctx), args.person, args.id_type)
    r = _crop(path, _settings(ctx), args.whiten)
    problems = _problems(ctx, r.problems)
    if not r.usable:
        return _refuse(ctx, path, problems)
    stored = PhotoService(ctx.database(), ctx.actor()).store_photo(
        person.id, r.jpeg, source=f"cli:{path.name}", details={"input_sha256": _sha(path)})
    ctx.emit({"file": str(path), "stored": True, "attachment": stored, "problems": problems},
             ctx.say("person_images.photo_stored", name=person.name, id_number=person.id_number,
                     file=path))
    return 0


def cmd_signature(ctx: CliContext, args: argparse.Namespace) -> int:
    from app.imaging.signature import clean_file
    from app.services.photo_service import PhotoService

    path = _file(args.file)
    person = resolve_person(register_service(ctx), args.person, args.id_type)
    r = clean_file(path, ink=args.ink, max_pixels=_settings(ctx).max_pixels)
    problems = _problems(ctx, r.problems)
    if not r.usable or r.png is None or r.print_png is None:
        return _refuse(ctx, path, problems)
    stored, _ = PhotoService(ctx.database(), ctx.actor()).store_signature(
        person.id, r.png, r.print_png, source=f"cli:{path.name}",
        details={"input_sha256": _sha(path)})
    ctx.emit({"file": str(path), "stored": True, "attachment": stored, "problems": problems},
             ctx.say("person_images.signature_stored", name=person.name,
                     id_number=person.id_number, file=path))
    return 0


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def cmd_photo_import(ctx: CliContext, args: argparse.Namespace) -> int:
    from app.services.photo_service import PhotoService

    folder: Path = args.folder
    if not folder.is_dir():
        raise InvalidInput("input_file_missing", path=str(folder))
    files = sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in IMAGE_SUFFIXES)
    register, photos = register_service(ctx), PhotoService(ctx.database(), ctx.actor())
    settings = _settings(ctx)
    report: list[dict[str, Any]] = []
    for path in files:
        entry: dict[str, Any] = {"file": path.name, "id_number": path.stem.strip().upper(),
                                 "status": "failed", "problems": []}
        report.append(entry)
        try:
            person = resolve_person(register, path.stem, args.id_type)
            entry["person_id"] = str(person.id)
            r = _crop(path, settings, args.whiten)
            entry["problems"] = _problems(ctx, r.problems)
            if not r.usable:
                continue
            current = photos.current_images(person.id).photo
            if current is not None and current.sha256 == hashlib.sha256(r.jpeg).hexdigest():
                entry["status"] = "unchanged"  # a rerun: stored by an earlier run
                continue
            photos.store_photo(person.id, r.jpeg, source=f"import:{path.name}")  # its own commit
            entry["status"] = "stored"
        except (InvalidInput, NotFound) as exc:
            # This file only: the run goes on with the next one.
            entry["problems"].append({"code": exc.code, "blocking": True,
                                      "message": describe(exc, ctx.lang)})
    counts = {k: sum(1 for e in report if e["status"] == k) for k in ("stored", "unchanged", "failed")}
    status_text = {"stored": ctx.say("person_images.stored"),
                   "unchanged": ctx.say("person_images.unchanged"),
                   "failed": ctx.say("person_images.failed")}
    lines = []
    for e in report:
        mark = "✗" if e["status"] == "failed" else "✓"
        lines.append(ctx.say("person_images.line", mark=mark, file=e["file"],
                             status=status_text[e["status"]]))
        lines += [ctx.say("person_images.problem", message=p["message"]) for p in e["problems"]
                  if e["status"] == "failed" or not p["blocking"]]
    lines.append(ctx.say("person_images.import_summary", files=len(report), **counts))
    ctx.emit({"files": report, **counts}, "\n".join(lines))
    return 1 if counts["failed"] else 0
