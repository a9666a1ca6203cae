"""Files on S3-compatible object storage (invenio-s3), beside the local folder (docs/storage-s3.md)."""
