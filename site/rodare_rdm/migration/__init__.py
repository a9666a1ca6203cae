"""The migration from today's RODARE (legacy Zenodo fork): import, verification, cut-over."""
