"""The index template of RODARE's shard and replica settings (see the package docstring)."""
