"""teams_deliveries: what the Notifier posted, one row per notification key
and conversation, so a retried notification never posts twice.

Revision ID: teams_0002
Revises: teams_0001
"""

import sqlalchemy as sa
from alembic import op

revision = "teams_0002"
down_revision = "teams_0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A database whose tables were made by create_all already has it.
    if not sa.inspect(op.get_bind()).has_table("teams_deliveries"):
        op.create_table(
            "teams_deliveries",
            sa.Column("key", sa.String(200), primary_key=True),
            sa.Column("target", sa.String(200), primary_key=True),
            sa.Column("activity_id", sa.String(200), nullable=False),
            sa.Column("posted_at", sa.String(40), nullable=False),
        )


def downgrade() -> None:
    op.drop_table("teams_deliveries")
