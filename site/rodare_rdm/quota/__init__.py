"""Quota: how much a record holds, and depositors asking for more space from the upload form."""
