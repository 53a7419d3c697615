"""web_oidc_flows and web_oidc_subjects: OpenID Connect sign-ins under way, and
each person's subject at the provider once linked.

Revision ID: web_0002
Revises: web_0001
"""

import sqlalchemy as sa
from alembic import op

revision = "web_0002"
down_revision = "web_0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    found = sa.inspect(op.get_bind())
    if not found.has_table("web_oidc_flows"):
        op.create_table(
            "web_oidc_flows",
            sa.Column("state_hash", sa.String(64), primary_key=True),
            sa.Column("nonce", sa.String(128), nullable=False),
            sa.Column("code_verifier", sa.String(128), nullable=False),
            sa.Column("created_at", sa.String(40), nullable=False),
            sa.Column("expires_at", sa.String(40), nullable=False),
        )
    if not found.has_table("web_oidc_subjects"):
        op.create_table(
            "web_oidc_subjects",
            sa.Column("issuer", sa.String(500), primary_key=True),
            sa.Column("subject", sa.String(255), primary_key=True),
            sa.Column("person_id", sa.String(36), nullable=False),
            sa.Column("linked_at", sa.String(40), nullable=False),
        )
        op.create_index("ix_web_oidc_subjects_person", "web_oidc_subjects", ["person_id"])


def downgrade() -> None:
    op.drop_index("ix_web_oidc_subjects_person", table_name="web_oidc_subjects")
    op.drop_table("web_oidc_subjects")
    op.drop_table("web_oidc_flows")
