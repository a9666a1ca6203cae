"""Where a deposition keeps the communities it asked for until it is published.

Legacy clients name communities in the metadata of a draft (``communities:
[{identifier}]``); InvenioRDM includes a record in a community only once it is published.
The identifiers wait in ``rodare:legacy_communities`` and ``deposits.publish`` turns them
into inclusion requests (accepted at once where the depositor may include directly).
"""

from invenio_rdm_records.contrib.imprint.custom_fields import (
    IMPRINT_CUSTOM_FIELDS,
    IMPRINT_CUSTOM_FIELDS_UI,
    IMPRINT_NAMESPACE,
)
from invenio_rdm_records.contrib.journal.custom_fields import (
    JOURNAL_CUSTOM_FIELDS,
    JOURNAL_CUSTOM_FIELDS_UI,
    JOURNAL_NAMESPACE,
)
from invenio_rdm_records.contrib.meeting.custom_fields import (
    MEETING_CUSTOM_FIELDS,
    MEETING_CUSTOM_FIELDS_UI,
    MEETING_NAMESPACE,
)
from invenio_rdm_records.contrib.thesis.custom_fields import (
    THESIS_CUSTOM_FIELDS,
    THESIS_CUSTOM_FIELDS_UI,
    THESIS_NAMESPACE,
)
from invenio_records_resources.services.custom_fields import KeywordCF

COMMUNITIES_FIELD = "rodare:legacy_communities"

LEGACY_CUSTOM_FIELDS = [KeywordCF(name=COMMUNITIES_FIELD, multiple=True)]
"""In the ``rodare`` namespace of the access feature; not on the deposit form."""

BIBLIOGRAPHIC_NAMESPACES = {**JOURNAL_NAMESPACE, **MEETING_NAMESPACE, **THESIS_NAMESPACE, **IMPRINT_NAMESPACE}
BIBLIOGRAPHIC_CUSTOM_FIELDS = [*JOURNAL_CUSTOM_FIELDS, *MEETING_CUSTOM_FIELDS, *THESIS_CUSTOM_FIELDS,
                               *IMPRINT_CUSTOM_FIELDS]
"""invenio-rdm-records' journal, meeting, thesis and imprint fields, as upstream defines them:
the homes of legacy ``journal_*``, ``conference_*``, ``thesis_university`` and ``partof_*``/
``imprint_*`` (``bibliographic.py``). Stored, indexed, exported and shown in upstream's
landing-page sidebar."""

BIBLIOGRAPHIC_CUSTOM_FIELDS_UI = [JOURNAL_CUSTOM_FIELDS_UI, MEETING_CUSTOM_FIELDS_UI,
                                  THESIS_CUSTOM_FIELDS_UI, IMPRINT_CUSTOM_FIELDS_UI]
"""Their deposit-form sections, upstream's widgets unchanged, after RODARE's HZDR section:
what a migrated record or a legacy client wrote into them can be read and corrected in the
form, and a web depositor can give the same details a script can."""
