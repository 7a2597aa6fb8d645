"""Search latency on a large register, against a plain indexed lookup measured in the same run.

    python benchmarks/search_benchmark.py                      # 1,000,000 persons, temp SQLite
    python benchmarks/search_benchmark.py --persons 100000
    python benchmarks/search_benchmark.py --db postgresql+psycopg://u@host/db --persons 200000
    python benchmarks/search_benchmark.py --db sqlite:///big.sqlite3 --reuse   # keep the data

Fills the register with the demo generator (timed), draws a few hundred realistic queries per
search kind from the data itself, and prints p50/p95 of ``SearchService.search`` (first page,
50 rows, its own read transaction each time, as the GUI calls it) beside the p50/p95 of a
plain lookup by primary key and by exact ID number, with the ratios. Target: p95 < 50 ms for
every kind. Also times paging: the next page after a deep one, and a cold jump to a deep offset.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import func, select

from app.domain.name_keys import name_search_keys
from app.models import Employer, Person, Registration
from app.models.db import Database, upgrade
from app.services.base import Actor
from app.services.demo_service import generate_demo
from app.services.search_service import SearchService

TARGET_P95_MS = 50.0


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def _time(fn: Callable[[], object], repeat: int = 1) -> float:
    start = time.perf_counter()
    for _ in range(repeat):
        fn()
    return (time.perf_counter() - start) * 1000 / repeat


def _sample_persons(db: Database, n: int, rng: random.Random) -> list[dict[str, object]]:
    """Random persons (a random UUID, then the next id on the primary key index)."""
    out: list[dict[str, object]] = []
    with db.session_scope(write=False) as s:
        while len(out) < n:
            probe = uuid.UUID(int=rng.getrandbits(128))
            row = s.execute(
                select(Person.id, Person.id_number, Person.name, Employer.uscc, Employer.name)
                .outerjoin(Employer, Employer.id == Person.employer_id)
                .where(Person.id >= probe).order_by(Person.id).limit(1)).first()
            if row is None:
                continue
            regs = list(s.scalars(select(Registration.registration_number)
                                  .where(Registration.person_id == row[0])))
            out.append({"id": row[0], "id_number": row[1], "name": row[2], "uscc": row[3],
                        "employer": row[4], "regs": regs})
    return out


def _queries(persons: list[dict[str, object]], rng: random.Random) -> dict[str, list[str]]:
    q: dict[str, list[str]] = {k: [] for k in ("id prefix", "full id", "registration number",
                                               "name prefix", "pinyin initials", "employer")}
    for p in persons:
        idn, name = str(p["id_number"]), str(p["name"])
        q["id prefix"].append(idn[: rng.choice((6, 8, 10, 12, 14))])
        q["full id"].append(idn)
        regs = list(p["regs"])  # type: ignore[call-overload]
        if regs:
            number = str(rng.choice(regs))
            q["registration number"].append(number[: rng.randrange(5, len(number) + 1)])
        q["name prefix"].append(name if rng.random() < 0.6 else name[:2])
        keys = sorted(name_search_keys(name), key=len)
        if keys:
            q["pinyin initials"].append(keys[0])
        if p["uscc"]:
            q["employer"].append(str(p["uscc"])[:10] if rng.random() < 0.5 else str(p["employer"])[:6])
    return q


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", help="database URL (default: a temporary SQLite file)")
    ap.add_argument("--persons", type=int, default=1_000_000)
    ap.add_argument("--queries", type=int, default=300, help="queries per kind")
    ap.add_argument("--seed", type=int, default=2026)
    ap.add_argument("--reuse", action="store_true", help="use the data already in --db")
    args = ap.parse_args(argv)

    tmp = None
    url = args.db
    if not url:
        tmp = tempfile.TemporaryDirectory(prefix="search-bench-")
        url = f"sqlite:///{Path(tmp.name, 'bench.sqlite3').as_posix()}"
    db = Database(url)
    upgrade(db.engine)
    with db.session_scope(write=False) as s:
        existing = s.scalar(select(func.count()).select_from(Person)) or 0
    if existing and args.reuse:
        print(f"reusing {existing:,} persons in {db.dialect}")
    else:
        def progress(stage: str, done: int, total: int) -> None:
            if stage == "indexes":
                print("  building the indexes", file=sys.stderr, flush=True)
            elif done % 100_000 == 0 or done == total:
                print(f"  {done:,}/{total:,} persons", file=sys.stderr, flush=True)
        result = generate_demo(db, args.persons, args.seed, force=bool(existing),
                               progress=progress, run_post_steps=False)
        rows = sum(result.counts.values())
        print(f"demo generation: {args.persons:,} persons, {rows:,} rows in "
              f"{result.elapsed_seconds:.1f} s on {db.dialect} "
              f"({args.persons / result.elapsed_seconds:,.0f} persons/s)")

    rng = random.Random(args.seed)
    sample = _sample_persons(db, args.queries, rng)
    queries = _queries(sample, rng)
    svc = SearchService(db, Actor("bench", "clerk"))

    def by_pk(pid: object) -> None:
        with db.session_scope(write=False) as s:
            s.get(Person, pid)
            s.expunge_all()

    def by_id_number(number: str) -> None:
        with db.session_scope(write=False) as s:
            s.execute(select(Person).where(Person.id_number == number)).first()

    for p in sample[:20]:  # warm the caches the same way for both sides
        by_pk(p["id"])
        svc.search(str(p["id_number"]))
    results: dict[str, list[float]] = {
        "baseline: primary key": [_time(lambda p=p: by_pk(p["id"])) for p in sample],
        "baseline: exact id_number": [_time(lambda p=p: by_id_number(str(p["id_number"])))
                                      for p in sample],
    }
    empty: list[str] = []
    for kind, qs in queries.items():
        times = []
        for q in qs:
            t0 = time.perf_counter()
            page = svc.search(q, limit=50)
            times.append((time.perf_counter() - t0) * 1000)
            if not page.hits:
                empty.append(f"{kind}: {q}")
        results[kind] = times

    # Paging: the GUI scrolls (next page from a remembered cursor) or jumps (cold offset).
    svc.search("", limit=200)
    pages = [_time(lambda o=o: svc.search("", limit=200, offset=o)) for o in range(200, 20_200, 200)]
    results["empty query: next page (scrolling)"] = pages
    deep = max(0, min(args.persons, existing or args.persons) - 1000)
    cold = [_time(lambda o=o: SearchService(db, Actor("bench", "clerk")).search("", 50, o))
            for o in (deep // 4, deep // 2, deep, deep // 3, deep // 5)]
    # Informational: the GUI never jumps (it scrolls); a jump pays an OFFSET on the index.
    results[f"(info) empty query: cold jump to offset ~{deep:,}"] = cold

    base50 = statistics.median(results["baseline: exact id_number"])
    base95 = _percentile(results["baseline: exact id_number"], 0.95)
    print(f"\n{'kind':44} {'n':>5} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} "
          f"{'p50 x':>7} {'p95 x':>7}  target")
    failed = False
    for kind, times in results.items():
        p50, p95 = statistics.median(times), _percentile(times, 0.95)
        verdict = ""
        if not kind.startswith(("baseline", "(info)")):
            ok = p95 < TARGET_P95_MS
            failed |= not ok
            verdict = "ok" if ok else f"FAIL (p95 >= {TARGET_P95_MS:.0f} ms)"
        print(f"{kind:44} {len(times):5d} {p50:8.2f} {p95:8.2f} {max(times):8.2f} "
              f"{p50 / base50:7.1f} {p95 / base95:7.1f}  {verdict}")
    print("(ratios against the exact id_number lookup measured in this run)")
    if empty:
        print(f"{len(empty)} queries found nothing (each was drawn from an existing person): "
              f"{empty[:5]}")
        failed = True
    db.dispose()
    if tmp is not None:
        tmp.cleanup()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
