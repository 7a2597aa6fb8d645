"""Storing a person's accepted ID photo and signature; the office's image settings.

Attachment rows per docs/dev/contracts.md: ``photo`` (JPEG 295x413, 300 dpi), ``signature``
(transparent PNG) and ``signature_print`` (the same on white). A person's current image is the
row of that purpose with ``superseded_at IS NULL``; storing a new one supersedes the old row in
the same transaction, so the history stays and there is never more than one current image.

The service re-checks the bytes it is given (a JPEG of the right size; a PNG) instead of
trusting the caller: the CLI, the cropper dialog and imports all come through here. Nothing is
stored before the clerk accepts: the dialog and CLI work on pixels in memory until then.

The office's image settings (the photo's byte range and the pixel limit for decoding) are
declared in :mod:`app.services.office_settings` with their defaults and validation.
"""

from __future__ import annotations

import hashlib
import io
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from PIL import Image, UnidentifiedImageError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.errors import InvalidInput, NotFound
from app.imaging.frame import PHOTO_HEIGHT, PHOTO_WIDTH
from app.models import Attachment, Person
from app.models.base import utcnow
from app.models.db import Database
from app.services.audit import append_audit
from app.services.base import Service
from app.services.office_settings import (
    MAX_PIXELS,
    PHOTO_MAX_BYTES,
    PHOTO_MIN_BYTES,
    ImagingSettings,
    write_settings,
)
from app.services.office_settings import (
    imaging_settings as read_imaging_settings,
)

PURPOSES = ("photo", "signature", "signature_print")

# ImagingSettings field -> its office setting.
_SETTINGS = {"photo_min_bytes": PHOTO_MIN_BYTES, "photo_max_bytes": PHOTO_MAX_BYTES,
             "max_pixels": MAX_PIXELS}




@dataclass(frozen=True)
class StoredImage:
    id: uuid.UUID
    person_id: uuid.UUID
    purpose: str
    filename: str
    media_type: str
    size: int
    sha256: str
    created_at: datetime
    created_by: str
    superseded_at: datetime | None


@dataclass(frozen=True)
class PersonImages:
    """What the person panel and the certificate need: current images and how many went before."""

    person_id: uuid.UUID
    photo: StoredImage | None
    signature: StoredImage | None
    signature_print: StoredImage | None
    photo_history: int  # superseded photos
    signature_history: int


def _stored(a: Attachment) -> StoredImage:
    assert a.person_id is not None
    return StoredImage(a.id, a.person_id, a.purpose, a.filename, a.media_type, a.size, a.sha256,
                       a.created_at, a.created_by, a.superseded_at)


def imaging_settings(db: Database) -> ImagingSettings:
    """The office's image settings. No permission needed: the CLI's ``photo crop`` reads them
    without signing in (a damaged value reads as its default, see office_settings)."""
    with db.session_scope(write=False) as s:
        return read_imaging_settings(s)


def _check_image(data: bytes, fmt: str) -> Image.Image:
    try:
        im = Image.open(io.BytesIO(data))
        if im.size[0] * im.size[1] > 20_000_000:  # results are small; never decode a bomb
            raise ValueError("too many pixels")
        im.load()  # a full decode: verify() alone does not notice a truncated JPEG
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        code = "photo_not_jpeg" if fmt == "JPEG" else "signature_not_png"
        raise InvalidInput(code, width=PHOTO_WIDTH, height=PHOTO_HEIGHT) from exc
    if im.format != fmt:
        code = "photo_not_jpeg" if fmt == "JPEG" else "signature_not_png"
        raise InvalidInput(code, width=PHOTO_WIDTH, height=PHOTO_HEIGHT)
    return im


