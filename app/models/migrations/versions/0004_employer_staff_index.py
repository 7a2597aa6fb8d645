"""index persons (employer_id, id) for paging through an employer's staff

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23 13:05:00
"""

from __future__ import annotations

from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('persons', schema=None) as batch_op:
        batch_op.create_index('ix_persons_employer_id_id', ['employer_id', 'id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('persons', schema=None) as batch_op:
        batch_op.drop_index('ix_persons_employer_id_id')
