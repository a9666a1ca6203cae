"""``./rodare bench``: throughput and latency of the embedded default, beside stock InvenioRDM.

One run starts its own stack on free ports in a temporary folder (the data of ``./rodare up``
is never touched), fills it through the service layer, and measures every scenario against
three web servers on the same services and data:

| variant      | server                         | configuration                                   |
|--------------|--------------------------------|-------------------------------------------------|
| rodare       | gunicorn (``./rodare up``)     | the project's ``invenio.cfg``                   |
| stock        | gunicorn                       | the same, without the ``rodare_rdm`` config     |
|              |                                | module (``stack.bench.variants``)               |
| development  | Flask's server (``invenio run``) | the project's ``invenio.cfg``                 |

Results: a table on stdout, ``docs/benchmarks/<size>.json`` and ``docs/benchmarks/<size>.png``.
"""
