"""The deposit form's level field gets the levels from ``access/levels.py``, defined nowhere else.

``rodare_rdm/access/deposit.html`` (APP_RDM_DEPOSIT_FORM_TEMPLATE) puts them in the page as a
hidden input, the way upstream hands the form its record; ``AccessLevelField.js`` keeps only
its own wording of who gets the files, keyed by level.
"""

import json
import re
from pathlib import Path

import pytest
from flask import render_template
from flask_babel import refresh
from invenio_app_rdm.records_ui.views.deposits import new_record
from invenio_rdm_records.proxies import current_rdm_records_service as records_service

import rodare_rdm
from rodare_rdm.access.levels import LEVELS, UI
from rodare_rdm.access.ui import deposit_form_levels

FIELD = (Path(rodare_rdm.__file__).parent / "assets" / "semantic-ui" / "js" / "rodare_rdm"
         / "access" / "AccessLevelField.js")
SERVED = re.compile(r"""name="rodare-access-levels"\s+value='([^']*)'""")


def served(app, record, language="en"):
    """The levels the deposit page (the configured template) gives the form of ``record``.

    The template is rendered as upstream's deposit views render it, with the record they
    pass; the rest of their context (the form's config: vocabularies, quota, ...) is empty.
    """
    with app.test_request_context(f"/uploads/new?ln={language}"):
        refresh()  # the test's app context outlives a request: forget the last one's locale
        page = render_template(
            app.config["APP_RDM_DEPOSIT_FORM_TEMPLATE"], record=record, community=None,
            community_ui=None, community_use_jinja_header=False, preselectedCommunity=None,
            files=None, files_locked=False, forms_config={}, permissions={},
            record_deletion={}, file_modification={})
    return json.loads(SERVED.search(page).group(1))


def test_a_new_upload_gets_the_levels_and_starts_open(app, running_app):
    """Ids in order of strictness, with the landing page's titles, icons and colours."""
    with app.test_request_context():
        record = new_record()
    assert served(app, record) == {
        "levels": [
            {"id": level, "title": str(UI[level]["title"]), "icon": UI[level]["icon"],
             "color": UI[level]["color"]}
            for level in LEVELS
        ],
        "level": "open",
    }


def test_the_titles_follow_the_language(app, running_app):
    """The form says the levels' names in the page's language, as the landing page does."""
    with app.test_request_context():
        record = new_record()
    assert [level["title"] for level in served(app, record, language="de")["levels"]] == [
        "Offen", "Gesperrt (Embargo)", "Eingeschränkt", "Geschlossen"]


def test_a_draft_opens_at_its_level(app, people, level_data, custom_field_mappings):
    """The form of an existing draft starts at the level the service stored."""
    draft = records_service.create(people["owner"].identity, level_data("restricted"))
    assert served(app, draft.to_dict())["level"] == "restricted"


@pytest.mark.parametrize("record, level", [
    ({}, "open"),
    ({"access": {"files": "restricted"}}, "restricted"),
    ({"access": {"files": "restricted", "embargo": {"active": True}}}, "embargoed"),
    ({"access": {"files": "restricted"}, "custom_fields": {"rodare:access_level": "closed"}},
     "closed"),
])
def test_a_draft_without_a_level_gets_the_derived_one(app, record, level):
    """Drafts made before the level existed: the service's derivation rule, not the form's."""
    with app.test_request_context():
        assert deposit_form_levels(record)["level"] == level


def test_the_form_words_every_level_and_defines_none():
    """AccessLevelField.js has a sentence for each level and no list, icon or colour of its own."""
    source = FIELD.read_text()
    block = re.search(r"const WHO_GETS_FILES = \{(.*?)\n\};", source, re.S).group(1)
    assert re.findall(r"^\s+(\w+):", block, re.M) == list(LEVELS)
    for level in LEVELS:
        assert f'"{UI[level]["icon"]}"' not in source and "color:" not in source
