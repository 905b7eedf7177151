"""gunicorn settings shared by docker-compose.yml and the Dockerfile (``-c config/gunicorn.py``).

The access log goes to stdout through ``config.logredact.GunicornLogger``, which writes
``<redacted>`` instead of a capability token (status pages, subscription links).
"""

import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")  # noqa: S104 - inside the container
workers = int(os.environ.get("GUNICORN_WORKERS", "3"))
logger_class = "config.logredact.GunicornLogger"
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
access_log_format = '%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s" %(M)sms'
