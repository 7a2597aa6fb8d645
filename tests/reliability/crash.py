"""The crash loop: write-heavy commands killed with SIGKILL at random moments, then checked.

Two kinds of victim, both the real CLI (``app.cli.run``) in a child process:

- ``persons``: ``person add`` over and over (one transaction each); the child prints each ID
  number once the command returned 0, i.e. after its commit;
- ``demo``: ``demo --persons N`` large enough to drop and rebuild the indexes (the run that used
  to leave them dropped and the register marked "generating").

After each kill: SQLite's ``PRAGMA integrity_check`` (PostgreSQL: every table readable), the
audit chain (:func:`app.services.audit.verify_chain`), every index of the models present,
no "generating" marker left, and every ID the child reported as committed is in the register.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import func, inspect, select, text

from app.models import Base, Person
from app.models.db import Database

PASSWORD = "admin-pass-1"


def resident_id(n: int) -> str:
    from datetime import date, timedelta

    from app.domain.validators import id_check_char

    birth = date(1970, 1, 1) + timedelta(days=n // 400)
    first17 = f"110101{birth:%Y%m%d}{(n % 400) * 2 + 1:03d}"
    return first17 + id_check_char(first17)


def child(db_url: str, kind: str, start: int) -> None:
    """The victim: runs in its own process until killed."""
    from app.cli import run

    if kind == "demo":
        run(["--db", db_url, "demo", "--persons", "60000", "--seed", str(start), "--force"])
        print("DEMO-DONE", flush=True)
        return
    n = start
    while True:
        number = resident_id(n)
        if run(["--db", db_url, "person", "add", "--id-number", number, "--name", "崩溃测" + "甲乙丙丁戊己庚辛壬癸"[n % 10],
                "--mobile", "13800138000"]) == 0:
            print(f"COMMITTED {number}", flush=True)
        n += 1


@dataclass
class CrashTally:
    kills: int = 0
    checked: int = 0
    failed: int = 0
    committed_rows: int = 0
    problems: list[str] = field(default_factory=list)

    def line(self, backend: str) -> str:
        return (f"crash {backend}: tried {self.kills} kills, checked cleanly {self.checked}, "
                f"failed {self.failed} ({self.committed_rows} committed rows all present)")


def check_register(db_url: str, committed: set[str]) -> list[str]:
    from app.services.audit import verify_chain
    from app.services.office_settings import DEMO_MARKER, read_setting

    problems: list[str] = []
    db = Database(db_url)
    try:
        with db.engine.connect() as conn:
            if db.dialect == "sqlite":
                result = conn.exec_driver_sql("PRAGMA integrity_check").scalar()
                if result != "ok":
                    problems.append(f"integrity_check: {result}")
            else:
                for table in Base.metadata.tables:
                    conn.execute(text(f'SELECT count(*) FROM "{table}"')).scalar()
            insp = inspect(conn)
            for table in Base.metadata.sorted_tables:
                have = {ix["name"] for ix in insp.get_indexes(table.name)}
                missing = {ix.name for ix in table.indexes if not ix.unique} - have
                if missing:
                    problems.append(f"indexes missing on {table.name}: {sorted(missing)}")
        with db.session_scope(write=False) as s:
            chain = verify_chain(s)
            if not chain.ok:
                problems.append(f"audit chain: {chain.problem} at {chain.first_bad_seq}")
            marker = read_setting(s, DEMO_MARKER)
            if isinstance(marker, dict) and marker.get("state") == "generating":
                problems.append("demo marker left at 'generating'")
            if committed:
                present = set(s.scalars(select(Person.id_number).where(
                    Person.id_number.in_(sorted(committed)))))
                if committed - present:
                    problems.append(f"{len(committed - present)} committed persons lost")
            s.scalar(select(func.count()).select_from(Person))
    finally:
        db.dispose()
    return problems


def crash_loop(db_url: str, kills: int, seed: int = 11, demo_every: int = 3) -> CrashTally:
    """``kills`` children killed at random moments; every ``demo_every``-th one is a demo."""
    rng = random.Random(seed)
    tally = CrashTally()
    env = {**os.environ, "REGISTRY_USER": "admin", "REGISTRY_PASSWORD": PASSWORD,
           "PYTHONPATH": str(Path.cwd())}
    committed: set[str] = set()
    for k in range(kills):
        kind = "demo" if k % demo_every == 0 else "persons"  # the first: into an empty register
        user = "admin" if kind == "demo" else "clerk"  # (the roles that may do each)
        proc = subprocess.Popen([sys.executable, "-m", "tests.reliability.crash", db_url, kind,
                                 str(100_000 * (k + 1))], stdout=subprocess.PIPE,
                                stderr=subprocess.DEVNULL, text=True,
                                env={**env, "REGISTRY_USER": user})
        time.sleep(rng.uniform(6.0, 15.0) if kind == "persons" else rng.uniform(3.0, 12.0))
        proc.send_signal(signal.SIGKILL)
        out, _ = proc.communicate(timeout=60)
        tally.kills += 1
        committed |= {line.split()[1] for line in out.splitlines() if line.startswith("COMMITTED")}
        problems = check_register(db_url, committed)
        if problems:
            tally.failed += 1
            tally.problems += [f"kill {k + 1} ({kind}): {p}" for p in problems]
        else:
            tally.checked += 1
    tally.committed_rows = len(committed)
    return tally


def prepare(db_url: str) -> None:
    from app.models.db import upgrade
    from app.services import users_service

    db = Database(db_url)
    upgrade(db.engine)
    users_service.bootstrap_admin(db, "admin", PASSWORD, "管理员")
    from app.services.base import Actor

    users_service.UsersService(db, Actor("admin", "admin")).add_user("clerk", PASSWORD, "clerk",
                                                                     "录入员")
    db.dispose()


if __name__ == "__main__":
    child(sys.argv[1], sys.argv[2], int(sys.argv[3]))
