"""The storage factory (``FILES_REST_STORAGE_FACTORY``): a file is on S3 or in the local folder
by its URI, and each kind keeps the fixity refusal.

- ``s3://...``: invenio-s3's storage (s3fs: uploads streamed in blocks, multipart for large
  files, the parts of a multipart transfer presigned straight to S3) under the fixity
  feature's checks. Its ``send_file`` answers a 302 to a presigned URL: the resource calls it
  only after the service has checked the permission, and the fixity check before it refuses
  a failed or missing object with the 503, so neither a stranger nor a corrupt file gets a URL.
- anything else: the downloads feature's storage (local folder, nginx's ``X-Accel-Redirect``),
  exactly as before this feature.

So one instance can hold files in both places at once: the move command switches files one
at a time (move.py), and every file is served from wherever its URI says it is.
"""

from invenio_s3.storage import S3FSFileStorage

from ..downloads.storage import AccelStorage
from ..fixity.storage import FixityMixin, fixity_storage_factory


class S3Storage(FixityMixin, S3FSFileStorage):
    """invenio-s3's storage that refuses an object whose last check failed or that is gone."""

    def exists(self):
        """Whether the object is on S3, asked now: s3fs shares one file system object per
        connection, whose listing cache could still hold an object deleted behind our back."""
        fs, path = self._get_fs()
        fs.invalidate_cache(path)
        return fs.exists(path)


def storage_class(fileurl, **kwargs):
    """The storage for ``fileurl``: :class:`S3Storage` on S3, the local folder's otherwise."""
    cls = S3Storage if str(fileurl).startswith("s3://") else AccelStorage
    return cls(fileurl, **kwargs)


def storage_factory(fileinstance=None, **kwargs):
    """The fixity feature's factory with the storage :func:`storage_class` picks."""
    return fixity_storage_factory(fileinstance=fileinstance, storage_class=storage_class,
                                  **kwargs)
