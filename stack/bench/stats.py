"""Timing helpers: run a request many times, report percentiles, never hide an error."""

import time


def percentile(values, pct):
    """The pct-th percentile (nearest rank), or None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, round(pct / 100 * len(ordered) + 0.5) - 1))
    return ordered[rank]


def latency(call, samples, warmup=2):
    """p50/p95 in ms of ``call()`` (which returns a response); errors are counted, not timed.

    The first ``warmup`` calls are not counted: they fill caches every server fills once.
    """
    for _ in range(warmup):
        call()
    times, errors = [], 0
    for _ in range(samples):
        start = time.perf_counter()
        response = call()
        took = (time.perf_counter() - start) * 1000
        if response.ok:
            times.append(took)
        else:
            errors += 1
    return {"p50_ms": percentile(times, 50), "p95_ms": percentile(times, 95), "errors": errors}


class Steps:
    """Durations of named steps over many repetitions (deposit: draft, upload, publish)."""

    def __init__(self):
        """No samples yet."""
        self.samples = {}

    def time(self, name, call):
        """Run ``call()``, record its duration under ``name``, return its result."""
        start = time.perf_counter()
        result = call()
        self.samples.setdefault(name, []).append((time.perf_counter() - start) * 1000)
        return result

    def summary(self):
        """p50/p95 in ms per step."""
        return {name: {"p50_ms": percentile(v, 50), "p95_ms": percentile(v, 95)}
                for name, v in self.samples.items()}
