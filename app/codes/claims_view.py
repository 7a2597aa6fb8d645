"""What a certificate printout needs: the frozen view the renderer (app/printing) receives.

Produced by :meth:`app.services.certificate_service.CertificateService.get_view`; consumed by
the PDF/OFD renderer and the UI. Plain data only (no ORM, no Qt), so a renderer can be tested
with a hand-built view. Shared contract between annotation and printing: change it only
together with the renderer.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime


@dataclass(frozen=True)
class SpecialtyView:
    """One registered specialty as printed: 专业 with its registration validity."""

    code: str          # rules code, e.g. "building"
    name_zh: str       # e.g. "建筑工程"
    name_en: str
    valid_from: date
    valid_until: date  # inclusive


@dataclass(frozen=True)
class CertificateView:
    """Everything printed on one annotated e-certificate (加注后的电子证书)."""

    serial: str                    # GB/T 36904 licence identifier (with check character)
    state: str                     # valid / window_expired / superseded / revoked
    specimen: bool                 # demo data: the renderer must print a SPECIMEN/样本 watermark
    kind: str                      # architect / constructor / engineer
    kind_name_zh: str              # e.g. "一级建造师"
    kind_name_en: str
    layout: str                    # layout name from the kind's rules toml
    authority_zh: str              # issuing authority printed with the seal
    authority_en: str
    office_name: str               # the office that annotated (issuer of the signed payload)
    # Holder
    name: str
    gender: str                    # "M" / "F"
    gender_zh: str                 # "男" / "女"
    birth_date: date
    id_type: str
    id_number: str
    registration_number: str
    seal_number: str | None        # 执业印章号 (constructors), None when not kept
    employer_name: str | None
    employer_uscc: str | None
    specialties: tuple[SpecialtyView, ...]
    registration_valid_until: date  # earliest expiry over the specialties printed
    # Annotation
    annotated_on: date             # 发证日期 / issue date printed on the certificate
    window_start: date             # 使用有效期 start (inclusive)
    window_end: date               # 使用有效期 end (inclusive)
    window_cut_by: str | None      # None / "registration_expiry" / "age_cap" (why it is short)
    issued_at: datetime            # UTC timestamp of the annotation
    key_id: str
    payload: str                   # the signed QR text, exactly as stored; encode it at level Q
    photo: bytes | None            # JPEG (295x413 px, 300 dpi) of the holder, as annotated
    photo_media_type: str | None
    signature: bytes | None        # transparent PNG of the handwritten signature
    signature_media_type: str | None
    superseded_at: datetime | None = None
    revoked_at: datetime | None = None
    revoke_reason: str | None = None
