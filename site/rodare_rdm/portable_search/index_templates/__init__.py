"""Index templates that take precedence over upstream ones (see ``os-v2/``).

``job-logs-index``: invenio-jobs declares its ``job-logs*`` template as a *data stream*.
Data streams buy rollover and backing indices, which InvenioRDM does not use (it deletes
old job logs with a ``delete_by_query``), and the embedded search server does not
implement them, so every job run failed there when it wrote its first log line. This
template matches the same pattern with a higher priority and the same mapping but no
``data_stream``: job logs go to a plain index on the embedded server and on OpenSearch
alike, and are searched and deleted the same way.
"""
