"""Fixity: every stored file's checksum verified on a schedule, failures reported and refused."""
