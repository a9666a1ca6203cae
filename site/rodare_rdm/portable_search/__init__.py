"""Search requests that give the same, correct answer on OpenSearch 2.x and on osmem.

RODARE runs on real OpenSearch in production and on the in-memory osmem-server in the
embedded default and the tests. Where InvenioRDM sends a request that osmem cannot answer,
RODARE sends a different request whose answer is correct on both, never a backend switch:

| gap | upstream request                          | RODARE's request                            | module        |
|-----|-------------------------------------------|---------------------------------------------|---------------|
| G1  | date_histogram + format on a date_range   | terms on the EDTF keyword, years counted    | facets.py     |
| G5  | date_histogram without format (no buckets)| in Python exactly as a range histogram does |               |
| G2  | percolate (setSpecs of OAI-PMH records)   | filters aggregation of the set queries      | oaipmh/sets.py  |
| G3  | has_child + inner_hits (request timeline) | has_child alone; previews from one filters  | timeline.py   |
|     |                                           | agg (parent_id) + top_hits, as inner_hits   |               |
| G4  | _source include of a dotted key           | unfiltered _source: whole vocabulary entry  | vocabularies.py |
| G6  | data stream for job logs (invenio-jobs)   | plain index, same mapping, higher-priority  | index_templates/ |
|     |                                           | index template                              |               |
| G7  | terms aggregations of every facet: osmem  | one term filter per known value (access     | counted.py    |
|     | reads each matching document for each     | levels, vocabularies) in a filters          |               |
|     | (9 s for 8 facets at 10,000 records)      | aggregation, buckets shaped as terms';      |               |
|     |                                           | file types: the values the index holds, kept| values.py,    |
|     |                                           | through every write; publication date: a    | tracked.py,   |
|     |                                           | range filter per year, records outside the  | facets.py     |
|     |                                           | span added                                  |               |

Beside the gaps, search answers of the published records are kept in Redis until the next
write to their index, keyed on the whole request (which carries the permission filter):
``transport.py``, with the write generations in ``generation.py``.

Checked and needing no change (each has a test in ``site/tests/portable_search/``): every
sort and facet of the record, dashboard, community and request searches; vocabulary
autocomplete; usage statistics (index templates with aliases, aggregations, the "most
viewed" sort). G2 lives with the OAI-PMH verbs that ask it (``rodare_rdm/oaipmh/sets.py``).

The feature's settings keep the shorter prefix ``RODARE_SEARCH_*`` (``config.py``), and its
extension the key ``app.extensions["rodare-search"]``: they name what is tuned (search
requests), and deployments that set them need no change.
"""
