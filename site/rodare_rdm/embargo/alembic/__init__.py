"""Alembic recipes of the embargo feature (branch ``rodare_rdm_embargo``)."""
