"""Alembic recipes of the access-levels feature (branch ``rodare_rdm_access``)."""
