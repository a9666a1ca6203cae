"""Start a stand-in in a process of its own on a free port, for a test; stop it afterwards.

Each stand-in is a module run as ``python -m stack.standins.<name> --port N ...``, as the
stack starts it (stack/supervisor.py). The tests that need one without a whole stack use
:func:`running` through the stand-in's own launcher (``gitlab.running``, ``s3.running``).
"""

import contextlib
import subprocess
import sys

from ..services import free_port, wait_for_port


@contextlib.contextmanager
def running(module, *args, name):
    """Run ``python -m stack.standins.<module> --port <free> *args``; yield its base URL."""
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", f"stack.standins.{module}", "--port", str(port), *args],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for_port(port, proc=proc, name=name)
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        proc.wait(timeout=10)
