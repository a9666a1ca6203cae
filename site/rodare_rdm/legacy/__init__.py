"""The legacy Zenodo/RODARE deposit API on InvenioRDM's services, for HERMES and scripts."""
