"""Create the table of embargo events."""

import sqlalchemy as sa
import sqlalchemy_utils
from alembic import op

revision = "4e9f4ba27d32"
down_revision = "3d8e3a916c21"
branch_labels = ()
depends_on = None


def upgrade():
    """Upgrade database."""
    op.create_table(
        "rodare_embargo_event",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("created", sa.DateTime(), nullable=False),
        sa.Column("record_pid", sa.String(length=64), nullable=False),
        sa.Column("parent_id", sqlalchemy_utils.types.uuid.UUIDType(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("action", sa.String(length=16), nullable=False),
        sa.Column("old_until", sa.Date(), nullable=True),
        sa.Column("new_until", sa.Date(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"], ["accounts_user.id"],
            name=op.f("fk_rodare_embargo_event_user_id_accounts_user"), ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rodare_embargo_event")),
    )
    for column in ("created", "record_pid", "parent_id"):
        op.create_index(op.f(f"ix_rodare_embargo_event_{column}"), "rodare_embargo_event",
                        [column])


def downgrade():
    """Downgrade database."""
    op.drop_table("rodare_embargo_event")
