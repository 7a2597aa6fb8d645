"""refresh_name_keys keeps person_name_keys in step with the name (both backends)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from app.models import Person, PersonNameKey
from app.models.db import Database
from app.services.name_index import refresh_name_keys


def test_keys_replaced_when_name_changes(db: Database) -> None:
    with db.session_scope() as s:
        person = Person(id_number="110101199001011237", name="张三", gender="M",
                        birth_date=date(1990, 1, 1))
        s.add(person)
        s.flush()
        refresh_name_keys(s, person.id, person.name)
        pid = person.id
    with db.session_scope(write=False) as s:
        keys = set(s.scalars(select(PersonNameKey.key).where(PersonNameKey.person_id == pid)))
    assert keys == {"zs", "zhangsan"}
    with db.session_scope() as s:
        refresh_name_keys(s, pid, "曾李")
    with db.session_scope(write=False) as s:
        keys = set(s.scalars(select(PersonNameKey.key).where(PersonNameKey.person_id == pid)))
    assert "zs" not in keys and {"zengli", "cengli", "zl", "cl"} <= keys
