"""The landing page tells the owners how long they may change the files, in their language."""

import pytest
from flask_babel import refresh


@pytest.mark.parametrize("lang, text", [
    ("en", "Files can be changed for 12 more days."),
    ("de", "Dateien können noch 12 Tage lang geändert werden."),
])
def test_owner_sees_days_left(as_user, published, on_day, lang, text):
    """Day 17 (and 11 hours): 12 days left, a link to the form; strangers see nothing."""
    refresh()  # the test's app context outlives a request: forget the last one's locale
    with on_day(published, 17, hours=11):
        page = as_user("owner").get(f"/records/{published.id}?ln={lang}").get_data(as_text=True)
        refresh()
        other = as_user("stranger").get(f"/records/{published.id}").get_data(as_text=True)
    assert text in page and f'href="/uploads/{published.id}"' in page
    assert 'id="rodare-file-window-notice"' not in other


def test_last_day_in_hours(as_user, published, on_day):
    """Under a day left: hours."""
    with on_day(published, 29, hours=19):
        page = as_user("owner").get(f"/records/{published.id}").get_data(as_text=True)
    assert "Files can be changed for 4 more hours." in page


def test_after_the_window_a_new_version(as_user, published, on_day):
    """Day 31: the owners are told that a file change needs a new version."""
    with on_day(published, 31):
        page = as_user("owner").get(f"/records/{published.id}").get_data(as_text=True)
    assert "create a new version to add, replace or delete files" in page


@pytest.mark.parametrize("level", ["restricted", "closed"])
def test_restricted_and_closed_follow_their_level(as_user, api, publish_at_level, on_day,
                                                  change_files, level):
    """The owners change the files of a restricted or closed record; the new file is as
    withheld as the old one was."""
    record = publish_at_level(level)
    with on_day(record, 29):
        owner = as_user("owner")
        assert change_files(owner, record.id)["delete"].status_code == 204
        assert owner.post(f"/api/records/{record.id}/draft/actions/publish").status_code == 202
        content = f"/api/records/{record.id}/files/notes.txt/content"
        assert owner.get(content).status_code == 200
        assert as_user("stranger").get(content).status_code == 403
        assert api.get(content).status_code == 403
