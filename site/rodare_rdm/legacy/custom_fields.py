"""Where a deposition keeps the communities it asked for until it is published.

Legacy clients name communities in the metadata of a draft (``communities:
[{identifier}]``); InvenioRDM includes a record in a community only once it is published.
The identifiers wait in ``rodare:legacy_communities`` and ``deposits.publish`` turns them
into inclusion requests (accepted at once where the depositor may include directly).
"""

from invenio_records_resources.services.custom_fields import KeywordCF

COMMUNITIES_FIELD = "rodare:legacy_communities"

LEGACY_CUSTOM_FIELDS = [KeywordCF(name=COMMUNITIES_FIELD, multiple=True)]
"""In the ``rodare`` namespace of the access feature; not on the deposit form."""
