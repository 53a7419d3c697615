"""teams_links, teams_conversations, teams_preferences: who is who, where
to reach them, and languages.
"""

import sqlalchemy as sa
from alembic import op

from adapters.persistence.columns import ID, WHEN, key, languages, required

revision = "teams_0001"
down_revision = None


def upgrade() -> None:
    op.create_table(
        "teams_links",
        *key(aad_object_id=sa.String(64)),
        sa.Column("person_id", ID, nullable=False, index=True),
        *required(how=sa.String(16), linked_at=WHEN),
    )
    op.create_table(
        "teams_conversations",
        *key(scope=sa.String(200)),
        *required(service_url=sa.String(400), conversation_id=sa.String(400)),
        *required(tenant_id=sa.String(64), updated_at=WHEN),
    )
    op.create_table("teams_preferences", *languages())


def downgrade() -> None:
    op.drop_table("teams_preferences")
    op.drop_table("teams_conversations")
    op.drop_table("teams_links")