class PhotoService(Service):
    # -- settings ---------------------------------------------------------------------------
    def settings(self) -> ImagingSettings:
        return imaging_settings(self.db)

    def update_settings(self, **changes: int) -> ImagingSettings:
        """Change office-wide image settings (admin: ``settings.manage``), audited as
        ``imaging_settings_changed``."""
        self.require("settings.manage")
        unknown = sorted(set(changes) - set(_SETTINGS))
        if unknown:
            raise InvalidInput("setting_unknown", field=unknown[0], key=unknown[0])
        with self.db.session_scope() as s:
            write_settings(s, self.actor, {_SETTINGS[k].key: v for k, v in changes.items()},
                           audit_action="imaging_settings_changed")
            return read_imaging_settings(s)

    # -- storing ----------------------------------------------------------------------------
    def store_photo(self, person_id: uuid.UUID, jpeg: bytes, source: str = "",
                    details: dict[str, Any] | None = None) -> StoredImage:
        """Make ``jpeg`` the person's current photo; the previous one is kept as history."""
        self.require("attachment.write")
        im = _check_image(jpeg, "JPEG")
        if im.size != (PHOTO_WIDTH, PHOTO_HEIGHT):
            raise InvalidInput("photo_not_jpeg", width=PHOTO_WIDTH, height=PHOTO_HEIGHT)
        with self.db.session_scope() as s:
            rows = self._replace(s, person_id, {"photo": (jpeg, "image/jpeg", "photo.jpg")},
                                 source, details)
            return rows[0]

    def store_signature(self, person_id: uuid.UUID, transparent_png: bytes, print_png: bytes,
                        source: str = "", details: dict[str, Any] | None = None) -> tuple[StoredImage, StoredImage]:
        """Make the pair (transparent, white-background) the person's current signature."""
        self.require("attachment.write")
        _check_image(transparent_png, "PNG")
        _check_image(print_png, "PNG")
        with self.db.session_scope() as s:
            rows = self._replace(s, person_id, {
                "signature": (transparent_png, "image/png", "signature.png"),
                "signature_print": (print_png, "image/png", "signature_print.png"),
            }, source, details)
            return rows[0], rows[1]

    def _replace(self, s: Session, person_id: uuid.UUID,
                 files: dict[str, tuple[bytes, str, str]], source: str,
                 details: dict[str, Any] | None) -> list[StoredImage]:
        person = s.get(Person, person_id)
        if person is None:
            raise NotFound("person_not_found", ref=str(person_id))
        now = utcnow()
        old = s.scalars(select(Attachment).where(
            Attachment.person_id == person_id, Attachment.purpose.in_(tuple(files)),
            Attachment.superseded_at.is_(None)).with_for_update()).all()
        for row in old:
            row.superseded_at = now
        new_rows = []
        for purpose, (data, media_type, filename) in files.items():
            row = Attachment(person_id=person_id, purpose=purpose, filename=filename,
                             media_type=media_type, size=len(data),
                             sha256=hashlib.sha256(data).hexdigest(), data=data,
                             created_by=self.actor.username)
            s.add(row)
            new_rows.append(row)
        s.flush()
        audit = {"purposes": list(files), "superseded": [str(r.id) for r in old],
                 "sha256": {r.purpose: r.sha256 for r in new_rows}, "source": source,
                 **(details or {})}
        action = "photo_stored" if "photo" in files else "signature_stored"
        append_audit(s, self.actor, action, "person", person_id, audit)
        return [_stored(r) for r in new_rows]

    # -- reading ----------------------------------------------------------------------------
    def current_images(self, person_id: uuid.UUID) -> PersonImages:
        self.require("person.read")
        with self.db.session_scope(write=False) as s:
            rows = s.scalars(select(Attachment).where(
                Attachment.person_id == person_id, Attachment.purpose.in_(PURPOSES),
                Attachment.superseded_at.is_(None))).all()
            current = {r.purpose: _stored(r) for r in rows}
            counts = dict(s.execute(
                select(Attachment.purpose, func.count()).where(
                    Attachment.person_id == person_id, Attachment.purpose.in_(("photo", "signature")),
                    Attachment.superseded_at.is_not(None)).group_by(Attachment.purpose)).all())
        return PersonImages(person_id, current.get("photo"), current.get("signature"),
                            current.get("signature_print"), int(counts.get("photo", 0)),
                            int(counts.get("signature", 0)))

    def history(self, person_id: uuid.UUID, purpose: str) -> list[StoredImage]:
        """Every image of ``purpose``, newest first (the current one, if any, first)."""
        self.require("person.read")
        with self.db.session_scope(write=False) as s:
            rows = s.scalars(select(Attachment).where(
                Attachment.person_id == person_id, Attachment.purpose == purpose)
                .order_by(Attachment.created_at.desc())).all()
            return [_stored(r) for r in rows]

    def image_data(self, attachment_id: uuid.UUID) -> bytes:
        self.require("person.read")
        with self.db.session_scope(write=False) as s:
            row = s.get(Attachment, attachment_id)
            if row is None or row.purpose not in PURPOSES:
                raise NotFound("attachment_not_found", ref=str(attachment_id))
            return bytes(row.data)
