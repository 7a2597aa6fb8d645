"""print batches and per-certificate print records (resumable batch printing)

Revision ID: 0009
Revises: 0004
Create Date: 2026-12-06 11:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('print_batches',
    sa.Column('batch_key', sa.String(length=64), nullable=False),
    sa.Column('serials', sa.String(), nullable=False),
    sa.Column('total', sa.Integer(), nullable=False),
    sa.Column('copies', sa.Integer(), nullable=False),
    sa.Column('printer', sa.String(length=200), nullable=False),
    sa.Column('source', sa.String(length=10), nullable=False),
    sa.Column('created_by', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_fault', sa.String(length=40), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_print_batches'))
    )
    with op.batch_alter_table('print_batches', schema=None) as batch_op:
        batch_op.create_index('ix_print_batches_key_finished', ['batch_key', 'finished_at'], unique=False)

    op.create_table('certificate_prints',
    sa.Column('batch_id', sa.Uuid(), nullable=False),
    sa.Column('serial', sa.String(length=120), nullable=False),
    sa.Column('printer', sa.String(length=200), nullable=False),
    sa.Column('job_id', sa.Integer(), nullable=True),
    sa.Column('copies', sa.Integer(), nullable=False),
    sa.Column('printed_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('printed_by', sa.String(length=64), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.ForeignKeyConstraint(['batch_id'], ['print_batches.id'],
                            name=op.f('fk_certificate_prints_batch_id_print_batches')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_certificate_prints'))
    )
    with op.batch_alter_table('certificate_prints', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_certificate_prints_batch_id'), ['batch_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_certificate_prints_serial'), ['serial'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('certificate_prints', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_certificate_prints_serial'))
        batch_op.drop_index(batch_op.f('ix_certificate_prints_batch_id'))
    op.drop_table('certificate_prints')
    with op.batch_alter_table('print_batches', schema=None) as batch_op:
        batch_op.drop_index('ix_print_batches_key_finished')
    op.drop_table('print_batches')
