"""The office's seal certificate authority (issue 13): X.509 root and seal certificates.

One row per certificate: the office's root (``role = "root"``) and one signing certificate per
seal and algorithm (ECDSA P-256 for PDF/PAdES, SM2 for OFD/GB/T 38540). Own rows keep their
private key as PKCS#8 (or, for SM2, an equivalent envelope) encrypted with the office
passphrase, exactly as the Ed25519 office key; a root imported from another office's trust
file has no private key. The root row also keeps the office's latest CRL.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, UTCDateTime, utcnow


class SealCertificate(Base):
    __tablename__ = "seal_certificates"

    # SHA-256 of the certificate's DER, hex: anyone can recompute it from the certificate.
    cert_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    role: Mapped[str] = mapped_column(String(20))        # root / office / committee / chairman
    algorithm: Mapped[str] = mapped_column(String(20))   # ecdsa-p256 / sm2
    office_code: Mapped[str] = mapped_column(String(40))
    subject: Mapped[str] = mapped_column(String(400))    # the certificate's CN, for lists
    certificate: Mapped[bytes] = mapped_column(LargeBinary)  # DER (SM2: DER as well)
    private_key_encrypted: Mapped[bytes | None] = mapped_column(LargeBinary)
    issuer_id: Mapped[str | None] = mapped_column(String(64))  # the root's cert_id
    valid_from: Mapped[datetime] = mapped_column(UTCDateTime)
    valid_until: Mapped[datetime] = mapped_column(UTCDateTime)
    retired_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # no new signatures
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # listed on the CRL
    source: Mapped[str] = mapped_column(String(20), default="own")  # own / imported
    crl: Mapped[bytes | None] = mapped_column(LargeBinary)  # root rows: the latest CRL (DER)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
