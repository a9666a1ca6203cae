"""Defaults of the EuroSciVoc subjects (RODARE_EUROSCIVOC_*), copied by the extension."""

RODARE_EUROSCIVOC_FILE = None
"""A downloaded EuroSciVoc file (SKOS RDF/XML from the EU Publications Office, plain or
gzipped) that set-up and every start load (``invenio rodare-euroscivoc import``), if it
exists. A relative path is read from the instance's ``app_data/``. No registry these machines
reach distributes EuroSciVoc, so RODARE ships none (docs/euroscivoc.md)."""
