"""A contact's page: a merged-away contact's address leads to the kept one; meetings and
follow-ups are reached from it (and started from it, prefilled)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from delegations import services as contact_services
from meetings.models import FollowUp
from tests.factories import ContactFactory, FollowUpFactory, OrganizationFactory, SpeakingSlotFactory
from tests.factories.scheduling import book, make_scene, seoul

pytestmark = pytest.mark.django_db


def test_merged_away_contact_redirects_to_the_kept_one(client, office_user):
    keep, duplicate = ContactFactory(full_name="Kim Min-jun"), ContactFactory(full_name="Kim Minjun")
    contact_services.contact_merge(keep=keep, duplicate=duplicate, actor=None)
    client.force_login(office_user)
    response = client.get(reverse("contact-detail", args=[duplicate.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("contact-detail", args=[keep.pk])
    page = client.get(response["Location"])
    assert "That contact was merged into this one." in page.content.decode()


def test_redirect_follows_a_merge_of_the_kept_contact_too(client, office_user):
    first, second, third = ContactFactory(), ContactFactory(), ContactFactory()
    contact_services.contact_merge(keep=second, duplicate=first, actor=None)
    contact_services.contact_merge(keep=third, duplicate=second, actor=None)
    client.force_login(office_user)
    response = client.get(reverse("contact-detail", args=[first.pk]))
    assert response["Location"] == reverse("contact-detail", args=[third.pk])


def test_deleted_and_unknown_contacts_still_answer_404(client, office_user):
    gone = ContactFactory()
    contact_services.contact_delete(contact=gone, actor=None)
    client.force_login(office_user)
    assert client.get(reverse("contact-detail", args=[gone.pk])).status_code == 404
    assert client.get(reverse("contact-detail", args=[987654])).status_code == 404


def test_merged_contact_redirect_is_for_the_office_only(client, exhibitor_user_a):
    keep, duplicate = ContactFactory(), ContactFactory()
    contact_services.contact_merge(keep=keep, duplicate=duplicate, actor=None)
    client.force_login(exhibitor_user_a)
    assert client.get(reverse("contact-detail", args=[duplicate.pk])).status_code in (403, 404)


def test_contact_page_offers_meeting_and_follow_up_and_links_its_entries(client, office_user):
    scene = make_scene()
    contact = scene.contacts[0]
    meeting = book(scene, title="Smart bins with Busan", start=seoul(4, 10), end=seoul(4, 11), contacts=[contact])
    slot = SpeakingSlotFactory(expo=scene.expo, title="Resilient cities panel", moderator=contact)
    follow_up = FollowUpFactory(title="Send the pilot quote", contact=contact)
    client.force_login(office_user)
    html = client.get(reverse("contact-detail", args=[contact.pk])).content.decode()
    assert f'href="{reverse("meeting-create")}?contact={contact.pk}"' in html
    assert f'href="{reverse("follow-up-create")}?contact={contact.pk}"' in html
    assert f'<a href="{reverse("meeting-detail", args=[meeting.pk])}">Smart bins with Busan</a>' in html
    assert f'<a href="{reverse("speaking-slot-detail", args=[slot.pk])}">Resilient cities panel</a>' in html
    assert f'<a href="{reverse("follow-up-edit", args=[follow_up.pk])}">Send the pilot quote</a>' in html


def test_schedule_a_meeting_from_the_contact_page_is_prefilled(client, office_user):
    scene = make_scene()
    contact = scene.contacts[1]
    client.force_login(office_user)
    response = client.get(f"{reverse('meeting-create')}?contact={contact.pk}")
    assert response.context["form"].initial["contacts"] == [contact.pk]
    assert f'<option value="{contact.pk}" selected>' in response.content.decode()


def test_add_follow_up_from_the_contact_page_is_prefilled_with_contact_and_organisation(client, office_user):
    organization = OrganizationFactory(name="Busan IT Industry Promotion Agency", country="KR")
    contact = ContactFactory(full_name="Park Ji-woo", organization=organization)
    client.force_login(office_user)
    response = client.get(f"{reverse('follow-up-create')}?contact={contact.pk}")
    form = response.context["form"]
    assert (form.initial["contact"], form.initial["organization"]) == (contact.pk, organization.pk)
    response = client.post(
        f"{reverse('follow-up-create')}?contact={contact.pk}",
        {"title": "Send the MOU draft", "status": "open", "contact": contact.pk, "organization": organization.pk},
    )
    assert response.status_code == 302
    assert FollowUp.objects.get(title="Send the MOU draft").contact == contact
