"""Create the rodare_rdm_doi branch."""

revision = "5a1c0d7e9b21"
down_revision = None
branch_labels = ("rodare_rdm_doi",)
depends_on = "b822ba22c688"  # invenio_rdm_records' branch


def upgrade():
    """Upgrade database."""


def downgrade():
    """Downgrade database."""
