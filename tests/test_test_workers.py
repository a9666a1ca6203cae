"""How ``./rodare test`` shares the tests between its two workers (stack/pytest_plugin.py).

The scheduler is xdist's own, driven here as xdist drives it: two workers register the same
collection, ``schedule`` hands out the first units, and each finished test asks for more.
"""

from types import SimpleNamespace

from stack.pytest_plugin import LIVE_STACKS, LiveStacksFirst, _scope

COLLECTION = [
    "site/tests/oaipmh/test_errors.py::test_bad_verb[%d]" % n for n in range(150)
] + [
    "site/tests/access/test_rest.py::test_level",
    "tests/e2e/test_deposit.py::test_deposit",
    "tests/e2e/test_restart.py::test_restart_keeps_everything",
    "tests/faults/test_dependencies.py::test_postgres_down",
    "tests/test_stack_env.py::test_inherited",
    "tests/test_kept_index.py::test_round_trip",
]


class Worker:
    """What the scheduler sees of an xdist worker: the tests it is sent."""

    def __init__(self, name):
        self.gateway = SimpleNamespace(id=name)
        self.shutting_down = False
        self.sent = []

    def send_runtest_some(self, indices):
        self.sent.extend(COLLECTION[i] for i in indices)

    def shutdown(self):
        self.shutting_down = True


def _config():
    option = SimpleNamespace(loadscopereorder=True, tx=["2*popen"], numprocesses=2)
    return SimpleNamespace(option=option, getvalue=lambda name: getattr(option, name))


def test_live_stack_tests_are_one_unit_and_modules_the_others():
    assert _scope("tests/e2e/test_restart.py::test_restart_keeps_everything") == LIVE_STACKS
    assert _scope("tests/faults/test_dependencies.py::test_postgres_down") == LIVE_STACKS
    assert _scope("tests/test_kept_index.py::test_round_trip") == "tests/test_kept_index.py"
    assert _scope("site/tests/access/test_rest.py::test_level[open-public]") == \
        "site/tests/access/test_rest.py"


def test_the_live_stacks_go_first_to_one_worker_and_the_rest_by_module():
    scheduler = LiveStacksFirst(_config())
    first, second = Worker("gw0"), Worker("gw1")
    for worker in (first, second):
        scheduler.add_node(worker)
        scheduler.add_node_collection(worker, COLLECTION)
    scheduler.schedule()

    live = [nodeid for nodeid in COLLECTION if nodeid.startswith(("tests/e2e/", "tests/faults/"))]
    # The live-stack unit first, though a module has more tests; in collection order.
    assert first.sent == live
    # The other worker got the largest module, and nothing more while it has tests to run.
    assert second.sent == COLLECTION[:150]

    # As its stacks finish, the first worker takes the remaining modules, whole, in order
    # (the second is still busy).
    for nodeid in live:
        scheduler.mark_test_complete(first, COLLECTION.index(nodeid))
    assert [_scope(nodeid) for nodeid in first.sent[len(live):]] == [
        "site/tests/access/test_rest.py", "tests/test_stack_env.py", "tests/test_kept_index.py"]
    assert not set(first.sent) & set(second.sent)
