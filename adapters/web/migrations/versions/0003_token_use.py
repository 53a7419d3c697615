"""api_token_use: when each API token was last used (the API's token check
writes it at most once a minute per token; the token tables themselves are
read tables, rebuilt from the events, so the use cannot live there).

Revision ID: web_0003
Revises: web_0002
"""

import sqlalchemy as sa
from alembic import op

revision = "web_0003"
down_revision = "web_0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if not sa.inspect(op.get_bind()).has_table("api_token_use"):
        op.create_table(
            "api_token_use",
            sa.Column("token_id", sa.String(36), primary_key=True),
            sa.Column("last_used_at", sa.String(40), nullable=False),
        )


def downgrade() -> None:
    op.drop_table("api_token_use")
