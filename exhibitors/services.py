"""Writes and business rules of the pavilion side."""

from __future__ import annotations
