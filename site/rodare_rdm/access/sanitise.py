"""Access conditions are HTML: clean them with upstream's sanitiser, on the way in and in place.

The conditions of a restricted record become the parent's ``accept_conditions_text``, which
upstream's landing page renders with ``| safe`` and upstream's own form writes through its
``SanitizedHTML`` field. Ours must hold to the same rule, or a depositor's markup runs in
every visitor's browser (issue 19). ``clean_stored`` repairs what was stored before.
"""

from invenio_db import db
from invenio_rdm_records.proxies import current_rdm_records_service as records_service
from invenio_rdm_records.records.api import RDMDraft, RDMParent, RDMRecord

from ..markup.html import sanitised_html
from .levels import CONDITIONS_FIELD


def sanitise_conditions(value):
    """``value`` as upstream's parent schema would store it (``None`` and ``""`` unchanged)."""
    return sanitised_html(value)


def _with_conditions(record_cls):
    model = record_cls.model_cls
    return model.query.filter(model.json["custom_fields"][CONDITIONS_FIELD].as_string().isnot(None))


def _clean_custom_field(record_cls, kind):
    changed = []
    for model in _with_conditions(record_cls):
        record = record_cls(model.data, model=model)
        value = record["custom_fields"][CONDITIONS_FIELD]
        clean = sanitise_conditions(value)
        if clean != value:
            record["custom_fields"] = {**record["custom_fields"], CONDITIONS_FIELD: clean}
            record.commit()
            changed.append((kind, record))
    return changed


def _clean_parents():
    model = RDMParent.model_cls
    text = model.json["access"]["settings"]["accept_conditions_text"].as_string()
    query = model.query.filter(text.isnot(None))
    changed = []
    for parent_model in query:
        parent = RDMParent(parent_model.data, model=parent_model)
        value = parent.access.settings.accept_conditions_text
        clean = sanitise_conditions(value)
        if clean != value:
            parent.access.settings.accept_conditions_text = clean
            parent.commit()
            changed.append(("parent", parent))
    return changed


def clean_stored():
    """Sanitise every stored copy of the conditions and re-index what changed.

    Returns ``(kind, id)`` pairs, kind being ``record``, ``draft`` or ``parent``. Running it
    again finds nothing: the sanitiser's output is a fixed point.
    """
    changed = [*_clean_custom_field(RDMRecord, "record"), *_clean_custom_field(RDMDraft, "draft"),
               *_clean_parents()]
    db.session.commit()
    for kind, item in changed:
        if kind == "record":
            records_service.indexer.index(item)
        elif kind == "draft":
            records_service.draft_indexer.index(item)
        else:  # the parent is part of every version's document
            for record in RDMRecord.get_records_by_parent(item):
                records_service.indexer.index(record)
    return [(kind, item.pid.pid_value) for kind, item in changed]
