"""Create the rodare_rdm_vcs branch."""

revision = "7c3e2f9a1d43"
down_revision = None
branch_labels = ("rodare_rdm_vcs",)
depends_on = "1777230124"  # invenio_vcs's last recipe (vcs_repositories)


def upgrade():
    """Upgrade database."""


def downgrade():
    """Downgrade database."""
