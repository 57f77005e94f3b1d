"""The Celery application. Tasks are discovered in each app's tasks.py.

With no REDIS_URL, settings make every task run in-process (eager), so the demo
needs no broker.
"""
import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "trusts.settings")

app = Celery("trusts")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
