"""teams_links, teams_conversations, teams_preferences: who is who, where
to reach them, and languages.

Revision ID: teams_0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "teams_0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "teams_links",
        sa.Column("aad_object_id", sa.String(64), primary_key=True),
        sa.Column("person_id", sa.String(36), nullable=False, index=True),
        sa.Column("how", sa.String(16), nullable=False),
        sa.Column("linked_at", sa.String(40), nullable=False),
    )
    op.create_table(
        "teams_conversations",
        sa.Column("scope", sa.String(200), primary_key=True),
        sa.Column("service_url", sa.String(400), nullable=False),
        sa.Column("conversation_id", sa.String(400), nullable=False),
        sa.Column("tenant_id", sa.String(64), nullable=False),
        sa.Column("updated_at", sa.String(40), nullable=False),
    )
    op.create_table(
        "teams_preferences",
        sa.Column("scope", sa.String(80), primary_key=True),
        sa.Column("language", sa.String(8), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("teams_preferences")
    op.drop_table("teams_conversations")
    op.drop_table("teams_links")
