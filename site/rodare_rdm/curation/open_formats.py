"""RODARE's file-format check: upstream's, with its texts kept in every language.

invenio-checks' ``file_formats`` check stores its title and description translated into the
language of whoever saved the draft, and the request page shows that stored text: a German
depositor's run reads German to an English curator. ``open_formats`` is the same check (the
same known-formats file, parameters and per-file messages) that stores the title and the
description per language, ``{"en": ..., "de": ...}``, which the request page translates when
it shows them. Registered through invenio-checks' ``invenio_checks.check_types`` entry point.
"""

from flask import current_app
from flask_babel import force_locale
from invenio_checks.contrib.file_formats import FileFormatsCheck
from invenio_i18n import lazy_gettext as _


def in_languages(text):
    """A curator's text as it is (a string or a dict by language), a message id in each of
    the site's languages."""
    if isinstance(text, (str, dict)):
        return text
    languages = [current_app.config.get("BABEL_DEFAULT_LOCALE", "en"),
                 *(code for code, _name in current_app.config.get("I18N_LANGUAGES", []))]
    texts = {}
    for language in languages:
        with force_locale(language):
            texts[language] = str(text)
    return texts


class OpenFormatsCheck(FileFormatsCheck):
    """Open and scientific file formats (app_data/file_formats.yaml)."""

    id = "open_formats"
    title = _("Open file formats")
    description = _("Whether the files are in open or scientific formats.")
    sort_order = 20

    def run(self, record, config):
        """Upstream's result, with title and description in every language."""
        result = super().run(record, config)
        params = config.params
        result.title = in_languages(params.get("title", self.default_messages["title"]))
        result.description = in_languages(params.get(
            "closed_format_description", self.default_messages["closed_format_description"]))
        return result
