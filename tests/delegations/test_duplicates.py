"""Likely duplicates: same e-mail in any case, or a similar name at the same organisation."""

from __future__ import annotations

import pytest

from delegations.duplicates import duplicates_of, likely_duplicates
from tests.factories import ContactFactory, OrganizationFactory

pytestmark = pytest.mark.django_db


def _pairs():
    pairs, total = likely_duplicates()
    return {(p.first.full_name, p.second.full_name): p.reasons for p in pairs}, total


def test_same_email_any_case_is_flagged():
    ContactFactory(full_name="Noa Levi", email="Noa@TLV.il")
    ContactFactory(full_name="N. Levi", email="noa@tlv.il", organization=OrganizationFactory())
    pairs, total = _pairs()
    assert pairs == {("Noa Levi", "N. Levi"): ["email"]}
    assert total == 1


def test_similar_name_same_organisation_is_flagged_accents_ignored():
    org = OrganizationFactory()
    ContactFactory(full_name="José Müller", organization=org, email="")
    ContactFactory(full_name="Jose Muller", organization=org, email="")
    pairs, _total = _pairs()
    assert pairs == {("José Müller", "Jose Muller"): ["name"]}


def test_similar_name_other_organisation_is_not_flagged():
    ContactFactory(full_name="Jose Muller", email="")
    ContactFactory(full_name="Jose Muller", email="")  # each in its own organisation
    assert _pairs() == ({}, 0)


def test_different_names_same_organisation_not_flagged_and_blank_emails_ignored():
    org = OrganizationFactory()
    ContactFactory(full_name="Amina Benali", organization=org, email="")
    ContactFactory(full_name="Sipho Ndlovu", organization=org, email="")
    assert _pairs() == ({}, 0)


def test_both_reasons_listed_once():
    org = OrganizationFactory()
    ContactFactory(full_name="Fatima Zahra", organization=org, email="fz@rabat.ma")
    ContactFactory(full_name="Fatima Zahra El Idrissi", organization=org, email="FZ@rabat.ma")
    pairs, total = _pairs()
    assert pairs == {("Fatima Zahra", "Fatima Zahra El Idrissi"): ["email", "name"]}
    assert total == 1


def test_duplicates_of_one_contact():
    org = OrganizationFactory()
    kim = ContactFactory(full_name="Kim Min-jun", organization=org, email="kim@sdf.or.kr")
    same_mail = ContactFactory(full_name="M. Kim", email="KIM@sdf.or.kr")
    same_name = ContactFactory(full_name="Kim Minjun", organization=org, email="")
    ContactFactory(full_name="Park Ji-woo", organization=org)
    assert duplicates_of(kim) == [same_mail, same_name]


def test_paging_through_pairs():
    for i in range(5):
        ContactFactory(full_name=f"Person {i}", email="shared@example.org")
    first, total = likely_duplicates(limit=4, offset=0)
    rest, _ = likely_duplicates(limit=4, offset=4)
    assert total == 10  # 5 people sharing one address: every pair
    assert len(first) == 4 and len(rest) == 4
    assert {(p.first.pk, p.second.pk) for p in first}.isdisjoint({(p.first.pk, p.second.pk) for p in rest})


def test_pairs_are_kept_until_the_book_changes(django_assert_num_queries):
    first = ContactFactory(full_name="Noa Levi", email="noa@tlv.il")
    ContactFactory(full_name="N. Levi", email="noa@tlv.il")
    assert likely_duplicates()[1] == 1
    with django_assert_num_queries(3):  # book version, stored scan, the contacts of the page
        assert likely_duplicates()[1] == 1
    first.email = "other@tlv.il"
    first.save()
    assert likely_duplicates()[1] == 0
