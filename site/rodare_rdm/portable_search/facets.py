"""Publication-date facet counted from the EDTF keyword, the same on every search server;
and upstream's resource-type facet, counted per vocabulary entry (G7, ``counted.py``).

Upstream asks the server for a ``date_histogram`` over ``metadata.publication_date_range``
(a ``date_range`` field). OpenSearch puts a record into every year its range overlaps;
osmem rejects the request when it carries ``format`` (G1) and returns no buckets without
it (G5). This facet asks for a ``terms`` aggregation on ``metadata.publication_date``
(the EDTF string as a keyword, e.g. ``2020``, ``2020-05-17`` or ``2018/2020``) and
expands every distinct value into the years it overlaps, which is exactly the range
histogram's semantics, with empty years between the first and last filled in as
``min_doc_count: 0`` does. Filtering is unchanged: the inherited range query on the
``date_range`` field with ``relation: INTERSECTS``, which both servers answer correctly.

The count is exact while the number of distinct publication dates in the result set is
below ``size`` (``RODARE_SEARCH_PUBLICATION_DATE_TERMS``); beyond it the server reports
``sum_other_doc_count`` and a warning is logged.
"""

import re

from flask import current_app
from invenio_i18n import lazy_gettext as _
from invenio_records_resources.services.records.facets import DateFacet
from invenio_vocabularies.services.facets import VocabularyLabels
from opensearch_dsl import A
from opensearch_dsl.utils import AttrDict

from .counted import CountedNestedTermsFacet, VocabularyValues

_YEAR = re.compile(r"^(-?\d{4})")


def edtf_years(value):
    """Years (as ints) covered by an EDTF level-0 date or interval; empty if unparsable."""
    parts = [p.strip() for p in str(value).split("/")]
    years = [int(m.group(1)) for m in (_YEAR.match(p) for p in parts) if m]
    if not years:
        return range(0)
    return range(min(years), max(years) + 1)


class PublicationDateFacet(DateFacet):
    """A per-year histogram of publication dates computed from a keyword field."""

    def __init__(self, field, keyword_field, size=10000, **kwargs):
        """``field`` is the date_range field used to filter; ``keyword_field`` is counted."""
        super().__init__(field=field, **kwargs)
        self._keyword_field = keyword_field
        self._size = size

    def get_aggregation(self):
        """Distinct publication dates with their document counts."""
        size = current_app.config.get("RODARE_SEARCH_PUBLICATION_DATE_TERMS", self._size)
        return A("terms", field=self._keyword_field, size=size)

    def _year_buckets(self, data):
        """Turn distinct EDTF values into year buckets, oldest first, gaps filled."""
        if data.to_dict().get("sum_other_doc_count"):
            current_app.logger.warning(
                "publication-date facet truncated: raise RODARE_SEARCH_PUBLICATION_DATE_TERMS"
            )
        counts = {}
        for bucket in data.buckets:
            for year in edtf_years(bucket.key):
                counts[year] = counts.get(year, 0) + bucket.doc_count
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
