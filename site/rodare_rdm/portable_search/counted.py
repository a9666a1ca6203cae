"""Facets over closed lists of values, counted with one filter per value (G7).

osmem answers a field-value aggregation (``terms``, ``value_count``, ``cardinality``...) by
reading every matching document, about 90 µs per document and aggregation: the record
search's empty query with its eight facets took 9 s at 10,000 records. A ``filters``
aggregation is answered from the index, about 1 ms per filter there. Where a facet's values
come from a closed list (the access levels, a vocabulary), RODARE counts them with a
``filters`` aggregation, one ``term`` filter per known value, and hands upstream's facet
code the buckets a ``terms`` aggregation returns: values that have documents, most documents
first and then by key, at most ``size`` of them. On OpenSearch the same request costs about
what a terms aggregation costs. Facets with open values (file types, publication dates)
take their list from the index itself, kept current through every write (``values.py``,
``tracked.py``), and ask a
terms aggregation while that list is not known.

Filtering is untouched: a selected value still becomes upstream's ``terms`` post-filter.
Counting only known values is exact because the values are validated against the same
list when a record is saved; the vocabulary lists are read from the database and kept per
process for ``RODARE_SEARCH_FACET_VALUES_TTL`` seconds (a vocabulary reload adds entries
rarely; upstream keeps facet labels for an hour in the same way).
"""

import time

from flask import current_app
from invenio_db import db
from invenio_records_resources.services.records.facets import NestedTermsFacet, TermsFacet
from invenio_vocabularies.records.models import VocabularyMetadata
from opensearch_dsl import A, Q
from opensearch_dsl.utils import AttrDict


def _terms_shaped(keyed, size):
    """The keyed buckets of a filters aggregation (a dict), as a terms aggregation lists them."""
    out = []
    for key, bucket in keyed.items():
        if not bucket["doc_count"]:
            continue
        entry = {"key": key, "doc_count": bucket["doc_count"]}
        if "inner" in bucket:
            entry["inner"] = {"buckets": _terms_shaped(bucket["inner"]["buckets"], size)}
        out.append(entry)
    out.sort(key=lambda b: (-b["doc_count"], b["key"]))
    return out[:size]


def _filters(field, values):
    """One term filter per value; with no values (an empty vocabulary), one that matches
    nothing, since the servers refuse a filters aggregation without filters."""
    filters = {value: Q("term", **{field: value}) for value in values}
    return A("filters", filters=filters or {"": Q("match_none")})


class CountedTermsFacet(TermsFacet):
    """A terms facet whose buckets are counted with a filters aggregation over ``values``.

    ``values`` is a list, or a callable returning one (see :class:`VocabularyValues`) or
    None when the values are not known now (``values.IndexedValues``): then the facet asks
    upstream's terms aggregation, whose buckets it passes on unchanged.
    """

    def __init__(self, values, size=10, **kwargs):
        """``size`` is the most buckets returned, as in a terms aggregation (default 10)."""
        self._values, self._size = values, size
        super().__init__(**kwargs)

    def values(self):
        """The closed list of values this facet counts (None: not known now)."""
        values = self._values() if callable(self._values) else self._values
        return None if values is None else list(values)

    def get_aggregation(self):
        """One term filter per known value; a terms aggregation when they are not known."""
        values = self.values()
        if values is None:
            return A("terms", field=self._params["field"], size=self._size)
        return _filters(self._params["field"], values)

    def _as_terms(self, data):
        buckets = data.to_dict()["buckets"]
        if isinstance(buckets, list):  # the terms aggregation answered
            return data
        return AttrDict({"buckets": _terms_shaped(buckets, self._size)})

    def get_values(self, data, filter_values):
        """Upstream's unlabelled buckets, from the terms-shaped counts."""
        return super().get_values(self._as_terms(data), filter_values)

    def get_labelled_values(self, data, filter_values):
        """Upstream's labelled buckets, from the terms-shaped counts."""
        return super().get_labelled_values(self._as_terms(data), filter_values)


