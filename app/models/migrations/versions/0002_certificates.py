"""certificates, issuer keys and verification log

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 12:16:39.330833
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op



revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('issuer_keys',
    sa.Column('key_id', sa.String(length=64), nullable=False),
    sa.Column('office_code', sa.String(length=40), nullable=False),
    sa.Column('office_name', sa.String(length=200), nullable=False),
    sa.Column('public_key', sa.LargeBinary(), nullable=False),
    sa.Column('private_key_encrypted', sa.LargeBinary(), nullable=True),
    sa.Column('valid_from', sa.DateTime(timezone=True), nullable=False),
    sa.Column('valid_until', sa.DateTime(timezone=True), nullable=True),
    sa.Column('retired_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('source', sa.String(length=20), nullable=False),
    sa.Column('imported_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('key_id', name=op.f('pk_issuer_keys'))
    )
    op.create_table('verification_log',
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('operator', sa.String(length=64), nullable=False),
    sa.Column('source', sa.String(length=40), nullable=False),
    sa.Column('status', sa.String(length=40), nullable=False),
    sa.Column('serial', sa.String(length=120), nullable=True),
    sa.Column('holder_name', sa.String(length=60), nullable=True),
    sa.Column('raw', sa.Text(), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_verification_log'))
    )
    with op.batch_alter_table('verification_log', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_verification_log_at'), ['at'], unique=False)

    op.create_table('certificates',
    sa.Column('serial', sa.String(length=120), nullable=False),
    sa.Column('person_id', sa.Uuid(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('registration_number', sa.String(length=40), nullable=False),
    sa.Column('annotated_on', sa.Date(), nullable=False),
    sa.Column('window_start', sa.Date(), nullable=False),
    sa.Column('window_end', sa.Date(), nullable=False),
    sa.Column('issued_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('issued_by', sa.String(length=64), nullable=False),
    sa.Column('key_id', sa.String(length=64), nullable=False),
    sa.Column('payload', sa.Text(), nullable=False),
    sa.Column('photo_sha256', sa.String(length=64), nullable=True),
    sa.Column('superseded_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('superseded_by', sa.Uuid(), nullable=True),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('revoke_reason', sa.Text(), nullable=True),
    sa.Column('specimen', sa.Boolean(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['persons.id'], name=op.f('fk_certificates_person_id_persons')),
    sa.ForeignKeyConstraint(['superseded_by'], ['certificates.id'], name=op.f('fk_certificates_superseded_by_certificates')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_certificates')),
    sa.UniqueConstraint('serial', name=op.f('uq_certificates_serial'))
    )
    with op.batch_alter_table('certificates', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_certificates_person_id'), ['person_id'], unique=False)
        batch_op.create_index('ix_certificates_person_issued', ['person_id', 'issued_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_certificates_registration_number'), ['registration_number'], unique=False)
        batch_op.create_index(batch_op.f('ix_certificates_window_end'), ['window_end'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('certificates', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_certificates_window_end'))
        batch_op.drop_index(batch_op.f('ix_certificates_registration_number'))
        batch_op.drop_index('ix_certificates_person_issued')
        batch_op.drop_index(batch_op.f('ix_certificates_person_id'))

    op.drop_table('certificates')
    with op.batch_alter_table('verification_log', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_verification_log_at'))

    op.drop_table('verification_log')
    op.drop_table('issuer_keys')
