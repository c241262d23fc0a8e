"""Writes and business rules of the schedule."""

from __future__ import annotations
