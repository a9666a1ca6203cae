"""Indexing: the bulk indexer's queue, drained without failing on a benign version conflict."""
