"""command-line sessions: `registry-office login` once, then commands without a password

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-06 17:10:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None

_TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        'cli_sessions',
        sa.Column('token_hash', sa.String(length=64), nullable=False),
        sa.Column('username', sa.String(length=64), nullable=False),
        sa.Column('created_at', _TS, nullable=False),
        sa.Column('expires_at', _TS, nullable=False),
        sa.PrimaryKeyConstraint('token_hash', name=op.f('pk_cli_sessions')),
    )
    op.create_index(op.f('ix_cli_sessions_username'), 'cli_sessions', ['username'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_cli_sessions_username'), table_name='cli_sessions')
    op.drop_table('cli_sessions')
