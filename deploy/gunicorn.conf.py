"""gunicorn for the dashboard: `gunicorn -c deploy/gunicorn.conf.py config.wsgi`.

Behind nginx (deploy/nginx/), which reads every request body in full before passing it
on and buffers every answer, so a slow client holds an nginx connection, not a thread
here. See docs/deploy.md; bench/bench_slow_clients.py measures both.
"""

import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8001")

# Threads, not sync workers: a request that waits (on the database, on a client nginx
# does not stand in front of) holds one thread, not a whole process. Two processes of
# eight threads suit two cores; with PostgreSQL each thread keeps one connection
# (CONN_MAX_AGE), so workers × threads must stay under max_connections.
worker_class = "gthread"
workers = int(os.environ.get("GUNICORN_WORKERS", "2"))
threads = int(os.environ.get("GUNICORN_THREADS", "8"))

# For threaded workers the timeout restarts a process that stopped answering gunicorn's
# arbiter, not a long request: a province's CSV export (1.1 M figures, 160 MB, 5.5 s
# here and longer on a busy server) runs to its end. nginx's proxy_read_timeout (120 s
# between two reads) bounds a request that hangs.
timeout = 60
# On a restart (SIGHUP) or stop (SIGTERM), requests under way get this long to finish.
graceful_timeout = 120
# nginx opens a new connection per request (HTTP/1.0 upstream): no need to keep it long.
keepalive = 2
