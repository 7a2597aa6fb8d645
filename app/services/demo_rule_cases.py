"""Demo post-step: one case per rule of issue 9, made through the real use cases.

So that a newcomer sees the rules in the UI, a demo register gets persons (searchable by name)
whose filings went through the filing service on the days they would have happened:

- 林延续 (architect): a 延续注册 approved 59 days before expiry - the current period stays in
  force, the next one is recorded (seed 004 §3.3); a certificate annotated today.
- 何过期 (architect) and 邓过期 (engineer): registrations that lapsed 30 days ago - annotation
  says "证照过期" and what to file (a continuation; for engineers 注销 then 重新注册).
- 韩增项 (constructor): 建筑工程 by 初始注册, then 市政公用工程 by 增项注册 (seed 002), one number.
- 宋变更 (architect): a certificate annotated, then a 变更注册 approved - the certificate is
  marked superseded with what changed (seeds 000/003).

Each step is its own transaction through RegisterService / FilingService / CertificateService,
so the rules are applied exactly as for a real office; a rerun skips persons already there.
"""

from __future__ import annotations

import logging
from datetime import date, timedelta

from app.domain.kinds import kind_rules
from app.domain.validators import id_check_char, org_check_char, uscc_check_char
from app.domain.validity import anniversary
from app.errors import RegistryError
from app.models.db import Database
from app.services.base import Actor
from app.services.certificate_demo import DEMO_PASSPHRASE, synthetic_photo, synthetic_signature
from app.services.certificate_service import CertificateService, today_in_china
from app.services.demo_service import DemoResult, register_post_step
from app.services.filing_service import FilingService
from app.services.photo_service import PhotoService
from app.services.register_service import RegisterService

log = logging.getLogger(__name__)
CLERK = Actor("demo-clerk", "clerk", "演示办事员")
REVIEWER = Actor("demo-reviewer", "reviewer", "演示审核员")
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _uscc(region: str, org8: str) -> str:
    first17 = "91" + region + org8 + org_check_char(org8)
    return first17 + uscc_check_char(first17)


def _resident_id(birth: date, seq: int) -> str:
    first17 = f"110105{birth:%Y%m%d}9{seq:02d}"
    return first17 + id_check_char(first17)


class _Case:
    """Services bound to a movable day, as the office would have used them on that day."""

    def __init__(self, db: Database) -> None:
        self.db, self.day = db, today_in_china()
        self.reg = RegisterService(db, CLERK, today=lambda: self.day)
        self.clerk = FilingService(db, CLERK, today=lambda: self.day)
        self.reviewer = FilingService(db, REVIEWER, today=lambda: self.day)
        self.emp_a = self._employer(_uscc("110105", "MA9D0001"), "北京规则案例建筑设计院有限公司")
        self.emp_b = self._employer(_uscc("350100", "MA9D0002"), "福州规则案例工程有限公司")

    def _employer(self, code: str, name: str):  # type: ignore[no-untyped-def]
        try:
            return self.reg.get_employer(code)
        except RegistryError:
            return self.reg.add_employer(uscc=code, name=name, industry="勘察设计行业",
                                         qualification_cert_no="A111009001")

    def person(self, seq: int, name: str, kind: str, specialties: tuple[str, ...]):  # type: ignore[no-untyped-def]
        number = _resident_id(date(1975, 1, 1) + timedelta(days=seq * 97), seq)
        if self.reg.find_person(number) is not None:
            return None  # made by an earlier run
        p = self.reg.create_person(id_number=number, name=name, mobile="13900000000",
                                   employer_id=self.emp_a.id, employment_start=date(2015, 1, 1))
        for sp in specialties:
            self.reg.add_qualification(p.id, kind=kind, specialty=sp,
                                       certificate_number=f"DEMO-{seq:03d}-{sp}",
                                       issued_on=date(2012, 10, 1))
        photos = PhotoService(self.db, CLERK)
        photos.store_photo(p.id, synthetic_photo(number), source="demo")
        photos.store_signature(p.id, *synthetic_signature(number), source="demo")
        return p

    def through(self, person_id, ftype: str, kind: str, specialty: str, **kw):  # type: ignore[no-untyped-def]
        f = self.clerk.create_filing(person_id=person_id, filing_type=ftype, kind=kind,
                                     specialty=specialty, **kw)
        if ftype == "change":
            self.clerk.attach(f.id, purpose="release_certificate", filename="解聘证明.pdf", content=PDF)
        self.clerk.submit(f.id, conditions_accepted=True, commitment_accepted=True)
        self.clerk.employer_confirm(f.id)
        self.reviewer.accept(f.id)
        return self.reviewer.approve(f.id, opinion="演示：经审查，符合条件，准予注册。")

    def registered_until(self, person_id, kind: str, specialty: str, expiry: date) -> str:  # type: ignore[no-untyped-def]
        self.day = anniversary(expiry + timedelta(days=1), -kind_rules(kind).validity_years)
        self.through(person_id, "initial", kind, specialty)
        return self.reg.list_registrations(person_id=person_id)[0].registration_number


@register_post_step
def demo_rule_cases(db: Database, result: DemoResult, actor: Actor) -> None:
    try:
        _make_cases(db)
    except RegistryError as exc:  # a demo must never stop on its examples
        log.warning("demo rule cases skipped: %s %s", exc.code, exc.params)


def _annotate(db: Database, number: str, on: date) -> None:
    """A specimen certificate, when the demo key is there (the cases stand without it)."""
    try:
        CertificateService(db, CLERK).annotate(number, DEMO_PASSPHRASE, on=on, specimen=True)
    except RegistryError as exc:
        log.info("demo rule case certificate for %s skipped: %s", number, exc.code)


def _make_cases(db: Database) -> None:
    c = _Case(db)
    today = c.day

    p = c.person(1, "林延续", "architect", ("architecture",))
    if p is not None:
        number = c.registered_until(p.id, "architect", "architecture", today + timedelta(days=59))
        c.day = today
        c.through(p.id, "continuation", "architect", "architecture")
        _annotate(db, number, today)

    for seq, name, kind, specialty in ((2, "何过期", "architect", "architecture"),
                                       (3, "邓过期", "engineer", "structural")):
        p = c.person(seq, name, kind, (specialty,))
        if p is not None:
            c.registered_until(p.id, kind, specialty, today - timedelta(days=30))

    p = c.person(4, "韩增项", "constructor", ("building", "municipal"))
    if p is not None:
        c.day = today - timedelta(days=400)
        c.through(p.id, "initial", "constructor", "building")
        c.day = today - timedelta(days=20)
        c.through(p.id, "addition", "constructor", "municipal")

    p = c.person(5, "宋变更", "architect", ("architecture",))
    if p is not None:
        number = c.registered_until(p.id, "architect", "architecture", today + timedelta(days=400))
        c.day = today - timedelta(days=10)
        _annotate(db, number, c.day)
        c.reg.update_person(p.id, {"employer_id": c.emp_b.id})
        c.through(p.id, "change", "architect", "architecture")
