"""Deletion within a grace period: owners delete their records themselves, later they ask."""
