"""Curation checks for communities: RODARE's presets for invenio-checks and how curators change them."""
