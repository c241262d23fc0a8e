"""Generic M-5 check: every URL of the permission matrix, signed in as the office and as an exhibitor,
gets hostile query strings and form posts (NUL, invalid UTF-8 where a surrogate would be, huge,
nested, non-ASCII digits, edge-of-calendar times) and never answers with a server error."""

from __future__ import annotations

import time

import pytest
from django.test import Client
from django.urls import reverse

from tests.test_url_matrix import MATRIX, world  # noqa: F401 - world is the matrix's fixture

# Query names the pages read (ids, filters, search, paging, times, redirects).
QUERY_NAMES = (
    "q", "expo", "delegation", "at", "day", "from", "to", "page", "cursor", "page_size", "next", "ordering",
    "organization", "contact", "member", "exhibitor", "meeting", "status", "kind", "country", "tag", "format",
    "download", "updated_since", "since", "lang", "view", "shared", "type", "id",
)  # fmt: skip
# Form fields the pages' forms read; unknown ones are ignored by design.
FORM_NAMES = (
    "full_name", "name", "email", "title", "organization", "country", "phone", "starts_at", "ends_at",
    "expo", "delegation", "members", "contacts", "exhibitor", "note", "interest", "tagline", "company_name",
    "description", "website", "category", "languages", "caption", "version", "next", "response",
    "proposed_starts_at", "status", "kind", "location", "agenda", "outcome", "scopes", "fields", "keep",
    "duplicate", "on_duplicate", "column_0", "password", "username", "comment", "due_on", "shared_with_office",
)  # fmt: skip
# Raw (already percent-encoded) query values: %ED%A0%80 is the UTF-8 form of a lone surrogate.
QUERY_VALUES = (
    "%00", "a%00b", "%ED%A0%80", "%ED%B3%BFx", "%C2%B2", "%D9%A3%D9%A1", "%EF%BC%91", "9" * 40, "-1",
    "x" * 20_000, "%5B" * 500 + "%5D" * 500, "0001-01-01T00%3A00%2B14%3A00", "9999-12-31T23%3A59-14%3A00",
    "2027-02-30", "%2F%2Fevil.example", "abc",
)  # fmt: skip
FORM_VALUES = (
    "\x00", "a\x00b", "\udcff", "²", "١٢", "１", "9" * 40, "-1", "x" * 20_000, "[" * 500 + "]" * 500,
    "0001-01-01T00:00+14:00", "9999-12-31T23:59-14:00", "abc",
)  # fmt: skip
ROLES = ("office", "exhibitor_a")
# Writes that end what later URLs need (a session, a record) run last.
LAST = ("logout", "delete", "merge", "revoke", "erase", "leave", "remove")


def urls(world) -> list[tuple[str, str]]:  # noqa: F811 - the fixture's value
    found = []
    for name, (kwargs_of, _expected) in MATRIX.items():
        kwargs = kwargs_of(world) if kwargs_of else {}
        kwargs.pop("?", None)
        found.append((name, reverse(name, kwargs=kwargs or None)))
    return sorted(found, key=lambda item: (any(word in item[0] for word in LAST), item[0]))


def rotated(names: tuple[str, ...], values: tuple[str, ...], shift: int) -> list[tuple[str, str]]:
    """Every name with a value, each request shifting which name gets which value."""
    return [(name, values[(index + shift) % len(values)]) for index, name in enumerate(names)]


def queries() -> list[str]:
    """One query with NUL everywhere (refused before any view), then rotations of the rest."""
    rest = QUERY_VALUES[1:]
    found = ["&".join(f"{name}=%00" for name in QUERY_NAMES)]
    for shift in range(0, len(rest), 5):
        found.append("&".join(f"{name}={value}" for name, value in rotated(QUERY_NAMES, rest, shift)))
    return found


def forms() -> list[dict[str, str]]:
    # A lone surrogate cannot be encoded into a request body; Django decodes invalid UTF-8 as U+FFFD,
    # which is what such a post amounts to.
    values = tuple(value.encode("utf-8", "replace").decode("utf-8") for value in FORM_VALUES)
    return [dict(rotated(FORM_NAMES, values, shift)) for shift in range(0, len(values), 4)]


@pytest.mark.timeout(300)
def test_m5_page_fuzz_no_server_error(world, capsys):  # noqa: F811 - the fixture
    started = time.monotonic()
    failures: list[str] = []
    cases = 0
    hostile_queries, hostile_forms = queries(), forms()
    for role in ROLES:
        client = Client(raise_request_exception=False)
        user = world.users[role]
        for name, path in urls(world):
            client.force_login(user)
            for query in hostile_queries:
                cases += 1
                status = client.get(f"{path}?{query}").status_code
                if status >= 500:
                    failures.append(f"GET {name} {path}?{query[:80]} as {role}: {status}")
            for form in hostile_forms:
                cases += 1
                status = client.post(path, form).status_code
                if status >= 500:
                    failures.append(f"POST {name} {path} {str(form)[:80]} as {role}: {status}")
    with capsys.disabled():
        print(f"\npage fuzz: {cases} requests over {len(MATRIX)} URLs, {len(failures)} server errors, "
              f"{time.monotonic() - started:.1f} s")  # fmt: skip
    assert not failures, "\n".join(failures)
