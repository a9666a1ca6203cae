"""Readers (and the way back) of the legacy fields that say where a work appeared: the
journal, the conference, the thesis and the book (imprint) it is part of.

They go into invenio-rdm-records' own custom fields (``contrib``: ``journal:journal``,
``meeting:meeting``, ``thesis:thesis``, ``imprint:imprint``), one legacy field to one key
(``tables.BIBLIOGRAPHIC``), with the checks those fields make (ISBN, conference URL) made
here so that a bad value is a field message, not a refused draft:

=============================== ================================================================
legacy                          RDM
=============================== ================================================================
journal_title/_volume/_issue/   ``journal:journal`` {title, volume, issue, pages}
_pages
conference_title/_acronym/      ``meeting:meeting`` {title, acronym, dates, place, url, session,
_dates/_place/_url/_session/    session_part}
_session_part
thesis_university               ``thesis:thesis`` {university}
thesis_supervisors [{name,      ``metadata.contributors`` with the role ``supervisor`` (back as
affiliation, orcid, gnd}]       contributors of type Supervisor, as legacy Zenodo listed them too)
partof_title/_pages,            ``imprint:imprint`` {title, pages, isbn, place}
imprint_isbn/_place
=============================== ================================================================

``imprint_publisher`` (the book's publisher) has no home: upstream's imprint field has no
publisher, and ``metadata.publisher`` is the DOI's publisher, which stays the repository
(``doi/dumpers.py``). It is refused (API) and reported (migration) like any unknown field.
"""

import idutils
from invenio_i18n import lazy_gettext as _

from . import tables

CHECKS = {
    "imprint_isbn": (idutils.is_isbn, _("Not a valid ISBN.")),
    "conference_url": (lambda url: idutils.is_url(url) and url.startswith(("http://", "https://")),
                       _("Not a valid URL.")),
}
"""The legacy fields whose custom field validates its value."""


def custom_fields(reader):
    """The ``journal:``, ``meeting:``, ``thesis:`` and ``imprint:`` custom fields."""
    custom = {}
    for name, keys in tables.BIBLIOGRAPHIC.items():
        value = {}
        for legacy, key in keys.items():
            text = reader.get(legacy, str)
            if not text:
                continue
            text = text.strip()
            valid, message = CHECKS.get(legacy, (None, None))
            if valid and not valid(text):
                reader.fail(legacy, message)
                continue
            value[key] = text
        if value:
            custom[name] = value
    return custom


def custom_fields_out(custom):
    """The custom fields as their legacy fields; one with keys legacy has not (a journal's
    ISSN, a thesis's department) is left out, so a legacy ``PUT`` keeps it whole."""
    out = {}
    for name, keys in tables.BIBLIOGRAPHIC.items():
        value = custom.get(name) or {}
        if set(value) - set(keys.values()):
            continue
        out.update({legacy: value[key] for legacy, key in keys.items() if value.get(key)})
    return out


def supervisors(reader, person):
    """``thesis_supervisors`` as contributors; ``person`` reads one (``fields.person``)."""
    result = []
    for index, entry in reader.items("thesis_supervisors"):
        who = person(reader, entry, f"{reader.path}.thesis_supervisors.{index}")
        if who:
            result.append({**who, "role": {"id": tables.SUPERVISOR}})
    return result
