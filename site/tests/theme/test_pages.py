"""The footer's policy pages: loaded from app_data at set-up, served per language, linked."""

import pytest
import yaml
from flask_babel import refresh
from invenio_app_rdm.fixtures import Pages
from invenio_db import db

from .test_translations import REPO

PAGES = yaml.safe_load((REPO / "app_data" / "pages.yaml").read_text())


@pytest.fixture(scope="module")
def pages(app, database):
    """The pages as ``invenio rdm fixtures`` loads them when an instance is set up."""
    with app.app_context():
        Pages().run(force=True)
    return PAGES


def test_pages_match_the_footer_routes(app):
    """Each page has a route of its own (APP_RDM_PAGES) and vice versa."""
    assert {p["url"] for p in PAGES} == set(app.config["RODARE_THEME_PAGES"].values())
    assert app.config["APP_RDM_PAGES"] == app.config["RODARE_THEME_PAGES"]


@pytest.mark.parametrize("lang, title", [("en", "Imprint"), ("de", "Impressum")])
def test_page_in_each_language(pages, client, lang, title):
    """/imprint answers in the visitor's language, title and text alike."""
    db.session.expire_all()
    refresh()  # the test's app context outlives a request: forget the last one's locale
    response = client.get(f"/imprint?ln={lang}")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert f"<h1>{title}</h1>" in html
    assert ("Deutschland" in html) == (lang == "de")


def test_footer_and_front_page_link_every_page(pages, client):
    """The front page carries the RODARE footer (no InvenioRDM links) and links every page."""
    html = client.get("/").get_data(as_text=True)
    for page in PAGES:
        assert f'href="{page["url"]}"' in html, page["url"]
    assert "inveniosoftware.org" not in html
    assert "successfully installed" not in html
    for page in PAGES:
        assert client.get(page["url"]).status_code == 200, page["url"]
