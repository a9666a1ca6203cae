"""RODARE's four access levels (open, embargoed, restricted, closed): metadata is always public, only files are withheld."""
