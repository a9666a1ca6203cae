"""Add a project's access level, embargo end and HZDR institute to its RODARE settings."""

import sqlalchemy as sa
from alembic import op

revision = "9e5a4b1c3f65"
down_revision = "8d4f3a0b2e54"
branch_labels = ()
depends_on = None

TABLE = "rodare_vcs_repository_settings"


def upgrade():
    """Upgrade database."""
    op.add_column(TABLE, sa.Column("access_level", sa.String(length=16), nullable=True))
    op.add_column(TABLE, sa.Column("embargo_until", sa.Date(), nullable=True))
    op.add_column(TABLE, sa.Column("institute", sa.String(length=64), nullable=True))


def downgrade():
    """Downgrade database."""
    for column in ("institute", "embargo_until", "access_level"):
        op.drop_column(TABLE, column)
