"""OAI-PMH protocol conformance on top of invenio-oaiserver."""
