"""Database migrations of the DOI feature."""
