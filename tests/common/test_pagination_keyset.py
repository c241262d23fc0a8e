"""common.pagination: the keyset condition, cursors, page sizes and orderings."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from django.core import signing
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory

from common.pagination import MAX_PAGE_SIZE, KeysetPagination, keyset_filter, parse_page_size, resolve_ordering
from delegations.models import Organization
from tests.factories import OrganizationFactory


def _request(query: str = "") -> Request:
    return Request(APIRequestFactory().get(f"/api/v1/organizations/?{query}"))


class View:
    keyset_orderings = {"name": ("name", "id"), "-name": ("-name", "-id"), "mixed": ("-name", "id")}
    keyset_default = "name"


@pytest.mark.parametrize(("raw", "expected"), [(None, 100), ("", 100), ("1", 1), ("1000", 1000)])
def test_parse_page_size_accepts_1_to_1000(raw, expected):
    assert parse_page_size(raw) == expected


@pytest.mark.parametrize("raw", ["0", "1001", "1000000000", "10^9", "-5", "ten", "1.5"])
def test_parse_page_size_rejects_out_of_range_naming_page_size(raw):
    with pytest.raises(ValidationError) as caught:
        parse_page_size(raw)
    assert list(caught.value.detail) == ["page_size"]
    assert str(MAX_PAGE_SIZE) in str(caught.value.detail["page_size"][0])


def test_resolve_ordering_appends_id_and_rejects_unknown():
    assert resolve_ordering(_request(), View()) == ("name", ("name", "id"))
    assert resolve_ordering(_request("ordering=-name"), View()) == ("-name", ("-name", "-id"))
    with pytest.raises(ValidationError) as caught:
        resolve_ordering(_request("ordering=website"), View())
    assert list(caught.value.detail) == ["ordering"]

    class Plain:
        keyset_ordering = ("-starts_at",)

    assert resolve_ordering(_request(), Plain()) == ("-starts_at", ("-starts_at", "-id"))


def test_keyset_filter_for_ascending_and_mixed_orderings():
    assert str(keyset_filter(("name", "id"), ["B", 5])) == str(keyset_filter(("name", "id"), ["B", 5]))  # deterministic
    condition = keyset_filter(("name", "id"), ["B", 5])
    assert "name__gte" in str(condition) and "id__gt" in str(condition)
    mixed = keyset_filter(("-name", "id"), ["B", 5])
    assert "name__lte" in str(mixed) and "name__lt" in str(mixed) and "id__gt" in str(mixed)
    backwards = keyset_filter(("name", "id"), ["B", 5], backwards=True)
    assert "name__lte" in str(backwards) and "id__lt" in str(backwards)


@pytest.mark.django_db
@pytest.mark.parametrize("ordering", ["name", "-name", "mixed"])
def test_walk_forward_then_back_with_ties(ordering):
    for index in range(9):
        OrganizationFactory(name=f"Org {index % 3}", country=["KR", "MA", "ZA"][index // 3])
    expected = list(Organization.objects.order_by(*View.keyset_orderings[ordering]).values_list("id", flat=True))
    seen: list[int] = []
    query = f"ordering={ordering}&page_size=2"
    pages = []
    while True:
        paginator = KeysetPagination()
        rows = paginator.paginate_queryset(Organization.objects.all(), _request(query), View())
        pages.append([row.id for row in rows])
        seen.extend(row.id for row in rows)
        link = paginator.get_next_link()
        if not link:
            break
        query = link.split("?", 1)[1]
    assert seen == expected
    # And back from the last page to the first.
    back: list[int] = []
    while True:
        paginator = KeysetPagination()
        rows = paginator.paginate_queryset(Organization.objects.all(), _request(query), View())
        back = [row.id for row in rows] + back
        link = paginator.get_previous_link()
        if not link:
            break
        query = link.split("?", 1)[1]
    assert back == expected


@pytest.mark.django_db
def test_tampered_cursor_is_400_naming_cursor():
    OrganizationFactory.create_batch(3)
    paginator = KeysetPagination()
    paginator.paginate_queryset(Organization.objects.all(), _request("page_size=1"), View())
    cursor = parse_qs(urlsplit(paginator.get_next_link()).query)["cursor"][0]
    forged = signing.dumps({"p": ["' OR 1=1 --", 1], "b": False, "o": "name"}, salt="other")
    for bad in (cursor[:-3] + "AAA", forged, "%%%", "e30"):
        with pytest.raises(ValidationError) as caught:
            KeysetPagination().paginate_queryset(Organization.objects.all(), _request(f"cursor={bad}"), View())
        assert list(caught.value.detail) == ["cursor"]


@pytest.mark.django_db
def test_page_query_count_is_one_whatever_the_size(django_assert_num_queries):
    OrganizationFactory.create_batch(5)
    for size in (1, 3, 1000):
        with django_assert_num_queries(1):
            KeysetPagination().paginate_queryset(Organization.objects.all(), _request(f"page_size={size}"), View())
