"""How much work each benchmark size does: quick (a few minutes) and full (under an hour)."""

SIZES = {
    "quick": {
        "records": [400],            # search/harvest corpus size, loaded by the bulk import
        "deposits": 15,              # draft + 1 MiB upload + publish, per variant
        "requests": {400: 30},       # samples per latency figure, per corpus size
        "harvest_limit": 300,        # records per harvest (rate over the first pages)
        "file_mib": 128,             # the large-file upload/download
        "load_users": 20,
        "load_seconds": 30,          # per variant
    },
    "full": {
        "records": [1000, 10000],
        "deposits": 200,
        "requests": {1000: 100, 10000: 30},  # fewer at 10,000: see below
        "harvest_limit": None,       # the whole corpus
        "file_mib": 1024,
        "load_users": 20,
        "load_seconds": 120,
    },
}
"""The issue's figures are the full size; quick scales them down to check the whole path.

The full size has to finish within the hour on 2 cores, and two steps dominate it: growing
the corpus from 1,000 to 10,000 records through the service layer (one importer per core:
36 minutes for 9,000 records in the run of 23 Nov) and the reads at 10,000, where the
embedded search server answers an empty query with facets in seconds, not milliseconds.
30 samples per latency figure at 10,000 (p95 is then the second-slowest) keep the reads
there to a few minutes per server.
"""
