"""Create the table of access-level changes."""

import sqlalchemy as sa
import sqlalchemy_utils
from alembic import op

revision = "2c7d2f805b12"
down_revision = "1b6c1e7f4a01"
branch_labels = ()
depends_on = None


def upgrade():
    """Upgrade database."""
    op.create_table(
        "rodare_access_level_change",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("created", sa.DateTime(), nullable=False),
        sa.Column("record_pid", sa.String(length=64), nullable=False),
        sa.Column("parent_id", sqlalchemy_utils.types.uuid.UUIDType(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("old_level", sa.String(length=16), nullable=True),
        sa.Column("new_level", sa.String(length=16), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["accounts_user.id"],
            name=op.f("fk_rodare_access_level_change_user_id_accounts_user"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rodare_access_level_change")),
    )
    for column in ("created", "record_pid", "parent_id"):
        op.create_index(
            op.f(f"ix_rodare_access_level_change_{column}"),
            "rodare_access_level_change", [column],
        )


def downgrade():
    """Downgrade database."""
    op.drop_table("rodare_access_level_change")
