"""EuroSciVoc subjects: InvenioRDM's loader fed from a downloaded file, a facet, en/de labels."""
