"""Which tables travel in a sync bundle, in which order, and how a row becomes a record.

Every synced table has a UUID primary key (``UuidPk``), so a row keeps one identity in every
register. Rows are serialised column by column to JSON-safe values (UUID and dates as text,
bytes as base64url) and identified by the SHA-256 of that canonical form: equal hashes mean
equal rows in both registers, which is all the change tracking needs (app.services.sync_export).

The order is the foreign-key order (parents first), so a bundle applies row by row with the
database's constraints on. Certificates go newest first: an older one points at the newer
one that superseded it.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Column, Table

from app.codes import signed_json as sj
from app.models import (
    Appeal,
    Attachment,
    Certificate,
    CorrectionRequest,
    Employer,
    Filing,
    FilingEvent,
    InfoCorrection,
    Person,
    Qualification,
    Registration,
    ReviewMessage,
)
from app.models.base import Base


@dataclass(frozen=True)
class SyncedTable:
    entity: str          # the record's "t"
    table: Table
    order_by: tuple[Any, ...]
    # Columns left out of the hash: content that another column already fingerprints
    # (an attachment's bytes are named by its sha256 column).
    hash_exclude: frozenset[str] = frozenset()

    def column(self, name: str) -> Column[Any]:
        return self.table.c[name]


def _t(model: type[Base]) -> Table:
    table = model.__table__
    assert isinstance(table, Table)
    return table


SYNCED: tuple[SyncedTable, ...] = (
    SyncedTable("employer", _t(Employer), (Employer.id,)),
    SyncedTable("person", _t(Person), (Person.id,)),
    SyncedTable("qualification", _t(Qualification), (Qualification.id,)),
    SyncedTable("registration", _t(Registration), (Registration.id,)),
    SyncedTable("filing", _t(Filing), (Filing.id,)),
    SyncedTable("filing_event", _t(FilingEvent), (FilingEvent.filing_id, FilingEvent.seq)),
    SyncedTable("message", _t(ReviewMessage), (ReviewMessage.id,)),
    SyncedTable("correction", _t(CorrectionRequest), (CorrectionRequest.id,)),
    SyncedTable("appeal", _t(Appeal), (Appeal.id,)),
    SyncedTable("info_correction", _t(InfoCorrection), (InfoCorrection.id,)),
    SyncedTable("attachment", _t(Attachment), (Attachment.id,), frozenset({"data"})),
    SyncedTable("certificate", _t(Certificate), (Certificate.issued_at.desc(), Certificate.id)),
)
BY_ENTITY = {t.entity: t for t in SYNCED}
# The entities whose concurrent changes go to the conflicts queue (issue 12, item 4); the
# others follow who decides: the central office's version wins.
CONFLICT_ENTITIES = ("person", "employer")
CONFLICT_KEY = {"person": "id_number", "employer": "uscc"}


# Records beside the table rows (app.services.sync_export._extras, sync_trust, sync_files).
EXTRA_ENTITIES = ("trust", "trusted_key", "revocation_entry", "certificate_file",
                  "verification_summary")
ENTITIES = (*(t.entity for t in SYNCED), *EXTRA_ENTITIES)  # labels.toml [sync_entity]
DIRECTIONS = ("sent", "received")  # sync_events.direction


def _encode(value: Any) -> Any:
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bytes | memoryview):
        return sj.b64(bytes(value))
    return value


def encode_row(mapping: Any, table: SyncedTable, with_excluded: bool = True) -> dict[str, Any]:
    return {c.name: _encode(mapping[c.name]) for c in table.table.columns
            if with_excluded or c.name not in table.hash_exclude}


def row_hash(record_row: dict[str, Any], table: SyncedTable) -> str:
    body = {k: v for k, v in record_row.items() if k not in table.hash_exclude}
    return hashlib.sha256(sj.canonical(body)).hexdigest()


def _decoder(column: Column[Any]) -> Callable[[Any], Any]:
    sql_type = getattr(column.type, "impl_instance", column.type)  # UTCDateTime: its DateTime
    try:
        kind = sql_type.python_type
    except NotImplementedError:
        kind = object
    if kind is uuid.UUID:
        return lambda v: uuid.UUID(v)
    if kind is datetime:
        return lambda v: datetime.fromisoformat(v)
    if kind is date:
        return lambda v: date.fromisoformat(v)
    if kind is bytes:
        return sj.unb64
    return lambda v: v


_DECODERS: dict[str, dict[str, Callable[[Any], Any]]] = {
    t.entity: {c.name: _decoder(c) for c in t.table.columns} for t in SYNCED}


def decode_row(row: dict[str, Any], table: SyncedTable) -> dict[str, Any]:
    """Column values for an INSERT/UPDATE; unknown columns refused (``KeyError``/``ValueError``)."""
    decoders = _DECODERS[table.entity]
    if set(row) - set(decoders):
        raise ValueError("unknown column")
    return {k: (None if v is None else decoders[k](v)) for k, v in row.items()}
