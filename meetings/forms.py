"""Forms of the schedule's pages. They only parse input; the services decide and save.

Times are entered in the expo's local time: views render and validate these forms inside
``timezone.override(expo.tz)``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from common.forms import IsoDateInput, IsoDateTimeInput, model_choices
from delegations.models import Contact, Expo, Member, Venue
from exhibitors.models import Exhibitor
from meetings.models import FollowUp, Meeting, MeetingAttendee, SlotDeadline, SpeakingSlot

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

    from meetings.services.meetings import AttendeeInput

LOCAL_INPUT = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"]


def _local_field(label: StrOrPromise) -> forms.DateTimeField:
    return forms.DateTimeField(label=label, input_formats=LOCAL_INPUT, widget=IsoDateTimeInput())


class MemberChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Member) -> str:
        return f"{obj.full_name} ({obj.get_role_display()})"


class ContactChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Contact) -> str:
        org = obj.organization.name if obj.organization is not None else ""
        label = f"{obj.full_name} — {org}" if org else obj.full_name
        if obj.never_email:
            # The form says so: this guest is reached through their protocol office, never by mail.
            label = f"{label} ({_('never e-mailed')})"
        return str(label)


class MeetingForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    kind = forms.ChoiceField(label=_("Kind"), choices=Meeting.Kind.choices)
    status = forms.ChoiceField(label=_("Status"), choices=Meeting.Status.choices, initial=Meeting.Status.PROPOSED)
    starts_at = _local_field(_("Starts (expo time)"))
    ends_at = _local_field(_("Ends (expo time)"))
    venue = forms.ModelChoiceField(label=_("Venue"), queryset=Venue.objects.none(), required=False)
    location = forms.CharField(label=_("Or an address / free-text place"), max_length=300, required=False)
    host = forms.ModelChoiceField(label=_("Host (our side)"), queryset=Member.objects.none(), required=False)
    members = MemberChoices(label=_("Members"), queryset=Member.objects.none(), required=False)
    interpreters = MemberChoices(label=_("Interpreters"), queryset=Member.objects.none(), required=False)
    contacts = ContactChoices(label=_("Contacts"), queryset=Contact.objects.none(), required=False)
    exhibitors = forms.ModelMultipleChoiceField(
        label=_("Exhibitors"), queryset=Exhibitor.objects.none(), required=False
    )
    language_a = forms.CharField(label=_("Language"), max_length=12, required=False, help_text=_("e.g. zh-hant"))
    language_b = forms.CharField(label=_("Interpreted into"), max_length=12, required=False, help_text=_("e.g. ko"))
    objectives = forms.CharField(label=_("Objectives"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    agenda = forms.CharField(label=_("Agenda"), widget=forms.Textarea(attrs={"rows": 4}), required=False)
    outcome = forms.CharField(label=_("Outcome notes"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    confirm_outside_expo = forms.BooleanField(label=_("Yes, schedule it outside the expo's days"), required=False)
    override_travel = forms.BooleanField(label=_("Save despite too little travel time"), required=False)
    # Last, so the template's slices of the other fields stay as they are; shown under "Who".
    notify_contacts = forms.BooleanField(
        label=_("E-mail the guests (contacts): invitation, changes and reminders"),
        required=False,
        help_text=_(
            "Off: only our members are e-mailed. On: you are asked before anything goes out and see "
            "each guest's mail first. Guests marked “never e-mail” are never written to."
        ),
    )

    def __init__(self, *args: Any, expo: Expo, extra_contact_ids: list[int] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.expo = expo
        members = Member.objects.filter(delegation__expo=expo).order_by("full_name")
        model_choices(self, "venue").queryset = Venue.objects.filter(expo=expo).order_by("kind", "name")
        model_choices(self, "host").queryset = members
        model_choices(self, "members").queryset = members
        model_choices(self, "interpreters").queryset = members
        # Contacts met at this expo (plus any already in the meeting): the whole book can be
        # tens of thousands of people, far too many for one list.
        contacts = Q(expos=expo) | Q(pk__in=extra_contact_ids or [])
        model_choices(self, "contacts").queryset = (
            Contact.objects.filter(contacts).distinct().select_related("organization").order_by("full_name")
        )
        self.fields["contacts"].help_text = _("People met at this expo; link others to the expo in the contact book.")
        model_choices(self, "exhibitors").queryset = Exhibitor.objects.filter(pavilion__expo=expo).order_by("name")
        for name in ("members", "interpreters", "contacts", "exhibitors"):
            self.fields[name].widget.attrs.update(
                {
                    "size": 6,
                    "data-attendee": name,
                    "data-filter-label": _("Filter %(list)s") % {"list": self.fields[name].label},
                    "data-filter-placeholder": _("Type to filter…"),
                }
            )

    def attendees(self) -> list[AttendeeInput]:
        data = self.cleaned_data
        rows: list[AttendeeInput] = []
        if data.get("host"):
            rows.append({"type": "member", "id": data["host"].pk, "role": MeetingAttendee.Role.HOST})
        rows += [{"type": "member", "id": m.pk, "role": MeetingAttendee.Role.PARTICIPANT} for m in data["members"]]
        rows += [{"type": "member", "id": m.pk, "role": MeetingAttendee.Role.INTERPRETER} for m in data["interpreters"]]
        rows += [{"type": "contact", "id": c.pk, "role": MeetingAttendee.Role.PARTICIPANT} for c in data["contacts"]]
        rows += [
            {"type": "exhibitor", "id": e.pk, "role": MeetingAttendee.Role.PARTICIPANT} for e in data["exhibitors"]
        ]
        return rows

    def service_fields(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        for name in ("host", "members", "interpreters", "contacts", "exhibitors"):
            data.pop(name)
        return data

    def people(self) -> list[Any]:
        """Everyone picked, in the order mails list them (host, members, interpreters, guests, exhibitors)."""
        data = self.cleaned_data
        people: list[Any] = [data["host"]] if data.get("host") else []
        for name in ("members", "interpreters", "contacts", "exhibitors"):
            people += [p for p in data[name] if p not in people]
        return people

    @staticmethod
    def initial_for(meeting: Meeting) -> dict[str, Any]:
        initial: dict[str, Any] = {
            name: getattr(meeting, name)
            for name in (
                "title",
                "kind",
                "status",
                "starts_at",
                "ends_at",
                "venue",
                "location",
                "language_a",
                "language_b",
                "objectives",
                "agenda",
                "outcome",
                "notify_contacts",
            )
        }
        attendees = list(meeting.attendees.all())
        host = [a.member_id for a in attendees if a.member_id and a.role == MeetingAttendee.Role.HOST]
        initial["host"] = host[0] if host else None
        initial["members"] = [
            a.member_id
            for a in attendees
            if a.member_id and a.role not in (MeetingAttendee.Role.HOST, MeetingAttendee.Role.INTERPRETER)
        ]
        initial["interpreters"] = [
            a.member_id for a in attendees if a.member_id and a.role == MeetingAttendee.Role.INTERPRETER
        ]
        initial["contacts"] = [a.contact_id for a in attendees if a.contact_id]
        initial["exhibitors"] = [a.exhibitor_id for a in attendees if a.exhibitor_id]
        return initial


class SpeakingSlotForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=SpeakingSlot.Kind.choices)
    title = forms.CharField(label=_("Title"), max_length=300)
    event_name = forms.CharField(label=_("Event (run by the host)"), max_length=300, required=False)
    stage = forms.ModelChoiceField(label=_("Stage"), queryset=Venue.objects.none(), required=False)
    starts_at = _local_field(_("Starts (expo time)"))
    ends_at = _local_field(_("Ends (expo time)"))
    speakers = MemberChoices(label=_("Speakers (members)"), queryset=Member.objects.none(), required=False)
    panelists = ContactChoices(label=_("Panelists (contacts)"), queryset=Contact.objects.none(), required=False)
    moderator = forms.ModelChoiceField(label=_("Moderator"), queryset=Contact.objects.none(), required=False)
    materials = forms.CharField(label=_("Materials"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    status = forms.ChoiceField(label=_("Status"), choices=SpeakingSlot.Status.choices)
    confirm_outside_expo = forms.BooleanField(label=_("Yes, schedule it outside the expo's days"), required=False)
    override_travel = forms.BooleanField(label=_("Save despite too little travel time"), required=False)

    def __init__(self, *args: Any, expo: Expo, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.expo = expo
        contacts = Contact.objects.select_related("organization").order_by("full_name")
        model_choices(self, "stage").queryset = Venue.objects.filter(expo=expo).order_by("kind", "name")
        model_choices(self, "speakers").queryset = Member.objects.filter(delegation__expo=expo).order_by("full_name")
        model_choices(self, "panelists").queryset = contacts
        model_choices(self, "moderator").queryset = contacts
        for name in ("speakers", "panelists"):
            self.fields[name].widget.attrs["size"] = 6
        user_model = get_user_model()
        owners = user_model.objects.filter(is_active=True).order_by("username")
        for kind, label in SlotDeadline.Kind.choices:
            self.fields[f"deadline_{kind}"] = forms.DateField(label=label, required=False, widget=IsoDateInput())
            self.fields[f"deadline_{kind}_owner"] = forms.ModelChoiceField(
                label=_("Owner"), queryset=owners, required=False
            )
            self.fields[f"deadline_{kind}_done"] = forms.BooleanField(label=_("Done"), required=False)

    def deadline_rows(self) -> list[tuple[StrOrPromise, Any, Any, Any]]:
        return [
            (label, self[f"deadline_{kind}"], self[f"deadline_{kind}_owner"], self[f"deadline_{kind}_done"])
            for kind, label in SlotDeadline.Kind.choices
        ]

    def service_fields(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        deadlines = []
        for kind, _label in SlotDeadline.Kind.choices:
            due = data.pop(f"deadline_{kind}")
            owner = data.pop(f"deadline_{kind}_owner")
            done = data.pop(f"deadline_{kind}_done")
            if due:
                deadlines.append({"kind": kind, "due_on": due, "owner": owner, "done": done})
        data["deadlines"] = deadlines
        data["speakers"] = list(data["speakers"])
        data["panelists"] = list(data["panelists"])
        return data

    @staticmethod
    def initial_for(slot: SpeakingSlot) -> dict[str, Any]:
        initial: dict[str, Any] = {
            name: getattr(slot, name)
            for name in ("kind", "title", "event_name", "stage", "starts_at", "ends_at", "moderator", "materials")
        }
        initial["status"] = slot.status
        initial["speakers"] = [m.pk for m in slot.speakers.all()]
        initial["panelists"] = [c.pk for c in slot.panelists.all()]
        for deadline in slot.deadlines.all():
            initial[f"deadline_{deadline.kind}"] = deadline.due_on
            initial[f"deadline_{deadline.kind}_owner"] = deadline.owner_id
            initial[f"deadline_{deadline.kind}_done"] = deadline.done_at is not None
        return initial


class FollowUpForm(forms.ModelForm):
    class Meta:
        model = FollowUp
        fields = ["title", "description", "owner", "due_on", "status", "meeting", "contact", "organization"]
        widgets = {
            "due_on": IsoDateInput(),
            "description": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choices(self, "owner").queryset = get_user_model().objects.filter(is_active=True).order_by("username")
        model_choices(self, "meeting").queryset = Meeting.objects.select_related("expo").order_by("starts_at")
        model_choices(self, "contact").queryset = Contact.objects.order_by("full_name")


class BoothShiftForm(forms.Form):
    exhibitor = forms.ModelChoiceField(label=_("Booth of"), queryset=Exhibitor.objects.none())
    member = forms.ModelChoiceField(label=_("Member on duty"), queryset=Member.objects.none())
    starts_at = _local_field(_("Starts (expo time)"))
    ends_at = _local_field(_("Ends (expo time)"))
    override_travel = forms.BooleanField(label=_("Save despite too little travel time"), required=False)

    def __init__(self, *args: Any, expo: Expo, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choices(self, "exhibitor").queryset = Exhibitor.objects.filter(pavilion__expo=expo).order_by("name")
        model_choices(self, "member").queryset = Member.objects.filter(delegation__expo=expo).order_by("full_name")
