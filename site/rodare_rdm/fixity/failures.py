"""Which files failed their check, with the records (and drafts) that hold them."""

from invenio_db import db
from invenio_files_rest.models import FileInstance, ObjectVersion
from invenio_rdm_records.records.models import RDMDraftMetadata, RDMRecordMetadata


def holders(file_instance):
    """``[(record id, file name, is_draft)]``: every record version or draft with this file.

    One file instance can be in many versions (a new version links, it does not copy).
    """
    found = []
    for obj in ObjectVersion.query.filter_by(file_id=file_instance.id, is_head=True):
        for model, is_draft in ((RDMRecordMetadata, False), (RDMDraftMetadata, True)):
            for row in db.session.query(model).filter_by(bucket_id=obj.bucket_id):
                if row.json:
                    found.append((row.json.get("id"), obj.key, is_draft))
    return found


def failed_files():
    """Files whose last check failed, most recently checked first, with their holders."""
    files = FileInstance.query.filter(FileInstance.last_check.is_(False))
    return [(f, f.storage().exists(), holders(f))
            for f in files.order_by(FileInstance.last_check_at.desc())]
