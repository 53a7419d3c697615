"""person_keys: one key per person, sealing their personal data."""

import sqlalchemy as sa
from alembic import op

from adapters.persistence.columns import ID, WHEN, key, optional, required

revision = "keys_0001"
down_revision = None


def upgrade() -> None:
    op.create_table(
        "person_keys",
        *key(person_id=ID),
        *optional(key=sa.LargeBinary(32)),
        *required(created_at=WHEN),
        *optional(erased_at=WHEN),
    )


def downgrade() -> None:
    op.drop_table("person_keys")
