"""Alembic recipes of the software-release feature (its repository settings)."""
