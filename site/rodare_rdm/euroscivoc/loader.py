"""Load EuroSciVoc from a downloaded file with InvenioRDM's own datastream.

Upstream's datastream (``invenio_vocabularies.contrib.subjects.euroscivoc``) reads the EU
Publications Office over HTTP, which these machines cannot reach; RODARE keeps its RDF reader,
its transformer (ids ``euroscivoc:<notation>``, a title per language, the broader concepts in
``props.parents``) and its subjects writer, and reads the file someone downloaded instead
(``readers.FileBytesReader``). Entries are created or updated, never removed: records keep
their subjects. The scheme is registered too, so the deposit form offers "EuroSciVoc" under
"Suggest from".
"""

from pathlib import Path
from xml.sax import SAXException

from flask import current_app
from invenio_db import db
from invenio_records_resources.proxies import current_service_registry
from invenio_vocabularies.contrib.subjects.models import SubjectsMetadata
from invenio_vocabularies.datastreams import DataStreamFactory
from invenio_vocabularies.records.models import VocabularyScheme

SCHEME = "EuroSciVoc"
"""The scheme name upstream's transformer gives every entry."""

SCHEME_URI = "http://data.europa.eu/8mn/euroscivoc/"

DATASTREAM = {
    "readers": [{"type": "rodare-file"}, {"type": "rdf"}],
    "transformers": [{"type": "euroscivoc-transformer"}],
    "writers": [{"type": "subjects-service", "args": {"update": True}}],
}
"""Upstream's EuroSciVoc datastream with the file reader in place of the HTTP reader and the
writer run in this process (upstream's writes through Celery tasks, one per batch)."""


class NotRdf(Exception):
    """The file is not RDF/XML (or not readable as such)."""


def configured_file():
    """The file RODARE_EUROSCIVOC_FILE names (relative: in app_data), or None."""
    name = current_app.config.get("RODARE_EUROSCIVOC_FILE")
    if not name:
        return None
    path = Path(name)
    return path if path.is_absolute() else Path(current_app.instance_path) / "app_data" / path


def ensure_scheme():
    """The EuroSciVoc subject scheme (the deposit form lists the schemes of this table)."""
    if db.session.get(VocabularyScheme, (SCHEME, "subjects")) is None:
        VocabularyScheme.create(id=SCHEME, parent_id="subjects", name=SCHEME, uri=SCHEME_URI)
        db.session.commit()


def import_file(path):
    """Load the concepts of one EuroSciVoc file; return (loaded, [error messages])."""
    ensure_scheme()
    readers = [{**DATASTREAM["readers"][0], "args": {"origin": str(path)}},
               *DATASTREAM["readers"][1:]]
    stream = DataStreamFactory.create(readers_config=readers,
                                      transformers_config=DATASTREAM["transformers"],
                                      writers_config=DATASTREAM["writers"])
    loaded, errors = 0, []
    try:
        for result in stream.process():
            if result.errors:
                errors.extend(str(e) for e in result.errors)
            elif not result.filtered:
                loaded += 1
    except (SAXException, UnicodeDecodeError) as error:
        raise NotRdf(f"{path}: not RDF/XML ({error})")
    current_service_registry.get("subjects").indexer.refresh()
    return loaded, errors


def concepts():
    """``{id: {"title": {...}, "subject": ...}}`` of every EuroSciVoc concept in the database."""
    rows = db.session.query(SubjectsMetadata.json).filter(
        SubjectsMetadata.json["scheme"].as_string() == SCHEME)
    return {json["id"]: json for (json,) in rows}
