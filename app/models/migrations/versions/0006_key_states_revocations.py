"""key states (compromised, reserved, demo) and other offices' revocation lists

Revision ID: 0006
Revises: 0004
Create Date: 2026-12-06 11:30:00

Besides the schema: an own key that the published demo passphrase unlocks is the demo
register's key (issue 10: "the demo never becomes an office's key"); it is marked ``demo`` so
it signs only specimens and is never exported. Registers set up with ``init`` then ``demo``
before this revision had it as their active key.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('issuer_keys', schema=None) as batch_op:
        batch_op.add_column(sa.Column('compromised_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('compromise_reason', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('reserved', sa.Boolean(), server_default=sa.false(),
                                      nullable=False))
        batch_op.add_column(sa.Column('demo', sa.Boolean(), server_default=sa.false(),
                                      nullable=False))
    op.create_table('revocation_lists',
    sa.Column('office_code', sa.String(length=40), nullable=False),
    sa.Column('office_name', sa.String(length=200), nullable=False),
    sa.Column('issued_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('imported_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('signed_by', sa.String(length=200), nullable=False),
    sa.Column('entries', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('office_code', name=op.f('pk_revocation_lists'))
    )
    op.create_table('revocation_entries',
    sa.Column('office_code', sa.String(length=40), nullable=False),
    sa.Column('serial', sa.String(length=120), nullable=False),
    sa.Column('state', sa.String(length=20), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.Column('listed_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_revocation_entries')),
    sa.UniqueConstraint('serial', name=op.f('uq_revocation_entries_serial'))
    )
    with op.batch_alter_table('revocation_entries', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_revocation_entries_office_code'), ['office_code'],
                              unique=False)
    _mark_demo_keys()


def _mark_demo_keys() -> None:
    from app.codes.keys import DEMO_PASSPHRASE, decrypt_private_key
    from app.errors import InvalidInput

    conn = op.get_bind()
    keys = sa.table('issuer_keys', sa.column('key_id', sa.String), sa.column('demo', sa.Boolean),
                    sa.column('private_key_encrypted', sa.LargeBinary))
    for key_id, blob in conn.execute(sa.select(keys.c.key_id, keys.c.private_key_encrypted)
                                     .where(keys.c.private_key_encrypted.is_not(None))).all():
        try:
            decrypt_private_key(bytes(blob), DEMO_PASSPHRASE)
        except InvalidInput:
            continue  # a real passphrase: a real key
        conn.execute(sa.update(keys).where(keys.c.key_id == key_id).values(demo=True))


def downgrade() -> None:
    with op.batch_alter_table('revocation_entries', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_revocation_entries_office_code'))
    op.drop_table('revocation_entries')
    op.drop_table('revocation_lists')
    with op.batch_alter_table('issuer_keys', schema=None) as batch_op:
        batch_op.drop_column('demo')
        batch_op.drop_column('reserved')
        batch_op.drop_column('compromise_reason')
        batch_op.drop_column('compromised_at')
