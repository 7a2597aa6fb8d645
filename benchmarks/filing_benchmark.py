"""Filing use cases against a baseline measured in the same run.

    python benchmarks/filing_benchmark.py                     # temp SQLite, 200 filings
    python benchmarks/filing_benchmark.py --filings 500 --employers 20000
    python benchmarks/filing_benchmark.py --db postgresql+psycopg://u@host/db   # an empty, migrated DB

Measures (median and p95 per call, ms):
* one filing taken through its steps (create, submit, employer confirm, accept,
  approve: rules, timeline, audit, registration), against a baseline of five bare transactions
  that each update one row and append one audit entry (the floor of any audited use case);
* the employer picker ``find_employers`` on N employers, against a plain indexed
  ``name LIKE 'prefix%' LIMIT 20`` on the same engine;
* ``person_record`` (registrations, filings, photo/signature presence) against ``get_person``.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import insert, select

from app.domain.validators import id_check_char, org_check_char, uscc_check_char
from app.models import Attachment, Employer, Person
from app.models.db import Database, upgrade
from app.services.audit import append_audit
from app.services.base import Actor
from app.services.filing_service import FilingService
from app.services.register_service import RegisterService

CLERK = Actor("clerk", "clerk")
REVIEWER = Actor("reviewer", "reviewer")
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
WORDS = ["北京", "上海", "广东", "福建", "中建", "华东", "城建", "市政", "建筑", "设计", "勘察", "工程"]


def uscc(n: int) -> str:
    org8 = f"MA{n:06d}"
    first17 = f"91110108{org8}{org_check_char(org8)}"
    return first17 + uscc_check_char(first17)


def resident(n: int) -> str:
    birth = date(1970, 1, 1) + timedelta(days=n % 9000)
    first17 = f"110108{birth:%Y%m%d}{n % 1000:03d}"
    return first17 + id_check_char(first17)


def stats(times: list[float]) -> tuple[float, float]:
    times = sorted(times)
    return statistics.median(times), times[min(len(times) - 1, int(len(times) * 0.95))]


def timed(fn: Callable[[], object]) -> float:
    t = time.perf_counter()
    fn()
    return (time.perf_counter() - t) * 1000


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", help="empty database URL (default: a temporary SQLite file)")
    ap.add_argument("--filings", type=int, default=200)
    ap.add_argument("--employers", type=int, default=20000)
    args = ap.parse_args(argv)
    tmp = tempfile.TemporaryDirectory()
    url = args.db or f"sqlite:///{Path(tmp.name, 'bench.sqlite3').as_posix()}"
    db = Database(url)
    upgrade(db.engine)
    rng = random.Random(7)

    # employers in bulk (the picker's data), then the filers through the service
    with db.session_scope() as s:
        s.execute(insert(Employer), [
            {"uscc": uscc(i), "name": f"{rng.choice(WORDS)}{rng.choice(WORDS)}{i:05d}有限公司", "version": 1}
            for i in range(args.employers)])
    reg = RegisterService(db, CLERK)
    clerk, reviewer = FilingService(db, CLERK), FilingService(db, REVIEWER)
    employer_id = reg.get_employer(uscc(0)).id
    people = []
    for i in range(args.filings):
        p = reg.create_person(id_number=resident(i), name=SURNAMES[i % len(SURNAMES)] + "工" + "明华强伟芳"[i % 5],
                              employer_id=employer_id)
        reg.add_qualification(p.id, kind="engineer", specialty="structural", certificate_number=f"Q{i}",
                              issued_on=date(2018, 1, 1))
        people.append(p.id)
    with db.session_scope() as s:
        data = b"\xff\xd8\xff" + b"\0" * 20000
        s.execute(insert(Attachment), [
            {"id": uuid.uuid4(), "person_id": pid, "purpose": purpose, "filename": purpose,
             "media_type": "image/jpeg", "size": len(data), "sha256": hashlib.sha256(data).hexdigest(),
             "data": data, "created_by": "bench"} for pid in people for purpose in ("photo", "signature")])

    flow, base = [], []
    for pid in people:
        def run_flow(pid: object = pid) -> None:
            f = clerk.create_filing(person_id=pid, filing_type="initial", kind="engineer",  # type: ignore[arg-type]
                                    specialty="structural")
            clerk.submit(f.id, conditions_accepted=True, commitment_accepted=True)
            clerk.employer_confirm(f.id)
            reviewer.accept(f.id)
            reviewer.approve(f.id)
        flow.append(timed(run_flow))

        def run_base(pid: object = pid) -> None:
            for _ in range(5):  # one per step of the flow
                with db.session_scope() as s:
                    person = s.get(Person, pid)
                    assert person is not None
                    person.operator_mobile = "13800138000" if person.operator_mobile is None else None
                    append_audit(s, CLERK, "bench", "person", pid)
        base.append(timed(run_base))

    prefixes = [rng.choice(WORDS) + rng.choice(WORDS)[:1] for _ in range(200)]
    pick, pick_base = [], []
    for prefix in prefixes:
        pick.append(timed(lambda prefix=prefix: reg.find_employers(prefix)))

        def plain(prefix: str = prefix) -> None:
            with db.session_scope(write=False) as s:
                s.scalars(select(Employer).where(Employer.name.like(prefix + "%")).limit(20)).all()
        pick_base.append(timed(plain))

    rec, rec_base = [], []
    for pid in people[:200]:
        rec.append(timed(lambda pid=pid: reg.person_record(pid)))
        rec_base.append(timed(lambda pid=pid: reg.get_person(pid)))

    print(f"database: {db.dialect}; {args.filings} filings, {args.employers:,} employers")
    print(f"{'measure':44} {'p50 ms':>8} {'p95 ms':>8} {'base p50':>9} {'ratio':>6}")
    for name, t, b in (("filing: 5 steps create..approve", flow, base),
                       ("employer picker (find_employers)", pick, pick_base),
                       ("person_record", rec, rec_base)):
        p50, p95 = stats(t)
        b50, _ = stats(b)
        print(f"{name:44} {p50:8.2f} {p95:8.2f} {b50:9.2f} {p50 / b50:6.2f}")
    print("(baselines: 5 bare audited transactions; plain LIKE-prefix query; get_person)")
    db.dispose()
    tmp.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
