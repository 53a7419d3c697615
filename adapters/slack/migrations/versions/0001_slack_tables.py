"""slack_deliveries and slack_preferences: what was posted, and languages."""

import sqlalchemy as sa
from alembic import op

from adapters.persistence.columns import WHEN, key, languages, required

revision = "slack_0001"
down_revision = None


def upgrade() -> None:
    op.create_table(
        "slack_deliveries",
        *key(key=sa.String(200), target=sa.String(40)),
        *required(ts=sa.String(40), posted_at=WHEN),
    )
    op.create_table("slack_preferences", *languages())


def downgrade() -> None:
    op.drop_table("slack_preferences")
    op.drop_table("slack_deliveries")
