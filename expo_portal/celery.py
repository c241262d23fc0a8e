"""The Celery application: tasks live in each app's ``tasks.py``; beat's schedule is in settings."""

from __future__ import annotations

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "expo_portal.settings")

app = Celery("expo_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
