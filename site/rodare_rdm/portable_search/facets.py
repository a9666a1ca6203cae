"""Publication-date facet counted per year, the same on every search server; file-type and
resource-type facets counted per value (G7, ``counted.py``).

Upstream asks the server for a ``date_histogram`` over ``metadata.publication_date_range``
(a ``date_range`` field). OpenSearch puts a record into every year its range overlaps;
osmem rejects the request when it carries ``format`` (G1) and returns no buckets without
it (G5). This facet counts the same thing with one ``range`` filter per year (``INTERSECTS``
the year) over the span of years the index holds, with empty years between the first and
last filled in as ``min_doc_count: 0`` does. The span comes from the distinct publication
dates (EDTF: ``2020``, ``2020-05-17``, ``2018/2020``) of the published records in the
database, kept per process for ``RODARE_SEARCH_FACET_VALUES_TTL`` seconds. Records that
reach outside the span (published since) are counted too: one more filter catches them,
with a terms aggregation of ``metadata.publication_date`` (the EDTF string as a keyword)
inside it that only reads those records, and their years outside the span are added from
their EDTF values. So the count is exact whatever the span.

Without a span (no published record) the facet asks that terms aggregation over the whole
result set, as before: exact while the distinct publication dates of the result set are
fewer than ``RODARE_SEARCH_PUBLICATION_DATE_TERMS`` (beyond, a warning is logged).
Filtering is unchanged: the inherited range query on the ``date_range`` field with
``relation: INTERSECTS``, which both servers answer correctly.

On osmem a filter costs about a millisecond at 10,000 records, the terms aggregation about
a second (it reads every matching document).
"""

import re

from flask import current_app
from invenio_i18n import lazy_gettext as _
from invenio_records_resources.services.records.facets import DateFacet
from invenio_vocabularies.services.facets import VocabularyLabels
from opensearch_dsl import A, Q
from opensearch_dsl.utils import AttrDict

from .counted import CountedNestedTermsFacet, CountedTermsFacet, VocabularyValues
from .values import IndexedValues, PublicationDates

_YEAR = re.compile(r"^(-?\d{4})")


def edtf_years(value):
    """Years (as ints) covered by an EDTF level-0 date or interval; empty if unparsable."""
    parts = [p.strip() for p in str(value).split("/")]
    years = [int(m.group(1)) for m in (_YEAR.match(p) for p in parts) if m]
    if not years:
        return range(0)
    return range(min(years), max(years) + 1)


def _year_range(first, last, relation):
    """Dates from the first of January of ``first`` up to (not incl.) that of ``last + 1``."""
    return {"gte": f"{first:04d}-01-01", "lt": f"{last + 1:04d}-01-01", "relation": relation}


class PublicationDateFacet(DateFacet):
    """A per-year histogram of publication dates, counted with a filter per year."""

    def __init__(self, field, keyword_field, size=10000, values=None, **kwargs):
        """``field`` is the date_range field (filtered, counted per year); ``keyword_field``
        holds the EDTF strings; ``values`` returns the dates whose years make the span."""
        super().__init__(field=field, **kwargs)
        self._keyword_field = keyword_field
        self._size = size
        self._values = values or PublicationDates()

    def _terms(self):
        size = current_app.config.get("RODARE_SEARCH_PUBLICATION_DATE_TERMS", self._size)
        return A("terms", field=self._keyword_field, size=size)

    def _span(self):
        """(first, last) year of the values the index holds, or None."""
        dates = self._values()
        years = [y for value in dates or () for y in edtf_years(value)]
        if not years or min(years) < 1 or max(years) > 9998:  # 4-digit dates only
            return None
        return min(years), max(years)

    def get_aggregation(self):
        """A filter per year of the span, and the records outside it by their dates; the
        distinct dates (terms) when the span is not known."""
        span = self._span()
        if span is None:
            return self._terms()
        first, last = span
        counted = A("filter", Q("match_all"))
        counted.bucket("years", "filters", filters={
            f"{y:04d}": Q("range", **{self._field: _year_range(y, y, "INTERSECTS")})
            for y in range(first, last + 1)})
        outside = Q("bool", filter=[Q("exists", field=self._keyword_field)],
                    must_not=[Q("range", **{self._field: _year_range(first, last, "WITHIN")})])
        counted.bucket("outside", "filter", outside).bucket("dates", self._terms())
        return counted

    def _counts(self, data):
        """{year: records} from either form of the aggregation."""
        data = data.to_dict()
        if "years" in data:
            counts = {int(k): b["doc_count"] for k, b in data["years"]["buckets"].items()}
            span, dates = range(min(counts), max(counts) + 1), data["outside"]["dates"]
        else:
            counts, span, dates = {}, range(0), data
        if dates.get("sum_other_doc_count"):
            current_app.logger.warning(
                "publication-date facet truncated: raise RODARE_SEARCH_PUBLICATION_DATE_TERMS"
            )
        for bucket in dates["buckets"]:
            for year in edtf_years(bucket["key"]):
                if year not in span:  # inside the span, the year's filter counted it
                    counts[year] = counts.get(year, 0) + bucket["doc_count"]
        return {year: n for year, n in counts.items() if n}

    def _year_buckets(self, data):
        """Year buckets, oldest first, gaps filled."""
        counts = self._counts(data)
        if not counts:
            return AttrDict({"buckets": []})
        years = range(min(counts), max(counts) + 1)
        return AttrDict(
            {
                "buckets": [
                    {"key": f"{y:04d}", "key_as_string": f"{y:04d}", "doc_count": counts.get(y, 0)}
                    for y in years
                ]
            }
        )

    def get_values(self, data, filter_values):
        """Unlabelled year buckets."""
        return super().get_values(self._year_buckets(data), filter_values)

    def get_labelled_values(self, data, filter_values):
        """Labelled year buckets, as the search UI expects from a date facet."""
        return super().get_labelled_values(self._year_buckets(data), filter_values)


publication_date = PublicationDateFacet(
    field="metadata.publication_date_range",
    keyword_field="metadata.publication_date",
    label=_("Publication date"),
    interval="year",
    separator="..",
)


resource_type = CountedNestedTermsFacet(
    values=VocabularyValues("resourcetypes", "props.subtype", parent="props.type"),
    field="metadata.resource_type.props.type",
    subfield="metadata.resource_type.props.subtype",
    splitchar="::",
    label=_("Resource types"),
    value_labels=VocabularyLabels("resourcetypes"),
)
"""G7: upstream's resource-type facet (type, then subtype), counted per vocabulary entry."""


file_type = CountedTermsFacet(
    values=IndexedValues("files.types"),
    field="files.types",
    label=_("File type"),
    value_labels=lambda ids: {id: id.upper() for id in ids},
)
"""G7: upstream's file-type facet (``invenio_rdm_records.services.facets.filetype``), counted
per file type the index holds (``values.py``)."""
