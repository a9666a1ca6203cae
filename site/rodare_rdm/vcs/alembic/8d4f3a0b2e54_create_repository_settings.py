"""Create the table of a project's RODARE settings (its ROBIS id)."""

import sqlalchemy as sa
import sqlalchemy_utils
from alembic import op

revision = "8d4f3a0b2e54"
down_revision = "7c3e2f9a1d43"
branch_labels = ()
depends_on = None


def upgrade():
    """Upgrade database."""
    op.create_table(
        "rodare_vcs_repository_settings",
        sa.Column("repository_id", sqlalchemy_utils.types.uuid.UUIDType(), nullable=False),
        sa.Column("robis_id", sa.String(length=16), nullable=True),
        sa.ForeignKeyConstraint(
            ["repository_id"], ["vcs_repositories.id"], ondelete="CASCADE",
            name=op.f("fk_rodare_vcs_repository_settings_repository_id_vcs_repositories")),
        sa.PrimaryKeyConstraint("repository_id", name=op.f("pk_rodare_vcs_repository_settings")),
    )


def downgrade():
    """Downgrade database."""
    op.drop_table("rodare_vcs_repository_settings")