_PARENT = "parent:"
"""Prefix of the sub-aggregation names of :class:`CountedNestedTermsFacet`."""


class CountedNestedTermsFacet(NestedTermsFacet):
    """Upstream's two-level terms facet (resource type and subtype), counted with filters.

    ``values`` returns ``{parent: [child, ...]}``; each parent bucket holds a filters
    aggregation over its own children, as upstream's inner terms aggregation does.
    """

    def __init__(self, values, size=10, **kwargs):
        """``size`` limits parents and children alike, as upstream's terms aggregations."""
        self._values, self._size = values, size
        super().__init__(**kwargs)

    def get_aggregation(self):
        """A filter per parent value, each with a filter per child value inside.

        A ``filters`` aggregation gives all its buckets the same sub-aggregations, but each
        parent counts only its own children: so each parent is a ``filter`` aggregation of
        its own, gathered under one ``filter`` aggregation that matches everything.
        """
        outer = A("filter", Q("match_all"))
        for parent, children in self._values().items():
            agg = A("filter", Q("term", **{self._field: parent}))
            if children:
                agg.bucket("inner", _filters(self._subfield, children))
            outer.bucket(f"{_PARENT}{parent}", agg)
        return outer

    def _as_terms(self, data):
        keyed = {name[len(_PARENT):]: {"inner": {"buckets": {}}, **bucket}
                 for name, bucket in data.to_dict().items() if name.startswith(_PARENT)}
        return AttrDict({"buckets": _terms_shaped(keyed, self._size)})

    def get_values(self, data, filter_values, key_prefix=None):
        """Upstream's unlabelled nested buckets."""
        if key_prefix is None:
            data = self._as_terms(data)
        return super().get_values(data, filter_values, key_prefix=key_prefix)

    def get_labelled_values(self, data, filter_values, bucket_label=True, key_prefix=None):
        """Upstream's labelled nested buckets."""
        if key_prefix is None:
            data = self._as_terms(data)
        return super().get_labelled_values(data, filter_values, bucket_label=bucket_label,
                                           key_prefix=key_prefix)


class VocabularyValues:
    """The values of one property over a vocabulary's entries, read from the database.

    ``path`` is a dotted path into an entry (``id``, ``props.facility``); with ``parent``,
    the values are grouped by that property (``{type: [subtype, ...]}``), empty ones left
    out. Kept per process and application for ``RODARE_SEARCH_FACET_VALUES_TTL`` seconds.
    """

    def __init__(self, vocabulary, path="id", parent=None):
        """Which vocabulary and property."""
        self.vocabulary, self.path, self.parent = vocabulary, path, parent

    @staticmethod
    def _get(entry, path):
        for part in path.split("."):
            entry = entry.get(part) if isinstance(entry, dict) else None
        return entry

    def _read(self):
        rows = db.session.query(VocabularyMetadata.json).filter(
            VocabularyMetadata.json["type"]["id"].as_string() == self.vocabulary)
        entries = [json for (json,) in rows]
        if self.parent is None:
            return sorted({v for v in (self._get(e, self.path) for e in entries) if v})
        grouped = {}
        for entry in entries:
            parent, value = self._get(entry, self.parent), self._get(entry, self.path)
            if parent:
                children = grouped.setdefault(parent, set())
                if value:
                    children.add(value)
        return {parent: sorted(children) for parent, children in sorted(grouped.items())}

    def __call__(self):
        """The values, from this process's copy while it is fresh."""
        store = current_app.extensions["rodare-search"].facet_values
        key = (self.vocabulary, self.path, self.parent)
        now = time.monotonic()
        hit = store.get(key)
        if hit is None or hit[0] <= now:
            ttl = current_app.config["RODARE_SEARCH_FACET_VALUES_TTL"]
            hit = store[key] = (now + ttl, self._read())
        return hit[1]
