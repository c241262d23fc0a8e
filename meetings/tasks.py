"""Celery entry points of this app (thin: they call services)."""
