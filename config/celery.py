"""The Celery app. With REDIS_URL unset, settings make every task run eagerly in-process."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("clusterdesk")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
