"""What the fixity tests share beside fixtures: the text file's bytes, the file behind a key.

(A module of its own, not ``conftest``: test folders without ``__init__.py`` share pytest's
rootdir imports, where ``from conftest import ...`` finds whichever conftest came first.)
"""

TEXT = b"shot,energy\n1,40.0\n2,40.1\n"


def file_instance(record, key):
    """The stored file behind ``key`` of a published record."""
    return record._record.files[key].object_version.file
