"""RODARE-RDM: HZDR's extensions to InvenioRDM v14."""

__version__ = "0.1.0"
