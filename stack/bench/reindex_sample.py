"""Index a sample of the corpus with upstream's indexer: the rate of a rebuild at the
corpus's size, without the hours of a whole one.

A rebuild of the embedded stack's index from PostgreSQL (``stack.instance reindex``: after a
crash, a restore, or a change of code or settings) indexes every record through upstream's
indexer, 13–18 records/s on 2 cores at 10,000 records: about two hours at 100,000, longer than
the huge size can wait on. Its time is the number of records over that rate plus a fixed
part (indices, vocabularies; seconds). This indexes the ``COUNT`` oldest records the way the
rebuild does (their ids queued, the bulk queue processed), over the whole corpus's index and
statistics, and prints one JSON line with the count and the seconds; the bench projects
the whole rebuild from it.

Run inside the app's environment: ``python -m stack.bench.reindex_sample COUNT``.
"""

import json
import sys
import time

OLDEST = """
    SELECT id FROM rdm_records_metadata
    WHERE json IS NOT NULL AND deletion_status = 'P' ORDER BY created LIMIT :count
"""


def main(count):
    """Index ``count`` records; print {"records": n, "seconds": s}."""
    from invenio_app.factory import create_api
    from invenio_db import db
    from invenio_rdm_records.proxies import current_rdm_records_service as service
    from sqlalchemy import text

    app = create_api()
    with app.app_context():
        ids = [row.id for row in db.session.execute(text(OLDEST), {"count": count})]
        start = time.perf_counter()
        service.indexer.bulk_index(ids)
        service.indexer.process_bulk_queue()
        took = time.perf_counter() - start
    print(json.dumps({"records": len(ids), "seconds": took}))


if __name__ == "__main__":
    main(int(sys.argv[1]))
