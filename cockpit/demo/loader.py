"""Loads the demo scenario; every step is keyed on natural keys so a second run changes nothing."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Callable, Sequence
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from cockpit.demo import data, programme
from cockpit.demo.schedule import load_schedule
from common.rules import OFFICE_GROUP
from delegations.models import Contact, Delegation, Expo, ItineraryItem, Member, Organization, TravelTime, Venue
from exhibitors.models import BoothProfile, Exhibitor, ExhibitorMembership, Pavilion
from exhibitors.services import profile_snapshot

EMAIL_DOMAIN = "example.org"


class DemoLoader:
    def __init__(self, log: Callable[[str], None] = print) -> None:
        self.log = log
        self.tz = zoneinfo.ZoneInfo(str(data.EXPO["time_zone"]))

    def at(self, local: str) -> dt.datetime:
        return dt.datetime.strptime(local, "%Y-%m-%d %H:%M").replace(tzinfo=self.tz)

    @transaction.atomic
    def load(self) -> list[tuple[str, str, str]]:
        """Load everything; returns the demo logins as (username, password, role)."""
        self.office = self._office_user()
        self.expo = self._expo()
        self.venues = self._venues()
        self.delegation, self.members = self._delegation()
        self.organizations = self._organizations()
        self.contacts = self._contacts()
        self.pavilion, self.exhibitors, logins = self._pavilion()
        self._itinerary()
        self._programme()
        return [(data.OFFICE_USERNAME, data.DEMO_PASSWORD, "office"), *logins]

    # --- users -------------------------------------------------------------------------------

    def _user(self, username: str, *, office: bool) -> Any:
        user_model = get_user_model()
        user, _ = user_model.objects.get_or_create(username=username, defaults={"email": f"{username}@{EMAIL_DOMAIN}"})
        user.set_password(data.DEMO_PASSWORD)
        user.is_staff = office  # office staff may use the admin
        user.save()
        if office:
            user.groups.add(Group.objects.get_or_create(name=OFFICE_GROUP)[0])
        return user

    def _office_user(self) -> Any:
        return self._user(data.OFFICE_USERNAME, office=True)

    # --- people side -------------------------------------------------------------------------

    def _expo(self) -> Expo:
        fields = {k: v for k, v in data.EXPO.items() if k != "slug"}
        expo, _ = Expo.objects.update_or_create(slug=data.EXPO["slug"], defaults=fields)
        return expo

    def _venues(self) -> dict[str, Venue]:
        venues = {}
        for name, kind, address in data.VENUES:
            venues[name], _ = Venue.objects.update_or_create(
                expo=self.expo, name=name, defaults={"kind": kind, "address": address, "bookable": kind != "hotel"}
            )
        for a, b, minutes in data.TRAVEL:
            for origin, destination in ((a, b), (b, a)):
                TravelTime.objects.update_or_create(
                    origin=venues[origin], destination=venues[destination], defaults={"minutes": minutes}
                )
        return venues

    def _delegation(self) -> tuple[Delegation, dict[str, Member]]:
        delegation, _ = Delegation.objects.update_or_create(
            expo=self.expo, name=data.DELEGATION["name"], defaults={"purpose": data.DELEGATION["purpose"]}
        )
        members = {}
        for full_name, native, role, title, local, languages in data.MEMBERS:
            members[local], _ = Member.objects.update_or_create(
                delegation=delegation,
                email=f"{local}@{EMAIL_DOMAIN}",
                defaults={
                    "full_name": full_name,
                    "native_name": native,
                    "role": role,
                    "title": title,
                    "home_time_zone": data.MEMBER_TIME_ZONE,
                    "languages": languages,
                    "preferred_language": languages[0],
                    "arrives_at": self.at("2027-09-03 11:40"),
                    "departs_at": self.at("2027-09-07 13:30"),
                },
            )
        return delegation, members

    def _organizations(self) -> dict[str, Organization]:
        organizations = {}
        for name, native, kind, country, city, sector, website in data.ORGANIZATIONS:
            organizations[name], _ = Organization.objects.update_or_create(
                name=name,
                country=country,
                defaults={"native_name": native, "kind": kind, "city": city, "sector": sector, "website": website},
            )
        return organizations

    def _contacts(self) -> dict[str, list[Contact]]:
        """Two people per organisation, drawn in turn from the invented names of its country."""
        taken: dict[str, int] = {}
        by_org: dict[str, list[Contact]] = {}
        for name, _native, kind, country, *_rest in data.ORGANIZATIONS:
            org = self.organizations[name]
            pool = data.PEOPLE[country]
            by_org[name] = []
            for rank in (1, 2):
                index = taken.get(country, 0)
                taken[country] = index + 1
                honorific, given, family, native_name, language = pool[index % len(pool)]
                full_name = f"{given} {family}".strip()
                cycle = index // len(pool)
                local = full_name.lower().replace(" ", ".").replace("'", "").replace("-", "")
                email = f"{local}{cycle or ''}@{EMAIL_DOMAIN}"
                contact, _ = Contact.objects.update_or_create(
                    email=email,
                    defaults={
                        "honorific": honorific,
                        "full_name": full_name,
                        "native_name": native_name,
                        "title": data.TITLES[kind][(rank - 1 + cycle) % len(data.TITLES[kind])],
                        "rank": rank,
                        "organization": org,
                        "country": country,
                        "languages": sorted({language, "en"}),
                        "preferred_language": language,
                        "tags": [kind, "wsce-2027"],
                        "consent": Contact.Consent.BUSINESS_CARD if rank == 1 else Contact.Consent.MEETING,
                        "owner": self.office,
                    },
                )
                contact.expos.add(self.expo)
                by_org[name].append(contact)
        return by_org

    # --- pavilion ----------------------------------------------------------------------------

    def _pavilion(self) -> tuple[Pavilion, dict[str, Exhibitor], list[tuple[str, str, str]]]:
        fields = {k: v for k, v in data.PAVILION.items() if k != "slug"}
        pavilion, _ = Pavilion.objects.update_or_create(
            slug=data.PAVILION["slug"], defaults={"expo": self.expo, **fields}
        )
        exhibitors, logins = {}, []
        for username, name, slug, category, booth, status, profile in data.EXHIBITORS:
            exhibitor, _ = Exhibitor.objects.update_or_create(
                pavilion=pavilion,
                slug=slug,
                defaults={
                    "name": name,
                    "category": category,
                    "booth": self.venues[booth],
                    "booth_code": booth.rsplit(" ", 1)[-1],
                },
            )
            user = self._user(username, office=False)
            ExhibitorMembership.objects.update_or_create(exhibitor=exhibitor, user=user, defaults={"is_admin": True})
            self._profile(exhibitor, status, {"company_name": name, **profile})
            exhibitors[slug] = exhibitor
            logins.append((username, data.DEMO_PASSWORD, f"exhibitor {name}"))
        return pavilion, exhibitors, logins

    def _profile(self, exhibitor: Exhibitor, status: str, fields: dict[str, Any]) -> None:
        profile = BoothProfile.objects.filter(exhibitor=exhibitor).first()
        if profile is not None:
            return  # never overwrite what the exhibitor has edited since
        profile = BoothProfile.objects.create(exhibitor=exhibitor, status=status, **fields)
        now = timezone.now()
        if status in {"submitted", "published"}:
            profile.submitted_at = now
        if status == "published":
            profile.published = profile_snapshot(profile)
            profile.published_at = now
        profile.save()

    # --- programme ---------------------------------------------------------------------------

    def _members_named(self, locals_: Sequence[str] | str) -> list[Member]:
        if locals_ == "*":
            return [m for m in self.members.values() if m.role != Member.Role.EXHIBITOR_REP]
        return [self.members[local] for local in locals_]

    def _itinerary(self) -> None:
        for kind, title, start, end, origin, destination, blocks, who in programme.ITINERARY:
            item, _ = ItineraryItem.objects.update_or_create(
                delegation=self.delegation,
                title=title,
                defaults={
                    "kind": kind,
                    "starts_at": self.at(start),
                    "ends_at": self.at(end),
                    "origin": origin,
                    "destination": destination,
                    "blocks_time": blocks,
                },
            )
            item.members.set(self._members_named(who))

    def _programme(self) -> None:
        load_schedule(self)
