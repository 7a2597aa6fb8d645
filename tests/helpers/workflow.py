"""Helpers for the workflow tests and the screenshot script: images and people to work with."""

from __future__ import annotations

import io
import os
from datetime import date
from typing import Any

from PIL import Image

from app.domain.validators import id_check_char, org_check_char, uscc_check_char
from app.services.photo_service import PhotoService
from app.services.register_service import RegisterService


def resident_id(first17: str) -> str:
    return first17 + id_check_char(first17)


def uscc(body8: str = "12345678", region: str = "110108") -> str:
    org = body8 + org_check_char(body8)
    first17 = "91" + region + org
    return first17 + uscc_check_char(first17)


def photo_jpeg() -> bytes:
    im = Image.new("RGB", (295, 413), (230, 236, 245))
    for y in range(120, 330):
        for x in range(90, 205):
            im.putpixel((x, y), (120, 90, 70))
    buf = io.BytesIO()
    im.save(buf, "JPEG", quality=90, dpi=(300, 300))
    return buf.getvalue()


def signature_pngs() -> tuple[bytes, bytes]:
    clear = Image.new("RGBA", (400, 150), (0, 0, 0, 0))
    white = Image.new("RGB", (400, 150), (255, 255, 255))
    for x in range(40, 360):
        y = 75 + int(30 * ((x % 60) - 30) / 30)
        clear.putpixel((x, y), (0, 0, 0, 255))
        white.putpixel((x, y), (0, 0, 0))
    out = []
    for im in (clear, white):
        buf = io.BytesIO()
        im.save(buf, "PNG", dpi=(300, 300))
        out.append(buf.getvalue())
    return out[0], out[1]


def noisy_png(size_px: int = 700) -> bytes:
    """A PNG of random noise: large (about 1.4 MB at 700 px), so it must be recompressed."""
    im = Image.frombytes("RGB", (size_px, size_px), os.urandom(size_px * size_px * 3))
    buf = io.BytesIO()
    im.save(buf, "PNG")
    return buf.getvalue()


def add_images(db: Any, actor: Any, person_id: Any) -> None:
    svc = PhotoService(db, actor)
    svc.store_photo(person_id, photo_jpeg(), source="test")
    svc.store_signature(person_id, *signature_pngs(), source="test")


def employer(reg: RegisterService, name: str = "北京建筑设计研究院", body8: str = "12345678") -> Any:
    return reg.add_employer(uscc=uscc(body8), name=name, industry="勘察设计",
                            qualification_cert_no="A111000001")


def qualified_person(db: Any, actor: Any, reg: RegisterService, employer_id: Any,
                     id17: str = "11010519800101001", name: str = "张三",
                     kind: str = "architect", specialty: str = "architecture") -> Any:
    p = reg.create_person(id_number=resident_id(id17), name=name, mobile="13800000001",
                          employer_id=employer_id, employment_start=date(2020, 1, 1))
    reg.add_qualification(p.id, kind=kind, specialty=specialty, certificate_number="Q" + id17[-6:],
                          issued_on=date(2019, 5, 1))
    add_images(db, actor, p.id)
    return p
