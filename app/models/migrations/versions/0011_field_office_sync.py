"""field-office sync: encryption keys, paired offices, row states, conflicts, history

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-06 14:10:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None

_TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        'office_encryption_keys',
        sa.Column('key_id', sa.String(length=16), nullable=False),
        sa.Column('public_key', sa.LargeBinary(), nullable=False),
        sa.Column('private_key_encrypted', sa.LargeBinary(), nullable=False),
        sa.Column('created_at', _TS, nullable=False),
        sa.Column('retired_at', _TS, nullable=True),
        sa.PrimaryKeyConstraint('key_id', name=op.f('pk_office_encryption_keys')),
    )
    op.create_table(
        'sync_offices',
        sa.Column('code', sa.String(length=18), nullable=False),
        sa.Column('name', sa.String(length=200), nullable=False),
        sa.Column('role', sa.String(length=10), nullable=False),
        sa.Column('encryption_key', sa.LargeBinary(), nullable=False),
        sa.Column('fingerprint', sa.String(length=100), nullable=False),
        sa.Column('paired_at', _TS, nullable=False),
        sa.Column('paired_by', sa.String(length=64), nullable=False),
        sa.Column('last_sent_seq', sa.Integer(), nullable=False),
        sa.Column('last_sent_at', _TS, nullable=True),
        sa.Column('last_received_seq', sa.Integer(), nullable=False),
        sa.Column('last_received_at', _TS, nullable=True),
        sa.Column('last_received_digest', sa.String(length=64), nullable=True),
        sa.Column('acked_seq', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('code', name=op.f('pk_sync_offices')),
    )
    op.create_table(
        'sync_row_state',
        sa.Column('peer_code', sa.String(length=18), nullable=False),
        sa.Column('entity', sa.String(length=40), nullable=False),
        sa.Column('row_id', sa.String(length=64), nullable=False),
        sa.Column('hash', sa.String(length=64), nullable=False),
        sa.Column('seq', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('peer_code', 'entity', 'row_id', name=op.f('pk_sync_row_state')),
    )
    op.create_table(
        'sync_conflicts',
        sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
        sa.Column('peer_code', sa.String(length=18), nullable=False),
        sa.Column('entity', sa.String(length=20), nullable=False),
        sa.Column('row_id', sa.String(length=64), nullable=False),
        sa.Column('entity_key', sa.String(length=64), nullable=False),
        sa.Column('label', sa.String(length=200), nullable=False),
        sa.Column('ours', sa.JSON(), nullable=False),
        sa.Column('theirs', sa.JSON(), nullable=False),
        sa.Column('their_hash', sa.String(length=64), nullable=False),
        sa.Column('detected_at', _TS, nullable=False),
        sa.Column('resolved_at', _TS, nullable=True),
        sa.Column('resolved_by', sa.String(length=64), nullable=True),
        sa.Column('resolution', sa.String(length=10), nullable=True),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_sync_conflicts')),
    )
    op.create_index(op.f('ix_sync_conflicts_peer_code'), 'sync_conflicts', ['peer_code'])
    op.create_table(
        'sync_events',
        sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
        sa.Column('at', _TS, nullable=False),
        sa.Column('direction', sa.String(length=10), nullable=False),
        sa.Column('office_code', sa.String(length=18), nullable=False),
        sa.Column('seq', sa.Integer(), nullable=False),
        sa.Column('digest', sa.String(length=64), nullable=False),
        sa.Column('counts', sa.JSON(), nullable=False),
        sa.Column('actor', sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_sync_events')),
    )
    op.create_index(op.f('ix_sync_events_office_code'), 'sync_events', ['office_code'])
    op.create_table(
        'sync_verification_summaries',
        sa.Column('office_code', sa.String(length=18), nullable=False),
        sa.Column('day', sa.Date(), nullable=False),
        sa.Column('status', sa.String(length=40), nullable=False),
        sa.Column('count', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('office_code', 'day', 'status',
                                name=op.f('pk_sync_verification_summaries')),
    )
    op.create_table(
        'sync_certificate_files',
        sa.Column('serial', sa.String(length=120), nullable=False),
        sa.Column('format', sa.String(length=10), nullable=False),
        sa.Column('sha256', sa.String(length=64), nullable=False),
        sa.Column('data', sa.LargeBinary(), nullable=False),
        sa.Column('received_at', _TS, nullable=False),
        sa.Column('note', sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint('serial', 'format', name=op.f('pk_sync_certificate_files')),
    )
    op.create_table(
        'sync_aliases',
        sa.Column('peer_code', sa.String(length=18), nullable=False),
        sa.Column('entity', sa.String(length=20), nullable=False),
        sa.Column('their_id', sa.String(length=64), nullable=False),
        sa.Column('our_id', sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint('peer_code', 'entity', 'their_id', name=op.f('pk_sync_aliases')),
    )


def downgrade() -> None:
    for table in ('sync_aliases', 'sync_certificate_files', 'sync_verification_summaries', 'sync_events',
                  'sync_conflicts', 'sync_row_state', 'sync_offices', 'office_encryption_keys'):
        op.drop_table(table)
