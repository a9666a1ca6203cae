"""The supervisor's restart policy (stack/restarts.py): back-off, forgetting, giving up."""

from stack.restarts import Crashes, RestartPolicy


def test_the_back_off_doubles_up_to_its_maximum():
    policy = RestartPolicy(backoff=1, backoff_max=30)
    assert [policy.delay(n) for n in range(1, 8)] == [1, 2, 4, 8, 16, 30, 30]


def test_it_gives_up_after_the_limit_within_the_window():
    crashes = Crashes(RestartPolicy(limit=3, window=60))
    assert [crashes.record(t) for t in (0, 10, 20)] == [1, 2, 3]
    assert crashes.exhausted()


def test_crashes_older_than_the_window_are_forgotten():
    crashes = Crashes(RestartPolicy(limit=3, window=60))
    for t in (0, 50, 100, 150, 200):  # one crash every 50 s: never three in a minute
        assert crashes.record(t) <= 2
        assert not crashes.exhausted()


def test_the_environment_sets_the_policy():
    env = {"RODARE_RESTART_LIMIT": "2", "RODARE_RESTART_WINDOW": "10",
           "RODARE_RESTART_BACKOFF": "0.5", "RODARE_RESTART_BACKOFF_MAX": "4"}
    assert RestartPolicy.from_env(env) == RestartPolicy(limit=2, window=10, backoff=0.5,
                                                        backoff_max=4)
    assert RestartPolicy.from_env({}) == RestartPolicy(limit=5, window=300, backoff=1,
                                                       backoff_max=30)
