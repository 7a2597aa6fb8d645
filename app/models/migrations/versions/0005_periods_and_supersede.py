"""registration periods (the prior period still in force), superseded certificates' reason,
filing states as seed 004 names them

- registrations.prior_valid_from / prior_valid_until: an architect's or engineer's
  continuation approved before expiry records the next period in valid_from/valid_until while
  the current one stays in force until it ends (seed 004 §3.3; see app.domain.validity).
- certificates.supersede_reason / supersede_changes: why an approved filing marked an earlier
  certificate superseded and what changed on it (seeds 000/002/003: 重新下载 after a change).
- filings in the invented state ``with_authority`` become ``employer_confirmed`` (企业已上报:
  seed 004 §5 knows no other state between the employer's report and 受理).

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-06 11:10:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('registrations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('prior_valid_from', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('prior_valid_until', sa.Date(), nullable=True))
    with op.batch_alter_table('certificates', schema=None) as batch_op:
        batch_op.add_column(sa.Column('supersede_reason', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('supersede_changes', sa.JSON(), nullable=True))
    op.execute("UPDATE filings SET state = 'employer_confirmed' WHERE state = 'with_authority'")
    op.execute("UPDATE filing_events SET to_state = 'employer_confirmed' WHERE to_state = 'with_authority'")
    op.execute("UPDATE filing_events SET from_state = 'employer_confirmed' "
               "WHERE from_state = 'with_authority'")


def downgrade() -> None:
    # The merged filing state is not split again: with_authority had no rule of its own.
    with op.batch_alter_table('certificates', schema=None) as batch_op:
        batch_op.drop_column('supersede_changes')
        batch_op.drop_column('supersede_reason')
    with op.batch_alter_table('registrations', schema=None) as batch_op:
        batch_op.drop_column('prior_valid_until')
        batch_op.drop_column('prior_valid_from')
