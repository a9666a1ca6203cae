"""German for invenio-checks' texts on the request page.

invenio-checks 10.2.1 is released without its compiled catalogue (its wheel has the German
``messages.po`` but no ``messages.mo``), so its check names, the file-formats tab and the help
box stayed English on a German page. RODARE's catalogue carries them (with upstream's German),
marked here so the babel cycle keeps them. Remove this module when invenio-checks ships its
``.mo`` (``python -c "import invenio_checks, pathlib; print(list(pathlib.Path(
invenio_checks.__file__).parent.glob('translations/de/LC_MESSAGES/*.mo')))"``).
"""

from invenio_i18n import lazy_gettext as _

REQUEST_PAGE = [
    _("Metadata validation"),
    _("File formats check"),
    _("All files should be in open or scientific formats"),
    _(".{ext} is not a known open or scientific file format."),
    _("Using closed or proprietary formats hinders reusability and preservation of published files."),
    _("The following files are not using open or scientific formats:"),
    _("Editing in progress"),
    _("You're viewing checks and feedback results for unpublished changes."),
    _("The published version available to users may differ from what's shown here."),
    _("What is this about?"),
    _("These checks help ensure that your submission is compliant with this community's guidelines."),
    _("How do I fix warnings/errors?"),
    _('Go to the "Record" tab and click the orange "Edit" button. All errors and recommendations '
      'are displayed inline in the upload form.'),
]
"""The texts, in invenio-checks' words (its msgids)."""
