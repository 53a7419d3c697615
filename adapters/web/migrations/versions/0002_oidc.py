"""web_oidc_flows and web_oidc_subjects: OpenID Connect sign-ins under way, and
each person's subject at the provider once linked.
"""

import sqlalchemy as sa
from alembic import op

from adapters.persistence.columns import ID, WHEN, key, required
from adapters.persistence.migrate import create_table_once

revision = "web_0002"
down_revision = "web_0001"


def upgrade() -> None:
    create_table_once(
        "web_oidc_flows",
        *key(state_hash=sa.String(64)),
        *required(nonce=sa.String(128), code_verifier=sa.String(128)),
        *required(created_at=WHEN, expires_at=WHEN),
    )
    create_table_once(
        "web_oidc_subjects",
        *key(issuer=sa.String(500), subject=sa.String(255)),
        *required(person_id=ID, linked_at=WHEN),
        sa.Index("ix_web_oidc_subjects_person", "person_id"),
    )


def downgrade() -> None:
    op.drop_index("ix_web_oidc_subjects_person", table_name="web_oidc_subjects")
    op.drop_table("web_oidc_subjects")
    op.drop_table("web_oidc_flows")
