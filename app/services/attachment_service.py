"""Uploads for filings: release certificates, judgments, 补正 material.

Bytes are stored with their media type (sniffed from the content, not trusted from the name),
size and SHA-256. Size limits are office settings (:mod:`app.services.office_settings`), because
file-size rules differ between systems (domain.md §6): a 补正 upload must be 200 KB-500 KB
by default (seed 004 §3.1.3). Photos and signatures are the photo service's (app.services.photo_service);
this module only answers whether a person has a current one.
"""

from __future__ import annotations

import hashlib
import mimetypes
import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain import filing_rules as fr
from app.errors import InvalidInput, NotFound, RuleViolation
from app.models import Attachment, Filing
from app.services import office_settings as settings
from app.services.audit import append_audit
from app.services.base import Actor, Service
from app.services.filing_views import AttachmentInfo, NewAttachment, attachment_info

LIMITS = (settings.CORRECTION_UPLOAD_MIN_BYTES, settings.CORRECTION_UPLOAD_MAX_BYTES,
          settings.UPLOAD_MAX_BYTES)
FILING_UPLOAD_PURPOSES = ("release_certificate", "judgment", "other")
ALLOWED_MEDIA_TYPES = ("image/jpeg", "image/png", "application/pdf")
# Material may be added while the filing is still with the person; once the employer has
# reported it to the authority (企业已上报), new material arrives only as a 补正 answer.
UPLOAD_STATES = frozenset({fr.DRAFT, fr.SUBMITTED})


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
    limits = settings.read_settings(session, LIMITS)
    if purpose == "correction":
        lo = limits[settings.CORRECTION_UPLOAD_MIN_BYTES.key]
        hi = limits[settings.CORRECTION_UPLOAD_MAX_BYTES.key]
        if not lo <= size <= hi:
            raise RuleViolation("correction_upload_size", field="file", min_kb=_kb(lo), max_kb=_kb(hi),
                                size_kb=_kb(size))
    else:
        hi = limits[settings.UPLOAD_MAX_BYTES.key]
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


def attach_to_filing(session: Session, actor: Actor, filing: Filing, upload: NewAttachment) -> Attachment:
    """Material for a filing still with the person or the employer (a release certificate for
    变更, a judgment for 强制注销, other material), inside the caller's transaction."""
    if upload.purpose not in FILING_UPLOAD_PURPOSES:
        raise InvalidInput("upload_purpose_invalid", field="purpose", allowed=list(FILING_UPLOAD_PURPOSES))
    if filing.state not in UPLOAD_STATES:
        raise RuleViolation("filing_upload_closed", **fr.state_params(filing.state))
    return store_attachment(session, actor, purpose=upload.purpose, filename=upload.filename,
                            data=upload.content, person_id=filing.person_id, filing_id=filing.id)


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
    """Uploads by themselves (the filing screens go through the filing service)."""

    def add_filing_upload(self, filing_id: uuid.UUID, purpose: str, filename: str,
                          data: bytes) -> AttachmentInfo:
        self.require("attachment.write")
        with self.db.session_scope() as s:
            filing = s.get(Filing, filing_id)
            if filing is None:
                raise NotFound("filing_not_found", ref=str(filing_id))
            return attachment_info(attach_to_filing(s, self.actor, filing,
                                                    NewAttachment(purpose, filename, data)))

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

    def limits(self) -> dict[str, int]:
        """The upload size settings by key (the filing screens use
        :meth:`app.services.filing_queries.FilingQueries.upload_limits`)."""
        with self.db.session_scope(write=False) as s:
            return settings.read_settings(s, LIMITS)
