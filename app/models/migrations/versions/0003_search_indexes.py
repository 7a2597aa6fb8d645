"""search indexes: (column, id) in byte order

Prefix search and keyset paging compare ``col COLLATE "C"`` on PostgreSQL: under a linguistic
database collation (zh_CN, ICU) a default index cannot serve a prefix range. On SQLite BINARY
order already is code-point order; the trailing id makes the index cover the paging order.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 12:45:00
"""

from __future__ import annotations

from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None

# (index name, table, first column compared in "C" order, further columns)
INDEXES = (
    ("ix_persons_name_c", "persons", "name", ("id",)),
    ("ix_persons_id_number_c", "persons", "id_number", ("id",)),
    ("ix_person_name_keys_key_c", "person_name_keys", "key", ("person_id",)),
    ("ix_registrations_registration_number_c", "registrations", "registration_number", ("person_id",)),
    ("ix_employers_uscc_c", "employers", "uscc", ("id",)),
    ("ix_employers_name_c", "employers", "name", ("id",)),
)


def upgrade() -> None:
    collate = ' COLLATE "C"' if op.get_bind().dialect.name == "postgresql" else ""
    for name, table, first, rest in INDEXES:
        columns = ", ".join([f"{first}{collate}", *rest])
        op.execute(f"CREATE INDEX {name} ON {table} ({columns})")


def downgrade() -> None:
    for name, *_ in INDEXES:
        op.execute(f"DROP INDEX {name}")
