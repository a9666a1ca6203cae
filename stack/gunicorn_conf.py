"""gunicorn settings of the embedded default's web server (``gunicorn -c python:stack.gunicorn_conf``).

The supervisor passes what differs per stack on the command line (bind address, certificate,
key); this module holds what is the same for every stack, and why:

| setting             | value                                   | why                                   |
|---------------------|-----------------------------------------|---------------------------------------|
| worker_class        | ``gthread``                             | a slow client (a 1 GiB download, a    |
|                     |                                         | static file on a slow link) holds one |
|                     |                                         | thread, not a whole worker process    |
| workers             | RODARE_WEB_WORKERS, default 2 × cores   | Invenio requests are mostly Python    |
|                     |                                         | (CPU): processes, not threads, use    |
|                     |                                         | the cores; two per core cover the     |
|                     |                                         | time each waits for PostgreSQL/search |
|                     |                                         | (measured against one per core:       |
|                     |                                         | docs/reliability.md, "Web workers")   |
| threads             | RODARE_WEB_THREADS, default 4           | concurrent transfers per worker       |
| preload_app         | off                                     | each worker builds its own app, so no |
|                     |                                         | database, Redis or search connection  |
|                     |                                         | is ever shared across a fork          |
| timeout             | 120 s                                   | with gthread it only ends a worker    |
|                     |                                         | whose main loop hangs, never a long   |
|                     |                                         | upload or download                    |
| graceful_timeout    | 10 s                                    | within the supervisor's 20 s stop     |
| control_socket      | off                                     | its default path is shared by every   |
|                     |                                         | gunicorn of the user (tests, bench)   |

gunicorn cannot ``sendfile()`` through TLS, which it terminates here; files are streamed
by a worker thread, in pieces of 1 MiB (``rodare_rdm.downloads``, ``stack.wsgi``: upstream
sends a file line by line, which held downloads to about 20 MiB/s).
"""

import os


def default_workers():
    """Two workers per core the process may run on (at least two)."""
    return max(2, 2 * len(os.sched_getaffinity(0)))


wsgi_app = "stack.wsgi:application"  # UI + REST API (/api), as ``invenio run`` serves
worker_class = "gthread"
workers = int(os.environ.get("RODARE_WEB_WORKERS") or default_workers())
threads = int(os.environ.get("RODARE_WEB_THREADS") or 4)
timeout = 120
graceful_timeout = 10
keepalive = 5
control_socket_disable = True
accesslog = "-"  # stdout, which the supervisor sends to <root>/logs/web.log
errorlog = "-"
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms'
proc_name = "rodare-web"

READY = "worker ready to serve"
"""Logged by each worker once its app is built; the supervisor waits for the first one."""


def post_worker_init(worker):
    """Say when this worker's app is built, so that "up" means it answers requests."""
    worker.log.info("%s (pid %s, %s threads)", READY, worker.pid, threads)
