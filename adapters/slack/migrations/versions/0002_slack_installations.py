"""slack_installations and slack_bots: multi-workspace OAuth installs (the bot
tokens Slack gave us), as slack_sdk 3's SQLAlchemyInstallationStore defines them.

slack_sdk made these itself (`create_tables`) before Alembic did; such
tables are adopted as they are. Later changes are migrations of our own.
"""

from typing import Any

import sqlalchemy as sa
from alembic import op

from adapters.persistence.columns import optional, required
from adapters.persistence.migrate import create_table_once

revision = "slack_0002"
down_revision = "slack_0001"


def _common(*middle: sa.Column[Any]) -> list[sa.Column[Any]]:
    return [
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        *required(client_id=sa.String(32), app_id=sa.String(32)),
        *optional(enterprise_id=sa.String(32), enterprise_name=sa.String(200)),
        *middle,
        *required(is_enterprise_install=sa.Boolean),
    ]


def _bot_columns() -> tuple[sa.Column[Any], ...]:
    return optional(
        team_id=sa.String(32),
        team_name=sa.String(200),
        bot_token=sa.String(200),
        bot_id=sa.String(32),
        bot_user_id=sa.String(32),
        bot_scopes=sa.String(1000),
        bot_refresh_token=sa.String(200),
        bot_token_expires_at=sa.DateTime,
    )


def upgrade() -> None:
    create_table_once(
        "slack_installations",
        *_common(
            *optional(enterprise_url=sa.String(200)),
            *_bot_columns(),
            *required(user_id=sa.String(32)),
            *optional(
                user_token=sa.String(200),
                user_scopes=sa.String(1000),
                user_refresh_token=sa.String(200),
                user_token_expires_at=sa.DateTime,
                incoming_webhook_url=sa.String(200),
                incoming_webhook_channel=sa.String(200),
                incoming_webhook_channel_id=sa.String(200),
                incoming_webhook_configuration_url=sa.String(200),
            ),
        ),
        *optional(token_type=sa.String(32)),
        *required(installed_at=sa.DateTime),
        sa.Index(
            "slack_installations_idx",
            "client_id",
            "enterprise_id",
            "team_id",
            "user_id",
            "installed_at",
        ),
    )
    create_table_once(
        "slack_bots",
        *_common(*_bot_columns()),
        *required(installed_at=sa.DateTime),
        sa.Index("slack_bots_idx", "client_id", "enterprise_id", "team_id", "installed_at"),
    )


def downgrade() -> None:
    op.drop_table("slack_bots")
    op.drop_table("slack_installations")
