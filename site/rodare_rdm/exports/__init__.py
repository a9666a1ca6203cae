"""The record's exports (REST, landing page, OAI-PMH, DOI registration) with RODARE's extras.

One home for what several features add to the same exports:

| piece                          | module           | what                                    |
|--------------------------------|------------------|-----------------------------------------|
| level-aware serializers        | serializers.py   | upstream's DataCite 4.5 (JSON, XML),    |
|                                |                  | Dublin Core, schema.org and UI JSON,    |
|                                |                  | with the access level's rights          |
| level-aware schemas            | schemas.py       | rights and embargo end from the level   |
| the features' dumpers          | dumpers.py       | ``RODARE_EXPORTS_DUMPERS``: what hzdr,  |
|                                |                  | robis and doi add, run in every channel |

The dumpers themselves stay with the feature whose fields they write (``hzdr/exports.py``,
``robis/exports.py``, ``doi/dumpers.py``); ``rodare_rdm.config`` lists them. So no feature
imports another feature's serializers, and a new export extra is one line there.
"""
