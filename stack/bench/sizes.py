"""How much work each benchmark size does: quick (a few minutes), full (under an hour) and
huge (the reads, a rebuild's rate and a restart at 100,000 records, about an hour)."""

SIZES = {
    "quick": {
        "records": [300, 600],       # corpus sizes read: imported, then grown by copies
        "deposits": 15,              # draft + 1 MiB upload + publish, per variant
        "requests": {300: 30, 600: 30},  # samples per latency figure, per corpus size
        "harvest_limit": 300,        # records per harvest (rate over the first pages)
        "file_mib": 128,             # the large-file upload/download
        "load_users": 20,
        "load_seconds": 30,          # per variant
        "migration_records": 20,     # legacy records imported (RODARE only; ~0.7 s each)
    },
    "full": {
        "records": [1000, 10000],
        "deposits": 200,
        "requests": {1000: 100, 10000: 30},  # fewer at 10,000: see below
        "harvest_limit": None,       # the whole corpus
        "file_mib": 1024,
        "load_users": 20,
        "load_seconds": 120,
        "migration_records": 200,    # the 5,000 of the issue: stack.bench.migration
    },
    "huge": {
        "records": [1000, 100000],
        "reads_at": [100000],        # 1,000 and 10,000 are full's figures
        "variants": ["rodare", "stock"],  # the dev server's cost does not grow with the corpus
        "deposits": 0,               # writes, migration and load: full's (0 = not measured)
        "requests": {100000: 10},
        "search_untimed": 3,         # samples of a search in the app without the 10 s timeout
        "harvest_limit": 1000,       # ten pages from the start of the list
        "file_mib": 0,
        "load_users": 0,
        "load_seconds": 0,
        "migration_records": 0,
        "rebuild_sample": 3000,      # records indexed as a rebuild does: its rate (reindex_sample.py)
        "restart": True,             # a clean stop and start: the saved index put back
    },
}
"""The issue's figures are the full size; quick scales them down to check the whole path.

The full size has to finish within the hour on 2 cores. The first 1,000 records come
through the service layer (the bulk-import figure); the corpus then grows to 10,000 by
copying them in the database and bulk-indexing (``corpus.py``, about 4 minutes), since 9,000
more through the service layer took 36 minutes. The reads at 10,000 dominate what is
left: the embedded search server answers an empty query with facets in seconds, not
milliseconds, so 30 samples per latency figure there (p95 is then the second-slowest) keep
them to a few minutes per server.

The huge size (issue 26, item 6) asks what 100,000 records cost, which is what
HZDR's repository may hold after a few years: it reads only at that size (1,000 and 10,000
are the full size's; ``stack.bench.bysize`` puts the three side by side) and adds what
grows with the corpus and nothing else:

- the landing page, the REST read of one record, search (text and empty query) and the
  first ``harvest_limit`` records of a harvest per format (the rate of a harvester's first
  pages; a whole harvest of 100,000 is 1,000 pages, an hour at today's rate);
- the time a search takes in the app with the search client's timeout lifted
  (``search_time.py``): over HTTP a search longer than 10 s answers 503, an error without a
  time;
- the time to rebuild the search index from PostgreSQL (``python -m stack.instance
  reindex``, what a start runs after a crash, a restore or a change of code, and the
  supervisor after a restart of the search server): projected from the rate of
  ``rebuild_sample`` records indexed as the rebuild does, at 100,000 (``reindex_sample.py``;
  the whole rebuild is about two hours at 13–18 records/s);
- a clean stop and start of the stack, as an operator's restart: the stop saves the search
  index, the start puts it back (``stack/kept_index.py``);
- the peak memory of every process, which the index of 100,000 records sets.

The corpus grows by copies (``corpus.py``) from the first 1,000 imported through the service
layer, as the full size does: rows inserted, documents copied and bulk-loaded, the first
copies checked against upstream's indexer. RODARE and stock only: the development server's cost over gunicorn is per
request (full measures it), and a third variant would add a third of the reads.
"""

VARIANTS = ("rodare", "stock", "development")
"""Every web server the bench can measure (stack/bench/__init__.py)."""


def reads_at(cfg):
    """The corpus sizes at which a size reads (every size it grows to, unless it names some)."""
    return cfg.get("reads_at", cfg["records"])


def variants(cfg):
    """The web servers a size measures, in ``VARIANTS``' order."""
    return [v for v in VARIANTS if v in cfg.get("variants", VARIANTS)]
