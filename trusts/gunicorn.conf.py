"""gunicorn settings: `gunicorn -c trusts/gunicorn.conf.py trusts.wsgi`. Values from the environment."""
import multiprocessing
import os

bind = os.environ.get("BIND", "0.0.0.0:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("WEB_THREADS", "1"))
timeout = int(os.environ.get("WEB_TIMEOUT", "30"))
graceful_timeout = 20
keepalive = 5
max_requests = 2000  # recycle workers to bound memory growth
max_requests_jitter = 200
accesslog = "-"
errorlog = "-"
access_log_format = 'time=%(t)s level=INFO logger=gunicorn.access method=%(m)s path="%(U)s" status=%(s)s bytes=%(B)s duration_us=%(D)s'
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
