"""teams_deliveries: what the Notifier posted, one row per notification key
and conversation, so a retried notification never posts twice.
"""

import sqlalchemy as sa
from alembic import op

from adapters.persistence.columns import WHEN, key, required
from adapters.persistence.migrate import create_table_once

revision = "teams_0002"
down_revision = "teams_0001"


def upgrade() -> None:
    # A database whose tables were made by create_all already has it.
    create_table_once(
        "teams_deliveries",
        *key(key=sa.String(200), target=sa.String(200)),
        *required(activity_id=sa.String(200), posted_at=WHEN),
    )


def downgrade() -> None:
    op.drop_table("teams_deliveries")
