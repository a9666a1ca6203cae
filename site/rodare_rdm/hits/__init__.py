"""Search hits serialised without building the record schema anew for every hit."""
