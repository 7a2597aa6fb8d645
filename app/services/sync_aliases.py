"""A person or employer created in both offices on their own (issue 12).

Rows travel under their UUIDs, but two offices can each register the same employer (USCC) or
person (ID number) before they sync: two ids for one natural key. The import then does not
insert a second row (the unique key forbids it, and two records of one person would be
wrong): it notes that their id stands for ours (``sync_aliases``), maps every reference to it
in what they send (a filing's ``person_id``, a person's ``employer_id``, ...), and puts the
two versions side by side in the conflicts queue. Each office keeps its own id; the other
office does the same with ours when our rows arrive.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models.sync import SyncAlias
from app.services.sync_tables import SYNCED, SyncedTable, row_hash

_TARGETS = {"persons": "person", "employers": "employer"}
# entity -> {column: the entity it refers to} for every reference to a person or an employer
REFERENCES: dict[str, dict[str, str]] = {
    t.entity: {fk.parent.name: _TARGETS[fk.column.table.name] for fk in t.table.foreign_keys
               if fk.column.table.name in _TARGETS}
    for t in SYNCED}


class Aliases:
    def __init__(self, s: Session, peer: str) -> None:
        self.s, self.peer = s, peer
        self.map = {(a.entity, a.their_id): a.our_id for a in s.scalars(
            select(SyncAlias).where(SyncAlias.peer_code == peer))}

    def add(self, entity: str, their_id: str, our_id: str) -> None:
        self.s.add(SyncAlias(peer_code=self.peer, entity=entity, their_id=their_id, our_id=our_id))
        self.s.flush()
        self.map[(entity, their_id)] = our_id

    def remap(self, table: SyncedTable, row_id: str, digest: str, body: dict[str, Any]
              ) -> tuple[str, str, dict[str, Any]]:
        """(row id, hash, row) with their ids of aliased rows replaced by ours."""
        if not self.map:
            return row_id, digest, body
        mapped = dict(body)
        for column, entity in REFERENCES[table.entity].items():
            value = mapped.get(column)
            if value is not None and (entity, value) in self.map:
                mapped[column] = self.map[(entity, value)]
        own = self.map.get((table.entity, row_id))
        if own is not None:
            row_id, mapped["id"] = own, own
        if mapped == body:
            return row_id, digest, body
        return row_id, row_hash(mapped, table), mapped


def natural_twins(s: Session, table: SyncedTable, rows: list[dict[str, Any]]) -> dict[str, Any]:
    """{their id: our row} for new persons / employers whose natural key we already hold."""
    if table.entity == "employer":
        col, keys = table.table.c["uscc"], [r["uscc"] for r in rows]
    elif table.entity == "person":
        col, keys = table.table.c["id_number"], [r["id_number"] for r in rows]
    else:
        return {}
    found = {}
    for r in s.execute(select(table.table).where(col.in_(keys))):
        m = r._mapping
        found[(m.get("id_type"), m[col.name])] = m
    out = {}
    for row in rows:
        twin = found.get((row.get("id_type"), row[col.name]))
        if twin is not None and str(twin["id"]) != row["id"]:
            out[row["id"]] = twin
    return out
