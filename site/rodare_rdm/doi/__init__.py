"""DataCite DOIs: a concept DOI for every record and a DOI for every version, kept in step."""
