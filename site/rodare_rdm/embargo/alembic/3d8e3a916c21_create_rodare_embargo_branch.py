"""Create the rodare_rdm_embargo branch."""

revision = "3d8e3a916c21"
down_revision = None
branch_labels = ("rodare_rdm_embargo",)
depends_on = "b822ba22c688"  # invenio_rdm_records' branch


def upgrade():
    """Upgrade database."""


def downgrade():
    """Downgrade database."""
