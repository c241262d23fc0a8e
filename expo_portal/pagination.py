"""Keyset (cursor) pagination: every page costs the same, and ``next`` reaches every row once."""

from __future__ import annotations

from rest_framework.exceptions import ValidationError
from rest_framework.pagination import CursorPagination
from rest_framework.request import Request

MAX_PAGE_SIZE = 1000


class KeysetPagination(CursorPagination):
    page_size = 100
    max_page_size = MAX_PAGE_SIZE
    page_size_query_param = "page_size"
    ordering = ("id",)

    def get_page_size(self, request: Request) -> int:
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None or raw == "":
            return self.page_size
        try:
            size = int(raw)
        except ValueError:
            raise ValidationError({"page_size": [f"must be a whole number from 1 to {MAX_PAGE_SIZE}."]}) from None
        if not 1 <= size <= MAX_PAGE_SIZE:
            raise ValidationError({"page_size": [f"must be a whole number from 1 to {MAX_PAGE_SIZE}."]})
        return size
