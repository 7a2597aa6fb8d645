"""Sync bundle speed and memory (issue 12), against a plain file copy measured in the same run.

A field office register (SQLite) with N persons, each with an employer, a qualification, a
photo (~30 KB JPEG) and a signature (~8 KB PNG), is paired with a central register (SQLite, or
``--central-db URL`` for PostgreSQL). Measured, each in a fresh child process so its peak RSS is
its own: the export of the bundle, the import at the centre, and as the baseline a plain copy
(``shutil.copyfile``) of a file of the bundle's size. Printed: wall time, CPU time of the
process, peak RSS, and the ratios against the copy. Targets (issue 12): export and import each
under a minute for 10,000 persons with photos, peak memory under 500 MB.

Run: .venv/bin/python benchmarks/bench_sync.py [--persons 10000] [--central-db URL]
     make bench-sync ARGS="--persons 10000"; the CI runs --persons 300.
"""

from __future__ import annotations

import argparse
import hashlib
import multiprocessing as mp
import os
import random
import resource
import shutil
import sys
import tempfile
import time
import uuid
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.models import Attachment, Employer, Person, Qualification
from app.models.db import Database, upgrade
from app.services.base import Actor

ADMIN = Actor("admin", "admin", "管理员")


def _jpeg_like(rng: random.Random, size: int) -> bytes:
    # Incompressible bytes behind a JPEG marker: a photo's bytes do not compress either.
    return b"\xff\xd8\xff\xe0" + rng.randbytes(size - 6) + b"\xff\xd9"


def populate(url: str, persons: int) -> None:
    """Bulk rows straight into the field register (set-up, not measured)."""
    db = Database(url)
    rng = random.Random(12)
    now = datetime.now(UTC)
    batch = 500
    with db.session_scope() as s:
        for start in range(0, persons, batch):
            employers, people, quals, files = [], [], [], []
            for i in range(start, min(start + batch, persons)):
                eid, pid = uuid.uuid4(), uuid.uuid4()
                employers.append({"id": eid, "uscc": f"9111010{i:010d}X"[:18], "name": f"单位{i}有限公司",
                                  "version": 1, "created_at": now, "updated_at": now})
                people.append({"id": pid, "id_type": "resident", "id_number": f"B{i:017d}",
                               "name": "张伟", "gender": "M", "birth_date": date(1985, 6, 1),
                               "mobile": "13800138000", "employer_id": eid, "version": 1,
                               "social_security_flag": False, "created_at": now, "updated_at": now})
                quals.append({"id": uuid.uuid4(), "person_id": pid, "kind": "engineer",
                              "specialty": "structural", "certificate_number": f"Q{i:08d}",
                              "issued_on": date(2018, 10, 1), "created_at": now, "updated_at": now})
                for purpose, size in (("photo", 30_000), ("signature", 8_000)):
                    data = _jpeg_like(rng, size)
                    files.append({"id": uuid.uuid4(), "person_id": pid, "purpose": purpose,
                                  "filename": f"{purpose}.jpg", "media_type": "image/jpeg",
                                  "size": len(data), "sha256": hashlib.sha256(data).hexdigest(),
                                  "data": data, "created_at": now, "created_by": "bench"})
            for model, rows in ((Employer, employers), (Person, people), (Qualification, quals),
                                (Attachment, files)):
                s.execute(model.__table__.insert(), rows)  # type: ignore[attr-defined]
    db.dispose()


def peak_rss_mb() -> float:
    """This process's peak resident set (VmHWM). Not ru_maxrss: across fork and exec Linux
    carries the parent's peak into it, which would hide the child's own."""
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _measured(kind: str, args: tuple[Any, ...], queue: Any) -> None:
    """Child process: one step, reporting wall, CPU and peak RSS of this process alone."""
    from app.services.sync_service import SyncService

    rss_start = peak_rss_mb()
    cpu, wall = time.process_time(), time.perf_counter()
    result: Any = None
    if kind == "copy":
        shutil.copyfile(args[0], args[1])
        with open(args[1], "rb") as f:
            os.fsync(f.fileno())
    elif kind == "export":
        url, to, out, passphrase = args
        db = Database(url)
        result = SyncService(db, ADMIN).export_bundle(to, Path(out), passphrase).bytes
        db.dispose()
    else:
        url, path, passphrase = args
        db = Database(url)
        result = sum(SyncService(db, ADMIN).import_bundle(Path(path), passphrase).counts.values())
        db.dispose()
    queue.put({"wall": time.perf_counter() - wall, "cpu": time.process_time() - cpu,
               "rss_mb": peak_rss_mb(), "rss_start_mb": rss_start, "result": result})


def run(kind: str, *args: Any) -> dict[str, Any]:
    ctx = mp.get_context("spawn")
    queue = ctx.Queue()
    proc = ctx.Process(target=_measured, args=(kind, args, queue))
    proc.start()
    out = queue.get()
    proc.join()
    if proc.exitcode != 0:
        raise SystemExit(f"{kind} failed")
    return dict(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--persons", type=int, default=10_000)
    parser.add_argument("--central-db", help="PostgreSQL URL of an EMPTY database for the centre")
    args = parser.parse_args()
    from tests.helpers.sync_offices import (
        CENTRAL_NAME,
        CENTRAL_USCC,
        FIELD_NAME,
        FIELD_USCC,
        PASSPHRASE,
        make_office,
        pair,
    )

    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        urls = {}
        for name in ("field", "central"):
            urls[name] = f"sqlite:///{(tmp / f'{name}.sqlite3').as_posix()}"
        if args.central_db:
            urls["central"] = args.central_db
        for url in urls.values():
            db = Database(url)
            upgrade(db.engine)
            db.dispose()
        day = date.today()
        field = make_office(urls["field"], FIELD_USCC, FIELD_NAME, "field", day)
        central = make_office(urls["central"], CENTRAL_USCC, CENTRAL_NAME, "central", day)
        pair(field, central)
        field.db.dispose()
        central.db.dispose()
        t = time.perf_counter()
        populate(urls["field"], args.persons)
        print(f"set-up: {args.persons} persons with photo and signature in "
              f"{time.perf_counter() - t:.1f} s")

        bundle = tmp / "bundle.rosync"
        export = run("export", urls["field"], CENTRAL_USCC, str(bundle), PASSPHRASE)
        size = bundle.stat().st_size
        copy = run("copy", str(bundle), str(tmp / "copy.bin"))
        imported = run("import", urls["central"], str(bundle), PASSPHRASE)
        assert imported["result"] >= args.persons * 5, imported  # every row arrived

        print(f"bundle: {size / 1024 / 1024:.1f} MB, {imported['result']} records "
              f"(load: {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores)")
        print(f"{'step':<8}{'wall s':>9}{'cpu s':>9}{'peak RSS MB':>13}{'(at start)':>11}"
              f"{'wall/copy':>11}{'cpu/copy':>10}")
        for name, m in (("copy", copy), ("export", export), ("import", imported)):
            print(f"{name:<8}{m['wall']:>9.2f}{m['cpu']:>9.2f}{m['rss_mb']:>13.0f}"
                  f"{m['rss_start_mb']:>11.0f}"
                  f"{m['wall'] / max(copy['wall'], 1e-6):>11.1f}"
                  f"{m['cpu'] / max(copy['cpu'], 1e-6):>10.1f}")
        ok = all(m["wall"] < 60 and m["rss_mb"] < 500 for m in (export, imported))
        print("targets (each < 60 s, < 500 MB):", "met" if ok else "NOT met")


if __name__ == "__main__":
    main()
