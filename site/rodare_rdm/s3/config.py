"""Defaults of the s3 feature (RODARE_S3_*). The connection is upstream's: ``S3_ENDPOINT_URL``,
``S3_ACCESS_KEY_ID``, ``S3_SECRET_ACCESS_KEY``, ``S3_REGION_NAME`` (invenio-s3), set as
``INVENIO_S3_*`` on the Docker path and in k8s/ (docs/storage-s3.md)."""

RODARE_S3_BUCKET = "rodare"
"""The bucket that holds the files; ``invenio rodare-storage move --to s3`` creates it when it is
missing (or ``invenio s3 create-bucket rodare``)."""

RODARE_S3_LOCATION = "s3"
"""The name of the files location on the bucket (its URI ``s3://<RODARE_S3_BUCKET>``), which
the move command creates and makes the default."""
