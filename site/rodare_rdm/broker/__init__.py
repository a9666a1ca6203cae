"""Sends that cannot fail: a broker outage loses no task of a committed request.

A request commits first and sends its tasks after (DOI registration, e-mails, indexing of
related records, usage events): upstream's unit of work sends them in a loop that stops at
the first error. With a broker of its own (RabbitMQ on the Docker path and in Kubernetes),
a broker that is down at that moment would lose them all. With
``RODARE_BROKER_FALLBACK_URL`` set, every process sends to the broker and, when the broker
cannot be reached, to that fallback (a Redis database, durable like the sessions): kombu's
failover of the write connection. The workers read the broker only; the beat's
``drain_fallback`` moves what waits in the fallback to the broker every 30 s.

On the embedded default the broker is Redis itself, whose outage refuses a request before
it commits (maintenance/), so no fallback is set there.
"""
