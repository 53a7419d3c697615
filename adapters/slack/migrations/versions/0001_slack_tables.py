"""slack_deliveries and slack_preferences: what was posted, and languages.

Revision ID: slack_0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "slack_0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "slack_deliveries",
        sa.Column("key", sa.String(200), primary_key=True),
        sa.Column("target", sa.String(40), primary_key=True),
        sa.Column("ts", sa.String(40), nullable=False),
        sa.Column("posted_at", sa.String(40), nullable=False),
    )
    op.create_table(
        "slack_preferences",
        sa.Column("scope", sa.String(80), primary_key=True),
        sa.Column("language", sa.String(8), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("slack_preferences")
    op.drop_table("slack_deliveries")
