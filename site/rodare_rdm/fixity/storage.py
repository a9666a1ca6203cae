"""The storage factory: upstream's storage that refuses a failed or missing file.

Every channel that hands out a file's bytes goes through ``FileInstance.storage()``: the UI
download and REST content (``send_file``), IIIF, previews and exports (``open``), the legacy
bucket API. A file whose last check failed (``FileInstance.last_check is False``) or that is
not on disk raises :class:`~.errors.FileIntegrityError` there, so no channel serves corrupt
bytes. The checksum computation itself (the check) still reads the file.

:class:`FixityMixin` holds that behaviour for any upstream storage class (the local folder's
here, invenio-s3's in the s3 feature); :class:`FixityStorage` is it on the local folder.
"""

from invenio_files_rest.storage import PyFSFileStorage, pyfs_storage_factory

from .errors import FileIntegrityError


class FixityMixin:
    """A storage that knows whether its file failed its last check (before the storage class
    in the bases: ``class FixityStorage(FixityMixin, PyFSFileStorage)``)."""

    def __init__(self, *args, failed=False, file_id=None, **kwargs):
        """``failed``: the file instance's last check found a mismatch (or no file)."""
        self.failed, self.file_id = failed, file_id
        self.checking = False
        super().__init__(*args, **kwargs)

    def refuse(self, missing):
        """The 503; a file found missing before its check is checked now, so the
        administrators hear of it (once) before the visitor is told they did."""
        if missing and not self.failed and self.file_id:
            from .tasks import verify_file  # tasks import the mail, the mail this module

            verify_file.delay(self.file_id)
        raise FileIntegrityError(missing=missing)

    def open(self, mode="rb"):
        """Refuse to read a failed file, and say so for a missing one (not a 500)."""
        if mode[0] != "r" or self.checking:
            return super().open(mode)
        if self.failed:
            self.refuse(missing=not self.exists())
        try:
            return super().open(mode)
        except FileNotFoundError:
            self.refuse(missing=True)

    def send_file(self, *args, **kwargs):
        """Check before upstream wraps every error of ``open`` into a 500."""
        missing = not self.exists()
        if self.failed or missing:
            self.refuse(missing)
        return super().send_file(*args, **kwargs)

    def exists(self):
        """Whether the file is on the storage."""
        try:
            fs, path = self._get_fs(create_dir=False)
        except FileNotFoundError:  # its directory is gone too
            return False
        return fs.exists(path)

    def checksum(self, *args, **kwargs):
        """The check reads what is on disk, whatever the last check found."""
        self.checking = True
        try:
            return super().checksum(*args, **kwargs)
        finally:
            self.checking = False


class FixityStorage(FixityMixin, PyFSFileStorage):
    """The local folder's storage that refuses a failed or missing file."""


def fixity_storage_factory(fileinstance=None, storage_class=FixityStorage, **kwargs):
    """Upstream's factory with :class:`FixityStorage`, or another class (or a callable that
    picks one by the file's URL) taking ``failed`` and ``file_id``: the downloads feature's,
    the s3 feature's (which ``FILES_REST_STORAGE_FACTORY`` names)."""
    failed = fileinstance is not None and fileinstance.last_check is False
    file_id = str(fileinstance.id) if fileinstance is not None and fileinstance.id else None

    def storage(*args, **kw):
        return storage_class(*args, failed=failed, file_id=file_id, **kw)

    kwargs.setdefault("filestorage_class", storage)
    return pyfs_storage_factory(fileinstance=fileinstance, **kwargs)
