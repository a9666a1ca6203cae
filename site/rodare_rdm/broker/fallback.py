"""Move the messages that wait in the fallback Redis to the broker, unchanged.

A message is taken from the fallback, published to the broker with the same body,
headers, properties, exchange and routing key, and only then acknowledged: a broker that
fails meanwhile leaves it in the fallback (kombu's Redis transport gives an unacknowledged
message back), so a message is never lost, at worst sent twice.
"""

from kombu import Connection, Exchange, Queue
from kombu.exceptions import ChannelError

KEPT_PROPERTIES = ("correlation_id", "reply_to", "priority", "delivery_mode", "expiration",
                   "message_id")
"""The AMQP properties a task message carries (Celery: the task id, where results go)."""

PUBLISH_RETRY = {"max_retries": 2, "interval_start": 0.5, "interval_step": 1, "interval_max": 2}
"""A broker that is down again is not waited for: the message stays for the next run."""


def bound_queues(channel):
    """``(exchange, routing_key, queue)`` of every queue the fallback Redis knows.

    kombu's Redis transport keeps each exchange's bindings in a set; Celery's remote
    control and event exchanges (broadcasts, never queued for a worker) are left out.
    """
    prefix = channel.keyprefix_queue % ""
    found = set()
    for key in channel.client.scan_iter(match=prefix + "*"):
        exchange = key.decode()[len(prefix):]
        if exchange.endswith(".pidbox") or exchange.startswith("celeryev"):
            continue
        for routing_key, _pattern, queue in channel.get_table(exchange):
            found.add((exchange, routing_key, queue))
    return sorted(found)


def _route(target, queue):
    """Make sure the broker routes to ``queue``: its exchange as it is there, or declared.

    A queue and exchange the broker already has (declared by the workers, with whatever
    arguments they chose) are used as they are; only a missing one is declared, direct as
    every queue RODARE and upstream use.
    """
    with target.channel() as channel:  # a failed passive check closes its channel
        try:
            queue.exchange.bind(channel).declare(passive=True)
            return
        except ChannelError:
            pass
    queue.bind(target.default_channel).declare()


def _properties(message):
    return {key: message.properties[key] for key in KEPT_PROPERTIES if key in message.properties}


def drain(source_url, target_url, transport_options=None, limit=10000):
    """Move up to ``limit`` messages from the fallback ``source_url`` to ``target_url``.

    Returns how many were moved. Raises (after giving the message in hand back) when the
    broker cannot take one.
    """
    moved = 0
    options = dict(transport_options or {})
    with Connection(source_url, transport_options=options) as source, \
            Connection(target_url, transport_options=options) as target:
        channel = source.default_channel
        producer = target.Producer(auto_declare=False)
        for exchange, routing_key, name in bound_queues(channel):
            queue = Queue(name, Exchange(exchange, type="direct"), routing_key=routing_key)
            routed = False
            while moved < limit:
                message = queue.bind(channel).get(no_ack=False)
                if message is None:
                    break
                try:
                    if not routed:
                        _route(target, queue)
                        routed = True
                    info = message.delivery_info
                    producer.publish(
                        message.body,
                        exchange=info.get("exchange", exchange),
                        routing_key=info.get("routing_key", routing_key),
                        headers=message.headers,
                        content_type=message.content_type,
                        content_encoding=message.content_encoding,
                        retry=True, retry_policy=PUBLISH_RETRY,
                        **_properties(message),
                    )
                except Exception:
                    message.requeue()
                    raise
                message.ack()
                moved += 1
    return moved
