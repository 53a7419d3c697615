"""mail_deliveries and mail_answers: what was sent, and automatic answers.

Revision ID: mail_0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "mail_0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "mail_deliveries",
        sa.Column("key", sa.String(200), primary_key=True),
        sa.Column("person_id", sa.String(40), primary_key=True),
        sa.Column("message_id", sa.String(200), nullable=False),
        sa.Column("recipient", sa.String(320), nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("detail", sa.String(400), nullable=False),
        sa.Column("updated_at", sa.String(40), nullable=False),
    )
    op.create_table(
        "mail_answers",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("address", sa.String(64), nullable=False),
        sa.Column("verified", sa.Boolean, nullable=False),
        sa.Column("at", sa.Float, nullable=False),
    )
    op.create_index("ix_mail_answers_address", "mail_answers", ["address"])
    op.create_index("ix_mail_answers_at", "mail_answers", ["at"])


def downgrade() -> None:
    op.drop_table("mail_answers")
    op.drop_table("mail_deliveries")
