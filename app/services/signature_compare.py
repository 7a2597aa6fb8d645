"""The register's handwritten-signature image for the help-desk card (issue 13).

Source documents 002 ("未手写签名或与签名图像笔迹不一致的，该电子证书无效") and 003
("手写签名应与签名图像笔迹一致"): the help desk compares the ink signature on the paper with the
signature image in the register. It is shown only when the certificate's photo hash matched the
register's photo (the same person's record), and only an intact stored image (hash checked).
"""

from __future__ import annotations

import hashlib

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.codes.payload import CertificateClaims
from app.models import Attachment, Certificate


def signature_image(s: Session, row: Certificate | None, claims: CertificateClaims) -> bytes | None:
    """The holder's current signature image, found through the certificate row or, without
    one, through the photo whose hash the code carries."""
    person_id = row.person_id if row is not None else None
    if person_id is None:
        prefix = claims.photo_hash.hex()
        photo = s.scalars(select(Attachment).where(
            Attachment.purpose == "photo", Attachment.sha256.like(f"{prefix}%")).limit(1)).first()
        person_id = photo.person_id if photo is not None else None
    if person_id is None:
        return None
    sig = s.scalars(select(Attachment).where(
        Attachment.person_id == person_id, Attachment.purpose == "signature",
        Attachment.superseded_at.is_(None)).order_by(Attachment.created_at.desc())).first()
    if sig is None or hashlib.sha256(sig.data).hexdigest() != sig.sha256:
        return None
    return bytes(sig.data)
