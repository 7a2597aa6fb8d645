"""Issue 12, property test: export → import → export again is empty; two offices converge.

Hypothesis draws a sequence of steps over two real SQLite registers: add a person (with an
employer) in either office, change a person's contact details in either office (so the same
person may change on both sides: a conflict), and carry a bundle in either direction. At the
end both offices exchange until quiet; then their synced tables hold the same rows, and one
more export in each direction carries nothing.
"""

from __future__ import annotations

import hashlib
import shutil
from datetime import date, timedelta
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from app.services.sync_tables import SYNCED, encode_row, row_hash
from tests.helpers.register import resident_id, uscc
from tests.helpers.sync_offices import (
    CENTRAL_NAME,
    CENTRAL_USCC,
    FIELD_NAME,
    FIELD_USCC,
    Office,
    make_office,
    pair,
    send,
)

DAY = date.today() - timedelta(days=20)
STEP = st.one_of(
    st.tuples(st.just("add"), st.sampled_from(["field", "central"])),
    st.tuples(st.just("edit"), st.sampled_from(["field", "central"]), st.integers(0, 5),
              st.integers(0, 99)),
    st.tuples(st.just("send"), st.sampled_from(["field", "central"])),
)


def fingerprint(office: Office) -> dict[str, str]:
    """Hash of every synced table's rows, as the bundle code sees them."""
    out = {}
    with office.db.session_scope(write=False) as s:
        for t in SYNCED:
            rows = sorted(row_hash(encode_row(r._mapping, t), t)
                          for r in s.execute(select(t.table)))
            out[t.entity] = hashlib.sha256("".join(rows).encode()).hexdigest()
    return out


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(STEP, min_size=1, max_size=10))
def test_exchange_converges_and_then_is_empty(sqlite_template: Path, tmp_path_factory, steps) -> None:  # type: ignore[no-untyped-def]
    tmp = tmp_path_factory.mktemp("prop")
    urls = {}
    for name in ("field", "central"):
        shutil.copy(sqlite_template, tmp / f"{name}.sqlite3")
        urls[name] = f"sqlite:///{(tmp / f'{name}.sqlite3').as_posix()}"
    offices = {"central": make_office(urls["central"], CENTRAL_USCC, CENTRAL_NAME, "central", DAY),
               "field": make_office(urls["field"], FIELD_USCC, FIELD_NAME, "field", DAY)}
    field, central = offices["field"], offices["central"]
    other = {"field": central, "central": field}
    try:
        pair(field, central)
        persons: list[object] = []
        for n, step in enumerate(steps):
            office = offices[step[1]]
            if step[0] == "add":
                reg = office.clerk.register
                employer = reg.add_employer(uscc=uscc("110108", 500 + n), name=f"单位{n}有限公司")
                persons.append(reg.create_person(
                    id_number=resident_id(date(1980, 1, 1), n), name="李四",
                    employer_id=employer.id, mobile="13800000000").id)
            elif step[0] == "edit":
                # only a person this office has (one made elsewhere may not have arrived yet)
                mine = [p for p in persons if _has(office, p)]
                if mine:
                    office.clerk.register.update_person(mine[step[2] % len(mine)],
                                                        {"mobile": f"139000000{step[3]:02d}"})
            else:
                send(office, other[step[1]], tmp)
        # Exchange until quiet (a conflict's kept version goes back once more).
        for _ in range(3):
            send(field, central, tmp)
            send(central, field, tmp)
        assert fingerprint(field) == fingerprint(central)
        assert send(field, central, tmp)[0].empty
        assert send(central, field, tmp)[0].empty
    finally:
        field.db.dispose()
        central.db.dispose()


def _has(office: Office, person_id: object) -> bool:
    from app.models import Person

    with office.db.session_scope(write=False) as s:
        return s.get(Person, person_id) is not None
