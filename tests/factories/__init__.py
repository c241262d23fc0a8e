"""factory_boy factories for every model; tests build their data with these."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from common.rules import OFFICE_GROUP
from delegations.models import Contact, Delegation, Expo, ItineraryItem, Member, Organization, Venue
from exhibitors.models import BoothProfile, Exhibitor, ExhibitorMembership, Lead, Pavilion
from meetings.models import FollowUp, Meeting, MeetingAttendee, SpeakingSlot

SEOUL = zoneinfo.ZoneInfo("Asia/Seoul")
DEFAULT_PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    password = factory.PostGenerationMethodCall("set_password", DEFAULT_PASSWORD)

    @factory.post_generation
    def office(self, create: bool, extracted: bool | None, **kwargs: object) -> None:
        if create and extracted:
            group, _ = Group.objects.get_or_create(name=OFFICE_GROUP)
            self.groups.add(group)
        if create:
            self.save()


class ExpoFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Expo

    name = factory.Sequence(lambda n: f"Smart City Expo {2026 + n}")
    slug = factory.Sequence(lambda n: f"expo-{n}")
    city = "Seoul"
    country = "KR"
    venue = "COEX"
    starts_on = dt.date(2027, 9, 4)
    ends_on = dt.date(2027, 9, 6)
    time_zone = "Asia/Seoul"


class VenueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Venue

    expo = factory.SubFactory(ExpoFactory)
    name = factory.Sequence(lambda n: f"Room {n}")
    kind = Venue.Kind.ROOM


class DelegationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Delegation

    expo = factory.SubFactory(ExpoFactory)
    name = factory.Sequence(lambda n: f"City delegation {n}")


class MemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Member

    delegation = factory.SubFactory(DelegationFactory)
    full_name = factory.Sequence(lambda n: f"Member {n}")
    role = Member.Role.STAFF
    email = factory.Sequence(lambda n: f"member{n}@example.org")
    home_time_zone = "Asia/Taipei"


class ItineraryItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ItineraryItem

    delegation = factory.SubFactory(DelegationFactory)
    kind = ItineraryItem.Kind.VISIT
    title = factory.Sequence(lambda n: f"Visit {n}")
    starts_at = dt.datetime(2027, 9, 4, 9, 0, tzinfo=SEOUL)
    ends_at = dt.datetime(2027, 9, 4, 10, 0, tzinfo=SEOUL)


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"Organisation {n}")
    kind = Organization.Kind.GOVERNMENT
    country = "MA"
    city = "Rabat"


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contact

    full_name = factory.Sequence(lambda n: f"Contact Person {n}")
    organization = factory.SubFactory(OrganizationFactory)
    country = factory.LazyAttribute(lambda o: o.organization.country if o.organization else "MA")
    email = factory.Sequence(lambda n: f"contact{n}@example.org")


class PavilionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Pavilion

    expo = factory.SubFactory(ExpoFactory)
    name = factory.Sequence(lambda n: f"City Pavilion {n}")
    slug = factory.Sequence(lambda n: f"pavilion-{n}")


class ExhibitorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Exhibitor

    pavilion = factory.SubFactory(PavilionFactory)
    name = factory.Sequence(lambda n: f"Exhibitor {n}")
    slug = factory.Sequence(lambda n: f"exhibitor-{n}")
    category = Exhibitor.Category.SMART_CARE


class ExhibitorMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ExhibitorMembership

    exhibitor = factory.SubFactory(ExhibitorFactory)
    user = factory.SubFactory(UserFactory)


class BoothProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BoothProfile

    exhibitor = factory.SubFactory(ExhibitorFactory)
    company_name = factory.LazyAttribute(lambda o: o.exhibitor.name)
    tagline = "Smart solutions for liveable cities"


class LeadFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Lead

    exhibitor = factory.SubFactory(ExhibitorFactory)
    full_name = factory.Sequence(lambda n: f"Booth Visitor {n}")
    organization_name = "Visiting Agency"
    country = "ZA"


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    expo = factory.SubFactory(ExpoFactory)
    title = factory.Sequence(lambda n: f"Meeting {n}")
    kind = Meeting.Kind.BUSINESS
    starts_at = dt.datetime(2027, 9, 4, 10, 0, tzinfo=SEOUL)
    ends_at = dt.datetime(2027, 9, 4, 11, 0, tzinfo=SEOUL)


class MeetingAttendeeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MeetingAttendee

    meeting = factory.SubFactory(MeetingFactory)


class SpeakingSlotFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SpeakingSlot

    expo = factory.SubFactory(ExpoFactory)
    kind = SpeakingSlot.Kind.FORUM_TALK
    title = factory.Sequence(lambda n: f"Forum talk {n}")
    starts_at = dt.datetime(2027, 9, 5, 14, 0, tzinfo=SEOUL)
    ends_at = dt.datetime(2027, 9, 5, 14, 30, tzinfo=SEOUL)


class FollowUpFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FollowUp

    title = factory.Sequence(lambda n: f"Follow-up {n}")
    due_on = dt.date(2028, 3, 15)
