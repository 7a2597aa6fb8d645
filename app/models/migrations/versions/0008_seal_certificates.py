"""seal_certificates: the office's seal CA (issue 13)

Revision ID: 0008
Revises: 0004
Create Date: 2026-12-06 11:10:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0008'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'seal_certificates',
        sa.Column('cert_id', sa.String(length=64), nullable=False),
        sa.Column('role', sa.String(length=20), nullable=False),
        sa.Column('algorithm', sa.String(length=20), nullable=False),
        sa.Column('office_code', sa.String(length=40), nullable=False),
        sa.Column('subject', sa.String(length=400), nullable=False),
        sa.Column('certificate', sa.LargeBinary(), nullable=False),
        sa.Column('private_key_encrypted', sa.LargeBinary(), nullable=True),
        sa.Column('issuer_id', sa.String(length=64), nullable=True),
        sa.Column('valid_from', sa.DateTime(timezone=True), nullable=False),
        sa.Column('valid_until', sa.DateTime(timezone=True), nullable=False),
        sa.Column('retired_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('source', sa.String(length=20), nullable=False),
        sa.Column('crl', sa.LargeBinary(), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('cert_id', name=op.f('pk_seal_certificates')),
    )


def downgrade() -> None:
    op.drop_table('seal_certificates')
