"""Uploads for filings: release certificates, judgments, 补正 material.

Bytes are stored with their media type (sniffed from the content, not trusted from the name),
size and SHA-256. Size limits are office settings in ``app_settings`` (defaults below), because
file-size rules differ between systems (domain.md §6): a 补正 upload must be 200 KB-500 KB
(seed 004 §3.1.3). Photos and signatures are the photo service's (app.services.photo_service);
this module only answers whether a person has a current one.
"""

from __future__ import annotations

import hashlib
import mimetypes
import uuid
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain import filing_rules as fr
from app.errors import InvalidInput, NotFound, RuleViolation
from app.models import AppSetting, Attachment, Filing
from app.services.audit import append_audit
from app.services.base import Actor, Service
from app.services.filing_views import AttachmentInfo, attachment_info

# app_settings keys (documented in docs/dev/contracts.md) and their defaults.
SETTING_DEFAULTS: dict[str, int] = {
    "correction_upload_min_bytes": 200 * 1024,
    "correction_upload_max_bytes": 500 * 1024,
    "upload_max_bytes": 10 * 1024 * 1024,
}
FILING_UPLOAD_PURPOSES = ("release_certificate", "judgment", "other")
ALLOWED_MEDIA_TYPES = ("image/jpeg", "image/png", "application/pdf")
# Material may be added while the filing is still with the person or the employer; once the
# authority has it, new material arrives only as an answer to a 补正 request.
UPLOAD_STATES = frozenset({fr.DRAFT, fr.SUBMITTED, fr.EMPLOYER_CONFIRMED})


def setting_int(session: Session, key: str) -> int:
    row = session.get(AppSetting, key)
    try:
        return int(row.value) if row is not None else SETTING_DEFAULTS[key]
    except (TypeError, ValueError):
        return SETTING_DEFAULTS[key]  # a damaged setting must not block the office


def sniff_media_type(data: bytes, filename: str) -> str:
    """The content decides; the file name is only a fallback for types we do not sniff."""
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data.startswith(b"%PDF-"):
        return "application/pdf"
    guessed, _ = mimetypes.guess_type(filename)
    return guessed or "application/octet-stream"


def _kb(n: int) -> str:
    return f"{n / 1024:.0f}" if n % 1024 == 0 else f"{n / 1024:.1f}"


def store_attachment(session: Session, actor: Actor, *, purpose: str, filename: str, data: bytes,
                     person_id: uuid.UUID | None = None, filing_id: uuid.UUID | None = None,
                     correction_id: uuid.UUID | None = None) -> Attachment:
    """Validate and store one upload inside the caller's transaction (audited)."""
    if not data:
        raise InvalidInput("upload_empty", field="file")
    media_type = sniff_media_type(data, filename)
    if media_type not in ALLOWED_MEDIA_TYPES:
        raise InvalidInput("upload_media_type", field="file", media_type=media_type)
    size = len(data)
    if purpose == "correction":
        lo, hi = (setting_int(session, "correction_upload_min_bytes"),
                  setting_int(session, "correction_upload_max_bytes"))
        if not lo <= size <= hi:
            raise RuleViolation("correction_upload_size", field="file", min_kb=_kb(lo), max_kb=_kb(hi),
                                size_kb=_kb(size))
    else:
        hi = setting_int(session, "upload_max_bytes")
        if size > hi:
            raise InvalidInput("upload_too_large", field="file", size_kb=_kb(size), max_kb=_kb(hi))
    row = Attachment(person_id=person_id, filing_id=filing_id, correction_id=correction_id,
                     purpose=purpose, filename=(filename or "upload")[-255:], media_type=media_type,
                     size=size, sha256=hashlib.sha256(data).hexdigest(), data=data,
                     created_by=actor.username)
    session.add(row)
    session.flush()
    append_audit(session, actor, "attachment_added", "attachment", row.id,
                 {"purpose": purpose, "filing_id": filing_id, "correction_id": correction_id,
                  "size": size, "sha256": row.sha256, "media_type": media_type})
    return row


def current_photo_signature(session: Session, person_id: uuid.UUID) -> tuple[bool, bool]:
    """Whether the person has a current photo and signature (contracts.md: not superseded)."""
    purposes = set(session.scalars(
        select(Attachment.purpose).where(Attachment.person_id == person_id,
                                         Attachment.purpose.in_(("photo", "signature")),
                                         Attachment.superseded_at.is_(None))))
    return "photo" in purposes, "signature" in purposes


def filing_upload_purposes(session: Session, filing_id: uuid.UUID) -> frozenset[str]:
    return frozenset(session.scalars(
        select(Attachment.purpose).where(Attachment.filing_id == filing_id).distinct()))


class AttachmentService(Service):
    def add_filing_upload(self, filing_id: uuid.UUID, purpose: str, filename: str,
                          data: bytes) -> AttachmentInfo:
        """A release certificate (变更), judgment (强制注销) or other material for a filing."""
        self.require("attachment.write")
        if purpose not in FILING_UPLOAD_PURPOSES:
            raise InvalidInput("upload_purpose_invalid", field="purpose", allowed=list(FILING_UPLOAD_PURPOSES))
        with self.db.session_scope() as s:
            filing = s.get(Filing, filing_id)
            if filing is None:
                raise NotFound("filing_not_found", ref=str(filing_id))
            if filing.state not in UPLOAD_STATES:
                raise RuleViolation("filing_upload_closed", **fr.state_params(filing.state))
            row = store_attachment(s, self.actor, purpose=purpose, filename=filename, data=data,
                                   person_id=filing.person_id, filing_id=filing.id)
            return attachment_info(row)

    def list_attachments(self, *, filing_id: uuid.UUID | None = None,
                         person_id: uuid.UUID | None = None) -> list[AttachmentInfo]:
        self.require("filing.read")
        with self.db.session_scope(write=False) as s:
            q = select(Attachment).order_by(Attachment.created_at)
            if filing_id is not None:
                q = q.where(Attachment.filing_id == filing_id)
            if person_id is not None:
                q = q.where(Attachment.person_id == person_id)
            return [attachment_info(a) for a in s.scalars(q)]

    def read(self, attachment_id: uuid.UUID) -> tuple[AttachmentInfo, bytes]:
        self.require("filing.read")
        with self.db.session_scope(write=False) as s:
            row = s.get(Attachment, attachment_id)
            if row is None:
                raise NotFound("attachment_not_found", ref=str(attachment_id))
            return attachment_info(row), bytes(row.data)

    def limits(self) -> dict[str, Any]:
        with self.db.session_scope(write=False) as s:
            return {k: setting_int(s, k) for k in SETTING_DEFAULTS}
