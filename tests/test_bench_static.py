"""The benchmark's static-file scenario asks for a file the instance serves."""

from rodare_rdm import config

from stack.bench.run import STATIC_FILE
from stack.supervisor import REPO


def test_the_static_file_is_the_themes_logo_and_exists():
    """The file is the logo every page loads, and the repository's static folder has it."""
    assert STATIC_FILE == f"/static/{config.THEME_LOGO}"
    assert (REPO / STATIC_FILE.lstrip("/")).is_file()
