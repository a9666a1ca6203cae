"""How much work each benchmark size does: quick (a few minutes) and full (under an hour)."""

SIZES = {
    "quick": {
        "records": [400],            # search/harvest corpus size, loaded by the bulk import
        "deposits": 15,              # draft + 1 MiB upload + publish, per variant
        "requests": 30,              # samples per latency figure
        "harvest_limit": 300,        # records per harvest (rate over the first pages)
        "file_mib": 128,             # the large-file upload/download
        "load_users": 20,
        "load_seconds": 30,          # per variant
    },
    "full": {
        "records": [1000, 10000],
        "deposits": 200,
        "requests": 100,
        "harvest_limit": None,       # the whole corpus
        "file_mib": 1024,
        "load_users": 20,
        "load_seconds": 180,
    },
}
"""The issue's figures are the full size; quick scales them down to check the whole path."""
