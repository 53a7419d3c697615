"""web_login_links and web_sessions: sign-in links and browser sessions (hashes only)."""

import sqlalchemy as sa
from alembic import op

from adapters.persistence.columns import ID, WHEN, key, optional, required

revision = "web_0001"
down_revision = None


def upgrade() -> None:
    op.create_table(
        "web_login_links",
        *key(token_hash=sa.String(64)),
        *required(person_id=ID, created_at=WHEN, expires_at=WHEN),
        *optional(used_at=WHEN),
    )
    op.create_table(
        "web_sessions",
        *key(token_hash=sa.String(64)),
        *required(person_id=ID, created_at=WHEN, last_seen=WHEN),
    )
    op.create_index("ix_web_sessions_person", "web_sessions", ["person_id"])


def downgrade() -> None:
    op.drop_index("ix_web_sessions_person", table_name="web_sessions")
    op.drop_table("web_sessions")
    op.drop_table("web_login_links")
