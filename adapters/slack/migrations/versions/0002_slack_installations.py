"""slack_installations and slack_bots: multi-workspace OAuth installs (the bot
tokens Slack gave us), as slack_sdk 3's SQLAlchemyInstallationStore defines them.

slack_sdk made these itself (`create_tables`) before Alembic did; such
tables are adopted as they are. Later changes are migrations of our own.

Revision ID: slack_0002
Revises: slack_0001
"""

from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "slack_0002"
down_revision = "slack_0001"
branch_labels = None
depends_on = None


def _common(*middle: sa.Column[Any]) -> list[sa.Column[Any]]:
    return [
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("client_id", sa.String(32), nullable=False),
        sa.Column("app_id", sa.String(32), nullable=False),
        sa.Column("enterprise_id", sa.String(32)),
        sa.Column("enterprise_name", sa.String(200)),
        *middle,
        sa.Column("is_enterprise_install", sa.Boolean, nullable=False),
    ]


def _bot_columns() -> list[sa.Column[Any]]:
    return [
        sa.Column("team_id", sa.String(32)),
        sa.Column("team_name", sa.String(200)),
        sa.Column("bot_token", sa.String(200)),
        sa.Column("bot_id", sa.String(32)),
        sa.Column("bot_user_id", sa.String(32)),
        sa.Column("bot_scopes", sa.String(1000)),
        sa.Column("bot_refresh_token", sa.String(200)),
        sa.Column("bot_token_expires_at", sa.DateTime),
    ]


def upgrade() -> None:
    found = sa.inspect(op.get_bind())
    if not found.has_table("slack_installations"):
        op.create_table(
            "slack_installations",
            *_common(
                sa.Column("enterprise_url", sa.String(200)),
                *_bot_columns(),
                sa.Column("user_id", sa.String(32), nullable=False),
                sa.Column("user_token", sa.String(200)),
                sa.Column("user_scopes", sa.String(1000)),
                sa.Column("user_refresh_token", sa.String(200)),
                sa.Column("user_token_expires_at", sa.DateTime),
                sa.Column("incoming_webhook_url", sa.String(200)),
                sa.Column("incoming_webhook_channel", sa.String(200)),
                sa.Column("incoming_webhook_channel_id", sa.String(200)),
                sa.Column("incoming_webhook_configuration_url", sa.String(200)),
            ),
            sa.Column("token_type", sa.String(32)),
            sa.Column("installed_at", sa.DateTime, nullable=False),
        )
        op.create_index(
            "slack_installations_idx",
            "slack_installations",
            ["client_id", "enterprise_id", "team_id", "user_id", "installed_at"],
        )
    if not found.has_table("slack_bots"):
        op.create_table(
            "slack_bots",
            *_common(*_bot_columns()),
            sa.Column("installed_at", sa.DateTime, nullable=False),
        )
        op.create_index(
            "slack_bots_idx",
            "slack_bots",
            ["client_id", "enterprise_id", "team_id", "installed_at"],
        )


def downgrade() -> None:
    op.drop_table("slack_bots")
    op.drop_table("slack_installations")
