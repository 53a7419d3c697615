"""api_token_use: when each API token was last used (the API's token check
writes it at most once a minute per token; the token tables themselves are
read tables, rebuilt from the events, so the use cannot live there).
"""

from alembic import op

from adapters.persistence.columns import ID, WHEN, key, required
from adapters.persistence.migrate import create_table_once

revision = "web_0003"
down_revision = "web_0002"


def upgrade() -> None:
    create_table_once("api_token_use", *key(token_id=ID), *required(last_used_at=WHEN))


def downgrade() -> None:
    op.drop_table("api_token_use")
