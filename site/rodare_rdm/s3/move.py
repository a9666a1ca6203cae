"""Move an instance's files between the local folder and S3, verifying every checksum.

For each readable file instance not yet in the target location, one at a time:

1. stream its bytes from where its URI points to the new URI in the target (the same relative
   path, ``<location>/<id[:2]>/<id[2:4]>/<rest>/data``), computing the MD5 on the way;
2. read the copy back from the target and compute its MD5;
3. only if both equal the stored checksum: switch the file instance's URI (one commit per
   file), then delete the old copy.

A mismatch removes the new copy, leaves the file where it was and stops with a report (the
file, its keys, the checksums): the source is corrupt (restore it from the backup, see
docs/fixity.md; it is marked failed as the fixity check would, so it is refused with the 503
meanwhile) or the copy was damaged on the way. Before the first file the target becomes
the default location and every bucket's, so new uploads land there while the move runs and
the scan converges. Files already in the target are skipped: a second run, or one after an
interruption, continues where the last one stopped (an interruption between the switch and
the deletion leaves an unreferenced old copy, nothing worse). Files without an MD5 (a
multipart upload not finished, or whose checksum is still being computed) are reported and
left; run again later.
"""

from dataclasses import dataclass, field
from datetime import datetime, timezone

import s3fs
from flask import current_app
from invenio_db import db
from invenio_files_rest.helpers import make_path
from invenio_files_rest.models import Bucket, FileInstance, Location, ObjectVersion

from .storage import storage_class


class ChecksumMismatch(Exception):
    """A file's bytes (source or copy) do not match its stored checksum."""

    def __init__(self, file_instance, stage, found):
        """``stage``: "source" (the bytes read) or "copy" (the bytes read back)."""
        self.file_id, self.uri = file_instance.id, file_instance.uri
        self.expected, self.stage, self.found = file_instance.checksum, stage, found
        keys = ObjectVersion.query.filter_by(file_id=file_instance.id).all()
        self.keys = sorted({f"{o.bucket_id}/{o.key}" for o in keys})
        super().__init__(self.report())

    def report(self):
        """What the operator reads."""
        what = ("the stored bytes do not match the checksum (the source is damaged: "
                "restore it from the backup; it is marked failed, so it is not served)"
                if self.stage == "source" else
                "the copy read back from the target differs (the transfer damaged it)")
        return (f"Checksum mismatch for file {self.file_id}: {what}.\n"
                f"  at: {self.uri}\n  objects: {', '.join(self.keys) or '(none)'}\n"
                f"  stored: {self.expected}\n  found: {self.found}\n"
                "Nothing was switched for this file; the files moved before it stay moved.")


@dataclass
class Plan:
    """What a move does (or did): the target, the files to move, those it cannot verify."""

    target: Location
    to_move: list = field(default_factory=list)
    unverifiable: list = field(default_factory=list)
    already: int = 0

    @property
    def size(self):
        """Bytes to move."""
        return sum(f.size or 0 for f in self.to_move)


def s3_location(create=False):
    """The S3 location (RODARE_S3_LOCATION on ``s3://RODARE_S3_BUCKET``); made if asked."""
    config = current_app.config
    location = Location.get_by_name(config["RODARE_S3_LOCATION"])
    if location is None and create:
        location = Location(name=config["RODARE_S3_LOCATION"],
                            uri=f"s3://{config['RODARE_S3_BUCKET']}", default=False)
        db.session.add(location)
        db.session.flush()
    return location


def local_location(name=None):
    """The local location: ``name``, or the only one whose URI is not on S3."""
    if name:
        location = Location.get_by_name(name)
        if location is None:
            raise ValueError(f"There is no location named {name!r}.")
        return location
    local = [loc for loc in Location.query.all() if not loc.uri.startswith("s3://")]
    if len(local) != 1:
        names = ", ".join(loc.name for loc in local) or "none"
        raise ValueError(f"Name the local location with --location (local ones: {names}).")
    return local[0]


def under(uri, location):
    """Whether ``uri`` lies in ``location``."""
    return uri.startswith(location.uri.rstrip("/") + "/")


def target_uri(file_instance, location):
    """Where the file goes in ``location`` (upstream's layout for a new file)."""
    config = current_app.config
    return make_path(location.uri, str(file_instance.id), "data",
                     config["FILES_REST_STORAGE_PATH_DIMENSIONS"],
                     config["FILES_REST_STORAGE_PATH_SPLIT_LENGTH"])


def plan(target):
    """The readable files not yet in ``target``, in the order of their ids."""
    result = Plan(target=target)
    for fi in FileInstance.query.filter_by(readable=True).order_by(FileInstance.id):
        if not fi.uri or under(fi.uri, target):
            result.already += bool(fi.uri)
        elif not (fi.checksum or "").startswith("md5:"):
            result.unverifiable.append(fi)
        else:
            result.to_move.append(fi)
    return result


def make_default(target):
    """New files go to ``target``: the default location, and every bucket's."""
    Location.query.filter(Location.id != target.id).update({"default": False})
    target.default = True
    Bucket.query.update({"default_location": target.id})
    db.session.commit()


def move_file(file_instance, target):
    """Copy, verify, switch, delete the old copy (docstring of the module)."""
    source = file_instance.storage()
    uri = target_uri(file_instance, target)
    copy = storage_class(uri, size=file_instance.size)
    with source.open("rb") as stream:
        _, _, checksum = copy.save(stream, size=file_instance.size)
    if checksum != file_instance.checksum:
        copy.delete()
        error = ChecksumMismatch(file_instance, "source", checksum)
        # What the fixity check would find: refused on every channel until restored.
        file_instance.last_check, file_instance.last_check_at = False, datetime.now(timezone.utc)
        db.session.commit()
        raise error
    readback = copy.checksum()
    if readback != file_instance.checksum:
        copy.delete()
        raise ChecksumMismatch(file_instance, "copy", readback)
    file_instance.uri = uri
    db.session.commit()
    try:
        source.delete()
    except Exception:  # an orphan copy costs space, not integrity
        current_app.logger.warning("rodare-storage: left old copy of %s", file_instance.id)
    return uri


def ensure_bucket():
    """Create the S3 bucket if it is missing (with invenio-s3's connection settings)."""
    fs = s3fs.S3FileSystem(**current_app.extensions["invenio-s3"].init_s3fs_info)
    bucket = current_app.config["RODARE_S3_BUCKET"]
    if not fs.exists(bucket):
        fs.mkdir(bucket)
