"""person_keys: one key per person, sealing their personal data.

Revision ID: keys_0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "keys_0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "person_keys",
        sa.Column("person_id", sa.String(36), primary_key=True),
        sa.Column("key", sa.LargeBinary(32)),
        sa.Column("created_at", sa.String(40), nullable=False),
        sa.Column("erased_at", sa.String(40)),
    )


def downgrade() -> None:
    op.drop_table("person_keys")
