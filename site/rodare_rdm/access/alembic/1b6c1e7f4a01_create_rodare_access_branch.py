"""Create the rodare_rdm_access branch."""

revision = "1b6c1e7f4a01"
down_revision = None
branch_labels = ("rodare_rdm_access",)
depends_on = "b822ba22c688"  # invenio_rdm_records' branch


def upgrade():
    """Upgrade database."""


def downgrade():
    """Downgrade database."""
