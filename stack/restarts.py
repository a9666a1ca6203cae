"""When the supervisor restarts a child that exited, and when it gives up on it.

Settings of the embedded stack (``./rodare up``), read from the environment at start:

| variable                     | default | meaning                                             |
|------------------------------|---------|-----------------------------------------------------|
| ``RODARE_RESTART_LIMIT``     | 5       | crashes of one child within the window after which   |
|                              |         | it stays down (the rest keeps serving)               |
| ``RODARE_RESTART_WINDOW``    | 300     | the window, in seconds                               |
| ``RODARE_RESTART_BACKOFF``   | 1       | seconds before the first restart, doubled for each   |
|                              |         | further crash within the window                      |
| ``RODARE_RESTART_BACKOFF_MAX`` | 30    | the longest wait before a restart                    |

A crash is any exit the supervisor did not ask for, whatever its code: a server has no
reason to end on its own. Crashes older than the window are forgotten, so a child that
crashes once a day is restarted every day, soon.
"""

import os
from collections import deque
from dataclasses import dataclass


@dataclass(frozen=True)
class RestartPolicy:
    """Back-off and give-up rule, one for every child of a stack."""

    limit: int = 5
    window: float = 300.0
    backoff: float = 1.0
    backoff_max: float = 30.0

    @classmethod
    def from_env(cls, env=None):
        """The policy the RODARE_RESTART_* variables of ``env`` (os.environ) ask for."""
        env = os.environ if env is None else env
        default = cls()

        def read(name, kind, value):
            raw = env.get(f"RODARE_RESTART_{name}")
            return kind(raw) if raw else value

        return cls(limit=read("LIMIT", int, default.limit),
                   window=read("WINDOW", float, default.window),
                   backoff=read("BACKOFF", float, default.backoff),
                   backoff_max=read("BACKOFF_MAX", float, default.backoff_max))

    def delay(self, crashes):
        """Seconds to wait before restarting after the ``crashes``-th crash in the window."""
        return min(self.backoff_max, self.backoff * 2 ** max(0, crashes - 1))


class Crashes:
    """The recent crashes of one child."""

    def __init__(self, policy):
        """No crash yet."""
        self.policy = policy
        self.times = deque()

    def record(self, now):
        """Count a crash at ``now`` (monotonic seconds); return the crashes in the window."""
        self.times.append(now)
        while self.times and self.times[0] < now - self.policy.window:
            self.times.popleft()
        return len(self.times)

    def exhausted(self):
        """True once the child crashed ``limit`` times within the window: give up on it."""
        return len(self.times) >= self.policy.limit
