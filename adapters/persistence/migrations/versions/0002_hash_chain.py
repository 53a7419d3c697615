"""samverka_chain: the SHA-256 link of every stored event (services/integrity.py).

The event store's recorder (adapters/persistence/chain.py) made this table
with the event tables before Alembic did; such a table is adopted as it is.
"""

import sqlalchemy as sa
from alembic import op

from adapters.persistence.migrate import create_table_once

revision = "keys_0002"
down_revision = "keys_0001"


def upgrade() -> None:
    # SQLite: INTEGER PRIMARY KEY (the rowid), as the recorder makes it.
    position = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
    create_table_once(
        "samverka_chain",
        sa.Column("position", position, primary_key=True, autoincrement=False),
        sa.Column("prev_position", position, nullable=False),
        sa.Column("link", sa.LargeBinary, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("samverka_chain")
