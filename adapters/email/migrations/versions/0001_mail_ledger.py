"""mail_deliveries and mail_answers: what was sent, and automatic answers."""

import sqlalchemy as sa
from alembic import op

from adapters.persistence.columns import WHEN, key, required

revision = "mail_0001"
down_revision = None


def upgrade() -> None:
    op.create_table(
        "mail_deliveries",
        *key(key=sa.String(200), person_id=sa.String(40)),
        *required(message_id=sa.String(200), recipient=sa.String(320), state=sa.String(16)),
        *required(detail=sa.String(400), updated_at=WHEN),
    )
    op.create_table(
        "mail_answers",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        *required(address=sa.String(64), verified=sa.Boolean, at=sa.Float),
    )
    op.create_index("ix_mail_answers_address", "mail_answers", ["address"])
    op.create_index("ix_mail_answers_at", "mail_answers", ["at"])


def downgrade() -> None:
    op.drop_table("mail_answers")
    op.drop_table("mail_deliveries")
