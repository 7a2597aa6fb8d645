#!/usr/bin/env python3
"""Make the upgrade-test fixture: a small register written by the FIRST release's code.

Run ONCE, at the commit the fixture is named after (main e281e35, Alembic head 0004), and commit
its output; never regenerate it with newer code, or the upgrade test would test nothing:

    .venv/bin/python scripts/make_legacy_fixture.py tests/fixtures/legacy_0004

Everything goes through the services' public methods (as an office would have written it):
staff accounts, office identity and settings, an office key that is rotated (so certificates
signed by a retired key exist), persons with photos and signatures, employers, qualifications,
filings of every type in final and open states with their timelines, review messages,
correction requests and uploaded material, appeals, information corrections, certificates of
every kind (valid, window over, superseded, revoked), a trust file imported from another office,
verifications in the log and the audit chain around all of it.

Next to ``register.sqlite3`` it writes ``manifest.json``: the row counts, the accounts and the
key passphrase, and every certificate's payload with the verdict this code gave it at a fixed
instant, which the upgrade test (tests/integration/test_legacy_upgrade.py) demands again.
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import tempfile
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import func, select, text  # noqa: E402

from app.models import Base, Certificate  # noqa: E402
from app.models.db import Database, current_revision, upgrade  # noqa: E402
from app.services.appeal_service import AppealService  # noqa: E402
from app.services.base import Actor  # noqa: E402
from app.services.catalog import Services  # noqa: E402
from app.services.users_service import bootstrap_admin  # noqa: E402
from tests.helpers.register import PDF, World, jpeg  # noqa: E402

PASSWORD = "legacy-fixture-pass-1"  # every account's password (a test fixture only)
PASSPHRASE = "legacy fixture office key passphrase"  # the office key's (a test fixture only)
NEW_PASSPHRASE = "legacy fixture rotated key passphrase"
OTHER_PASSPHRASE = "another office, trust file only"
OFFICE_USCC = "11100000000013338W"
OFFICE_NAME = "测试省住房和城乡建设厅注册中心"


def _accounts(db: Database) -> dict[str, Services]:
    bootstrap_admin(db, "admin", PASSWORD, "系统管理员")
    admin = Services.build(db, Actor("admin", "admin", "系统管理员"))
    for name, role, display in (("clerk", "clerk", "窗口办事员"), ("reviewer", "reviewer", "审核员"),
                                ("helpdesk", "helpdesk", "核验员"), ("former", "clerk", "已离职")):
        admin.users.add_user(name, PASSWORD, role, display)
    admin.users.set_active("former", False)
    return {name: Services.build(db, Actor(name, name if name != "admin" else "admin"))
            for name in ("admin", "clerk", "reviewer", "helpdesk")}


def _office(svc: Services) -> None:
    svc.office.update_office(office_name=OFFICE_NAME, office_uscc=OFFICE_USCC,
                             office_address="北京市海淀区三里河路9号", office_phone="010-58933000")
    svc.office.update_settings({"upload_max_bytes": 8 * 1024 * 1024})
    svc.keys.init_office_key(PASSPHRASE, OFFICE_USCC, OFFICE_NAME)


def _filings(w: World) -> dict[str, object]:
    """Filings of every type, most approved, some left open or refused."""
    out: dict[str, object] = {}
    # initial (approved) for each kind, with the person's photo and signature
    people = {}
    for kind, specialty, name in (("engineer", "structural", "张伟"),
                                  ("architect", "architecture", "李娜"),
                                  ("constructor", "building", "王芳")):
        p, _ = w.registered(kind=kind, specialty=specialty, name=name)
        people[kind] = p
    out["people"] = people
    eng = people["engineer"]
    # change of employer, with the release certificate uploaded
    w.reg.update_person(eng.id, {"employer_id": w.emp_b.id})
    f = w.file(eng.id, "change")
    w.clerk.attach(f.id, purpose="release_certificate", filename="解聘证明.pdf", content=PDF)
    w.approve_through(f.id)
    # modification (seal lost): the seal number's counter goes up
    w.approve_through(w.file(eng.id, "modification", data={"reason": "seal_lost"}).id)
    # cancellation (forced, with a judgment) and re-registration of a fourth person
    p4, _ = w.registered(name="赵磊")
    f = w.file(p4.id, "cancellation", data={"reason": "left_employer", "forced": True})
    w.clerk.attach(f.id, purpose="judgment", filename="判决书.pdf", content=PDF)
    w.approve_through(f.id)
    w.approve_through(w.file(p4.id, "reregistration").id)
    # continuation: a person registered three years earlier, in the window before expiry
    today = w.day
    w.day = date(2023, 9, 1)
    p5, _ = w.registered(name="陈静")
    w.day = today
    w.approve_through(w.file(p5.id, "continuation").id)
    # open and refused filings: a draft, one with corrections requested and answered,
    # one rejected, one withdrawn
    p6 = w.person(name="刘洋")
    w.file(p6.id, "initial")  # a draft left with the person
    p7 = w.person(name="杨敏", kind="architect", specialty="architecture")
    f = w.file(p7.id, "initial", "architect", "architecture")
    w.to_authority(f.id)
    w.reviewer.accept(f.id)
    w.reviewer.request_corrections(f.id, content="身份证复印件不清晰", reason="材料不清晰")
    w.clerk.answer_corrections(f.id, filename="身份证.jpg", content=jpeg(300))
    p8 = w.person(name="黄强")
    f = w.file(p8.id, "initial")
    w.to_authority(f.id)
    w.reviewer.accept(f.id)
    w.reviewer.reject(f.id, opinion="注册专业与资格不符")
    p9 = w.person(name="周杰")
    f = w.file(p9.id, "initial")
    w.submit(f.id)
    w.clerk.withdraw(f.id, note="本人撤回")
    out["open"] = {"corrections": p7, "rejected": p8, "withdrawn": p9, "draft": p6}
    return out


def _appeals_and_corrections(db: Database, w: World, people: dict[str, object]) -> None:
    clerk = Actor("clerk", "clerk")
    reviewer = Actor("reviewer", "reviewer")
    p = people["rejected"]
    w.reg.flag_social_security(p.id, note="社保缴纳单位与聘用单位不一致")  # type: ignore[attr-defined]
    a = AppealService(db, clerk).create_appeal(p.id, subject="social_security",  # type: ignore[attr-defined]
                                               statement="本人社保由集团总部代缴，附证明。")
    AppealService(db, reviewer).decide_appeal(a.id, upheld=True, decision="经核实，申辩成立")
    AppealService(db, clerk).create_appeal(people["draft"].id, subject="duplicate_person",  # type: ignore[attr-defined]
                                           statement="与同名人员非同一人。")  # left open
    c = w.reg.create_info_correction(people["withdrawn"].id, field="name",  # type: ignore[attr-defined]
                                     new_value="周杰伦", reason="户籍姓名变更")
    w.reviewer_reg.decide_info_correction(c.id, approved=True, decision="已核对户口簿")
    w.reg.create_info_correction(people["draft"].id, field="name",  # type: ignore[attr-defined]
                                 new_value="刘阳", reason="录入错误")  # left pending


def _certificates(svc: dict[str, Services], people: dict[str, object], today: date) -> None:
    clerk, admin = svc["clerk"], svc["admin"]
    numbers = {}
    for kind, person in people.items():
        regs = clerk.register.list_registrations(person_id=person.id)  # type: ignore[attr-defined]
        numbers[kind] = regs[0].registration_number
    # one valid certificate per kind, signed with the first key
    for number in numbers.values():
        clerk.certificates.annotate(number, PASSPHRASE)
    # one whose use window is long over (annotated 200 days ago)
    clerk.certificates.annotate(numbers["architect"], PASSPHRASE, on=today - timedelta(days=200))
    # the key is rotated; later certificates carry the new key, the earlier ones stay valid
    admin.keys.rotate(PASSPHRASE, NEW_PASSPHRASE)
    # superseded: a new photo, then a new annotation replaces the earlier certificate
    eng = people["engineer"]
    from tests.helpers.workflow import photo_jpeg
    clerk.photos.store_photo(eng.id, photo_jpeg(), source="camera")  # type: ignore[attr-defined]
    clerk.certificates.annotate(numbers["engineer"], NEW_PASSPHRASE)
    # revoked
    cert = clerk.certificates.annotate(numbers["constructor"], NEW_PASSPHRASE, on=today)
    svc["reviewer"].certificates.revoke(cert.serial, "误发，已收回")


def _other_office_trust(svc: Services, workdir: Path) -> None:
    """A trust file from another office, exported by another register and imported here."""
    other = Database(f"sqlite:///{(workdir / 'other.sqlite3').as_posix()}")
    upgrade(other.engine)
    bootstrap_admin(other, "admin", PASSWORD)
    osvc = Services.build(other, Actor("admin", "admin"))
    osvc.keys.init_office_key(OTHER_PASSPHRASE, "91350100M000100Y43", "福建省注册管理中心")
    data = osvc.keys.export_trust(OTHER_PASSPHRASE)
    other.dispose()
    svc.keys.import_trust(data, accept_unconfirmed=True)


def _verifications(svc: Services, at: datetime) -> list[dict[str, str]]:
    out = []
    with svc.db.session_scope(write=False) as s:
        certs = list(s.scalars(select(Certificate).order_by(Certificate.issued_at)))
        rows = [(c.serial, c.payload) for c in certs]
    for serial, payload in rows:
        result = svc.verification.verify_text(payload, source="manual", at=at)
        out.append({"serial": serial, "payload": payload, "status": result.status})
    svc.verification.verify_text("HC1:NOT-A-CERTIFICATE", source="manual")
    svc.verification.record_no_code("camera", "扫描超时")
    return out


def main(argv: list[str]) -> int:
    target = Path(argv[0] if argv else "tests/fixtures/legacy_0004")
    target.mkdir(parents=True, exist_ok=True)
    path = target / "register.sqlite3"
    for p in target.glob("register.sqlite3*"):
        p.unlink()
    db = Database(f"sqlite:///{path.as_posix()}")
    upgrade(db.engine)
    svc = _accounts(db)
    _office(svc["admin"])
    today = datetime.now(UTC).date()
    w = World(db, today=date(2026, 3, 2))
    made = _filings(w)
    people = made["open"]
    _appeals_and_corrections(db, w, people)  # type: ignore[arg-type]
    _certificates(svc, made["people"], today)  # type: ignore[arg-type]
    with tempfile.TemporaryDirectory() as tmp:
        _other_office_trust(svc["admin"], Path(tmp))
    at = datetime.now(UTC).replace(microsecond=0) + timedelta(hours=1)
    verdicts = _verifications(svc["helpdesk"], at)
    with db.session_scope(write=False) as s:
        counts = {t: s.scalar(select(func.count()).select_from(Base.metadata.tables[t]))
                  for t in sorted(Base.metadata.tables)}
        revision = current_revision(db.engine)
        settings = dict(s.execute(text("SELECT key, value FROM app_settings")).all())
    db.dispose()
    # One self-contained file: fold the WAL back in, drop it, and compact.
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.execute("PRAGMA journal_mode=DELETE")
    conn = sqlite3.connect(path)
    conn.execute("VACUUM")
    conn.close()
    commit = subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True,
                            text=True, check=False).stdout.strip()
    manifest = {
        "made_by": "scripts/make_legacy_fixture.py", "commit": commit, "alembic_revision": revision,
        "made_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "accounts": {"password": PASSWORD, "active": ["admin", "clerk", "reviewer", "helpdesk"],
                     "inactive": ["former"]},
        "key_passphrase": NEW_PASSPHRASE, "retired_key_passphrase": PASSPHRASE,
        "office": {"name": OFFICE_NAME, "uscc": OFFICE_USCC},
        "counts": counts, "settings": sorted(settings),
        "verified_at": at.isoformat(), "certificates": verdicts,
    }
    (target / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1) + "\n",
                                          encoding="utf-8")
    print(json.dumps({"file": str(path), "bytes": path.stat().st_size, "counts": counts},
                     ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
