"""Shards and replicas of RODARE's search indices, for one node and for a cluster alike.

invenio-search has no setting for them and the upstream mappings set none, so OpenSearch's
defaults would hold: one primary shard and one replica, which leaves a single node yellow
(the replica has nowhere to go) and a three-node cluster with two copies of each index. The
index template in ``index_templates/os-v2/`` (put by ``invenio index init`` before it creates
the indices) sets instead, for every index that the app's mappings create:

| setting                | value | why                                                      |
|------------------------|-------|----------------------------------------------------------|
| number_of_shards       | 1     | the largest index, the records, stays inside one shard at 100,000 records even by a pessimistic bound of 18 GB (docs/scaling.md); OpenSearch advises 10-50 GB per shard, and more shards only add work to every query |
| auto_expand_replicas   | 0-2   | as many replicas as there are other nodes, at most two: 0 on one node (green, not yellow), 2 on three (every node holds every index, answers every search alone, and two may fail) |

The statistics indices (invenio-stats' legacy templates, ``events-stats-*``, ``stats-*``) and
the job and audit logs keep their own templates: a composable template that matched them would
set those aside. docs/scaling.md has the reasoning and the figures.
"""
