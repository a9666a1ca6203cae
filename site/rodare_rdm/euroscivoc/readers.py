"""A datastream reader that hands a local file's bytes to upstream's RDF reader.

InvenioRDM's EuroSciVoc datastream starts with an HTTP reader of the EU Publications Office;
its RDF reader takes bytes or a gzip file. This reader is the HTTP reader's stand-in for a
file someone downloaded: plain or gzipped RDF/XML.
"""

import gzip

from invenio_vocabularies.datastreams.errors import ReaderError
from invenio_vocabularies.datastreams.readers import BaseReader

GZIP_MAGIC = b"\x1f\x8b"


class FileBytesReader(BaseReader):
    """Yield the whole content of ``origin``, un-gzipped when it is gzipped."""

    def __init__(self, origin=None, *args, **kwargs):
        """``origin`` is the file's path."""
        super().__init__(origin=origin, mode="rb", *args, **kwargs)

    def _iter(self, fp, *args, **kwargs):
        content = fp.read()
        if content[:2] == GZIP_MAGIC:
            try:
                content = gzip.decompress(content)
            except (OSError, EOFError) as error:
                raise ReaderError(f"{self._origin}: not a readable gzip file ({error})")
        yield content

    def read(self, item=None, *args, **kwargs):
        """The file's bytes, once."""
        if item is not None:
            raise ReaderError("FileBytesReader reads a file of its own, it follows no reader")
        yield from super().read(*args, **kwargs)
