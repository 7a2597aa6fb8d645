"""Specimen certificates (样本) for demos, tests and the benchmark: a signed payload, a drawn
photo placeholder and a drawn signature, all made here so nothing needs outside files.

Every view made here has ``specimen=True``, so it always prints the SPECIMEN watermark.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from datetime import UTC, date, datetime

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from PIL import Image, ImageDraw, ImageFont

from app.codes.claims_view import CertificateView, SpecialtyView
from app.codes.keys import Signer, TrustedKey, public_raw
from app.codes.payload import CertificateClaims, SpecialtyClaim, encode_payload
from app.domain.kinds import kind_rules
from app.fonts import cjk_font_paths
from app.printing.text import default_fonts

SAMPLE_OFFICE_USCC = "11100000000013338W"


@dataclass(frozen=True)
class SampleKey:
    signer: Signer
    trusted: TrustedKey


def sample_key(seed: int = 7) -> SampleKey:
    key = Ed25519PrivateKey.from_private_bytes(hashlib.sha256(f"sample-{seed}".encode()).digest())
    signer = Signer.from_private_key(key)
    trusted = TrustedKey(signer.key_id, SAMPLE_OFFICE_USCC, "样本办公室", public_raw(key),
                         datetime(2020, 1, 1, tzinfo=UTC))
    return SampleKey(signer, trusted)


def sample_photo(gray: int = 215) -> bytes:
    """A 295x413 JPEG (1-inch photo at 300 dpi): white background, a neutral silhouette."""
    im = Image.new("RGB", (295, 413), "white")
    d = ImageDraw.Draw(im)
    d.ellipse((92, 70, 203, 200), fill=(gray, gray - 20, gray - 40))
    d.rounded_rectangle((40, 215, 255, 460), radius=70, fill=(70, 80, 110))
    out = io.BytesIO()
    im.save(out, "JPEG", quality=90, dpi=(300, 300))
    return out.getvalue()


def sample_signature(name: str) -> bytes:
    """A transparent PNG with the name written slanted, standing in for a scanned signature."""
    fonts = default_fonts()
    faces = [ImageFont.truetype(str(p), 90) for p in cjk_font_paths()]
    im = Image.new("RGBA", (120 * max(2, len(name)) + 40, 150), (0, 0, 0, 0))
    draw = ImageDraw.Draw(im)
    x = 20.0
    for ch in name:  # per-character font fallback, as in the certificate itself
        face = faces[fonts.pick(ord(ch)) or 0]
        draw.text((x, 20), ch, font=face, fill=(20, 20, 60, 255))
        x += face.getlength(ch)
    im = im.transform(im.size, Image.Transform.AFFINE, (1, 0.25, -30, 0, 1, 0),
                      resample=Image.Resampling.BICUBIC)
    out = io.BytesIO()
    im.save(out, "PNG")
    return out.getvalue()


_DEFAULT_SPECIALTIES = {
    "constructor": ("building", "municipal"),
    "architect": ("architecture",),
    "engineer": ("structural",),
}
_REG_NO = {"constructor": "京1112021202100001", "architect": "2021110123", "engineer": "S214101880"}


def sample_view(kind: str = "constructor", *, name: str = "张伟", gender: str = "M",
                employer: str = "北京市示例建筑工程有限公司", serial: int = 2026000001,
                key: SampleKey | None = None, annotated_on: date = date(2026, 1, 5),
                window_end: date = date(2026, 7, 3), photo: bool = True,
                signature: bool = True) -> CertificateView:
    rules = kind_rules(kind)
    key = key or sample_key()
    specs = tuple(
        SpecialtyView(code, rules.specialties[code].zh, rules.specialties[code].en,
                      date(2024, 3, 1), date(2027, 2, 28))
        for code in _DEFAULT_SPECIALTIES[kind])
    photo_bytes = sample_photo() if photo else None
    issued = datetime(annotated_on.year, annotated_on.month, annotated_on.day, 2, 0, tzinfo=UTC)
    claims = CertificateClaims(
        serial_number=str(serial), version=1, kind=kind,
        registration_number=_REG_NO[kind], name=name, gender=gender,
        birth_date=date(1988, 5, 12), employer_uscc="91110108MA01KQ7E79", employer_name=employer,
        specialties=tuple(SpecialtyClaim(s.code, s.valid_from, s.valid_until) for s in specs),
        photo_hash=hashlib.sha256(photo_bytes or b"").digest()[:8],
        issuer=SAMPLE_OFFICE_USCC, issued_at=issued,
        window_start=annotated_on, window_end=window_end)
    payload = encode_payload(claims, key.signer)
    return CertificateView(
        serial=claims.serial, state="valid", specimen=True, kind=kind,
        kind_name_zh=rules.name_zh, kind_name_en=rules.name_en, layout=rules.layout,
        authority_zh=rules.authority_zh, authority_en=rules.authority_en, office_name="样本办公室",
        name=name, gender=gender, gender_zh="男" if gender == "M" else "女",
        birth_date=claims.birth_date, id_type="resident", id_number="110108198805120316",
        registration_number=claims.registration_number, seal_number=None,
        employer_name=employer, employer_uscc=claims.employer_uscc, specialties=specs,
        registration_valid_until=claims.registration_valid_until, annotated_on=annotated_on,
        window_start=annotated_on, window_end=window_end, window_cut_by=None, issued_at=issued,
        key_id=key.signer.key_id, payload=payload, photo=photo_bytes,
        photo_media_type="image/jpeg" if photo_bytes else None,
        signature=sample_signature(name) if signature else None,
        signature_media_type="image/png" if signature else None)
