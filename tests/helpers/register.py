"""Helpers for register and filing tests: valid IDs and codes, a person ready to file, uploads."""

from __future__ import annotations

import io
import itertools
import uuid
from datetime import date, timedelta

import pytest
from PIL import Image
from sqlalchemy import select

from app.domain.validators import id_check_char, org_check_char, uscc_check_char
from app.errors import InvalidInput, NotFound, RuleViolation
from app.models import AuditEntry
from app.models.db import Database
from app.services.base import Actor
from app.services.filing_service import FilingService
from app.services.photo_service import PhotoService
from app.services.register_service import EmployerView, PersonView, RegisterService

# Unique across every World in a test run, so several Worlds may share one database.
_PERSON_SEQ = itertools.count(1)
CLERK = Actor("clerk", "clerk", "窗口办事员")
REVIEWER = Actor("reviewer", "reviewer", "审核员")
TODAY = date(2026, 3, 2)


def resident_id(birth: date, seq: int, male: bool = True, region: str = "110108") -> str:
    """A valid GB 11643 number (17th digit odd for men), distinct for seq 0..499 per birth date
    (beyond that the birth date moves on by a day per 500)."""
    birth = birth + timedelta(days=seq // 500)
    third = seq % 5 * 2 + (1 if male else 0)
    first17 = f"{region}{birth:%Y%m%d}{(seq // 5) % 100:02d}{third}"
    return first17 + id_check_char(first17)


def uscc(region: str, n: int) -> str:
    """A valid USCC for region (6 digits) and a made-up organisation code number."""
    org8 = f"MA{n:06d}"
    org = org8 + org_check_char(org8)
    first17 = f"91{region}{org}"
    return first17 + uscc_check_char(first17)


def jpeg(size_kb: int) -> bytes:
    """A real JPEG padded (in an APP15 comment-like segment) to about ``size_kb`` KB."""
    buf = io.BytesIO()
    Image.new("RGB", (60, 40), "white").save(buf, "JPEG")
    data = buf.getvalue()
    target = size_kb * 1024
    pad = max(0, target - len(data))
    chunks = []
    while pad > 0:
        n = min(pad, 65533 - 2)
        chunks.append(b"\xff\xef" + (n + 2).to_bytes(2, "big") + b"\0" * n)
        pad -= n + 4
    return data[:2] + b"".join(chunks) + data[2:]


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _image(mode: str, size: tuple[int, int], fmt: str, color: object) -> bytes:
    buf = io.BytesIO()
    Image.new(mode, size, color).save(buf, fmt, dpi=(300, 300))  # type: ignore[arg-type]
    return buf.getvalue()


def add_photo_and_signature(db: Database, person_id: uuid.UUID) -> None:
    """Through the photo engineer's service, as the office stores them (contracts.md)."""
    photos = PhotoService(db, Actor("photo-test", "clerk"))
    photos.store_photo(person_id, _image("RGB", (295, 413), "JPEG", "white"), source="test")
    photos.store_signature(person_id, _image("RGBA", (600, 200), "PNG", (0, 0, 0, 0)),
                           _image("RGB", (600, 200), "PNG", "white"), source="test")


class World:
    """A small register: two employers, services bound to a clerk and a reviewer on a fixed day."""

    def __init__(self, db: Database, today: date = TODAY) -> None:
        self.db = db
        self.day = today
        self.reg = RegisterService(db, CLERK, today=lambda: self.day)
        self.clerk = FilingService(db, CLERK, today=lambda: self.day)
        self.reviewer = FilingService(db, REVIEWER, today=lambda: self.day)
        self.reviewer_reg = RegisterService(db, REVIEWER, today=lambda: self.day)
        self.emp_a = self._employer(uscc("110108", 1), "北京建工设计院有限公司", "勘察设计行业", "A111000001")
        self.emp_b = self._employer(uscc("350100", 2), "福州市政工程有限公司")

    def _employer(self, code: str, name: str, industry: str | None = None,
                  cert: str | None = None) -> EmployerView:
        """Add the employer, or reuse it when the database already has it (hypothesis examples)."""
        try:
            return self.reg.get_employer(code)
        except NotFound:
            return self.reg.add_employer(uscc=code, name=name, industry=industry, qualification_cert_no=cert)

    def person(self, *, kind: str = "engineer", specialty: str = "structural", qualified: bool = True,
               photo: bool = True, birth: date = date(1985, 6, 1), name: str = "张伟") -> PersonView:
        self._n = next(_PERSON_SEQ)
        p = self.reg.create_person(id_number=resident_id(birth, self._n), name=name,
                                   employer_id=self.emp_a.id, mobile="13800138000",
                                   employment_start=date(2020, 1, 1))
        if qualified:
            self.reg.add_qualification(p.id, kind=kind, specialty=specialty,
                                       certificate_number=f"Q{self._n:06d}", issued_on=date(2018, 10, 1))
        if photo:
            add_photo_and_signature(self.db, p.id)
        return p

    def file(self, person_id: uuid.UUID, filing_type: str = "initial", kind: str = "engineer",
             specialty: str = "structural", **kw: object):  # type: ignore[no-untyped-def]
        return self.clerk.create_filing(person_id=person_id, filing_type=filing_type, kind=kind,
                                        specialty=specialty, **kw)  # type: ignore[arg-type]

    def submit(self, filing_id: uuid.UUID, **kw: bool):  # type: ignore[no-untyped-def]
        return self.clerk.submit(filing_id, conditions_accepted=kw.get("conditions", True),
                                 commitment_accepted=kw.get("commitment", True),
                                 social_security_override=kw.get("override", False))

    def to_authority(self, filing_id: uuid.UUID):  # type: ignore[no-untyped-def]
        self.submit(filing_id)
        return self.clerk.employer_confirm(filing_id)  # 企业已上报: with the authority

    def approve_through(self, filing_id: uuid.UUID, **kw: object):  # type: ignore[no-untyped-def]
        self.to_authority(filing_id)
        self.reviewer.accept(filing_id)
        return self.reviewer.approve(filing_id, **kw)  # type: ignore[arg-type]

    def registered(self, kind: str = "engineer", specialty: str = "structural", **kw: object):  # type: ignore[no-untyped-def]
        """A person with an approved initial registration; returns (person, filing view)."""
        p = self.person(kind=kind, specialty=specialty, **kw)  # type: ignore[arg-type]
        f = self.file(p.id, "initial", kind, specialty)
        return p, self.approve_through(f.id)


def refused(code: str, fn, *args, **kw):  # type: ignore[no-untyped-def]
    with pytest.raises((RuleViolation, InvalidInput)) as exc:
        fn(*args, **kw)
    assert exc.value.code == code, exc.value
    return exc.value


def audit_actions(db: Database, entity_id: object) -> list[str]:
    with db.session_scope(write=False) as s:
        return list(s.scalars(select(AuditEntry.action).where(AuditEntry.entity_id == str(entity_id))
                              .order_by(AuditEntry.seq)))
