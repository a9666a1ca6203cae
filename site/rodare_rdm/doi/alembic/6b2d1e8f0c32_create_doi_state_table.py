"""Create the table of DOI states."""

import sqlalchemy as sa
from alembic import op

revision = "6b2d1e8f0c32"
down_revision = "5a1c0d7e9b21"
branch_labels = ()
depends_on = None


def upgrade():
    """Upgrade database."""
    op.create_table(
        "rodare_doi_state",
        sa.Column("doi", sa.String(length=255), nullable=False),
        sa.Column("recid", sa.String(length=64), nullable=False),
        sa.Column("is_parent", sa.Boolean(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("retryable", sa.Boolean(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt", sa.DateTime(), nullable=True),
        sa.Column("updated", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("doi", name=op.f("pk_rodare_doi_state")),
    )
    for column in ("recid", "status", "next_attempt"):
        op.create_index(op.f(f"ix_rodare_doi_state_{column}"), "rodare_doi_state", [column])


def downgrade():
    """Downgrade database."""
    op.drop_table("rodare_doi_state")
