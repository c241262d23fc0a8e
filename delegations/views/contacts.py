"""The contact book's pages for office staff: directory, edit, delete, export, duplicates and merge.

The contact detail page gathers meetings, leads and follow-ups of other apps, so it lives in the
composition root (``cockpit/contacts.py``).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from common.actors import actor_of
from common.forms import apply_service_errors, focus_first_error
from common.http import parse_id
from common.permissions import office_required
from delegations import duplicates, exports, services
from delegations.filters import ContactFilterSet
from delegations.forms import (
    ContactDirectoryForm,
    ContactForm,
    MergeForm,
    organization_label,
)
from delegations.models import Contact, Organization
from delegations.selectors import CONTACT_PUBLIC_FIELDS
from delegations.views.directory import SEARCH_LIMIT, keyset_page, query_without, ranked

# --- Contacts -----------------------------------------------------------------------------------


def contact_queryset() -> QuerySet[Contact]:
    return Contact.objects.select_related("organization", "owner")


def _valid_in_one_round(form: ContactForm, *, contact: Contact | None) -> bool:
    """The form's checks and the contact book's own rules, reported together: when the form finds
    an error, the fields it accepted are checked by the service too, so one submission lists every
    problem (never one round of errors, then another)."""
    if form.is_valid():
        return True
    if not form.is_bound:  # an empty POST: nothing to check yet, the form is shown again
        return False
    accepted = {name: value for name, value in form.service_fields().items() if name not in form.errors}
    try:
        services.contact_check(contact=contact, **accepted)
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            target = name if name in form.fields else None
            if target is not None and target in form.errors:
                continue  # the form already says what is wrong with it
            for message in messages:
                form.add_error(target, message)
    return False


@office_required
@require_safe
def contact_list(request: HttpRequest) -> HttpResponse:
    filterset = ContactFilterSet(request.GET, queryset=contact_queryset())
    form = ContactDirectoryForm(request.GET)
    form.is_valid()
    rows: list[Contact] = []
    next_cursor = None
    searching = False
    if filterset.is_valid():
        qs = filterset.qs
        term = filterset.form.cleaned_data.get("q") or ""
        if term:
            searching = True
            rows = list(ranked(qs, term, "full_name", "native_name", "email", "organization__name")[:SEARCH_LIMIT])
        else:
            rows, next_cursor = keyset_page(qs, request, "full_name")
    filters = query_without(request, "after", "partial")
    context = {
        "form": form,
        "filter_errors": filterset.errors,
        "contacts": rows,
        "searching": searching,
        "search_limit": SEARCH_LIMIT,
        "next_url": f"?{urlencode({**filters, 'after': next_cursor})}" if next_cursor else None,
        "first_url": f"?{urlencode(filters)}" if request.GET.get("after") else None,
        "export_query": urlencode(filters),
        "filtered": bool(filters),
    }
    if request.GET.get("partial") == "1":
        return render(request, "delegations/includes/contact_results.html", context)
    return render(request, "delegations/contact_list.html", context)


@office_required
@require_http_methods(["GET", "POST"])
def contact_create(request: HttpRequest) -> HttpResponse:
    initial = {}
    organization_id = parse_id(request.GET.get("organization"))
    if organization_id is not None:
        organization = Organization.objects.filter(pk=organization_id).first()
        if organization is not None:
            initial["organization"] = organization_label(organization)
    form = ContactForm(request.POST or None, initial=initial)
    if request.method == "POST" and _valid_in_one_round(form, contact=None):
        try:
            contact = services.contact_create(actor=actor_of(request), **form.service_fields())
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Contact “%(name)s” created.") % {"name": contact.full_name})
            return redirect("contact-detail", pk=contact.pk)
    focus_first_error(form)
    return render(request, "delegations/contact_form.html", {"form": form, "contact": None})


@office_required
@require_http_methods(["GET", "POST"])
def contact_update(request: HttpRequest, pk: int) -> HttpResponse:
    contact = get_object_or_404(contact_queryset(), pk=pk)
    form = ContactForm(request.POST or None, initial=ContactForm.initial_from(contact))
    if request.method == "POST" and _valid_in_one_round(form, contact=contact):
        try:
            services.contact_update(contact=contact, actor=actor_of(request), **form.service_fields())
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Changes to “%(name)s” saved.") % {"name": contact.full_name})
            return redirect("contact-detail", pk=contact.pk)
    focus_first_error(form)
    return render(request, "delegations/contact_form.html", {"form": form, "contact": contact})


@office_required
@require_http_methods(["GET", "POST"])
def contact_delete(request: HttpRequest, pk: int) -> HttpResponse:
    contact = get_object_or_404(contact_queryset(), pk=pk)
    if request.method == "POST":
        try:
            services.contact_delete(contact=contact, actor=actor_of(request))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("contact-detail", pk=contact.pk)
        messages.success(request, _("Contact “%(name)s” deleted.") % {"name": contact.full_name})
        return redirect("contact-list")
    consequences = [
        _("%(count)d meeting attendance(s) will be removed.") % {"count": contact.meeting_attendances.count()},
        _("%(count)d lead(s) and %(follow)d follow-up(s) keep their text but lose the link.")
        % {"count": contact.leads.count(), "follow": contact.follow_ups.count()},
        _("Syncing systems are told the contact was deleted; its history stays."),
    ]
    return render(
        request,
        "delegations/confirm_delete.html",
        {
            "object": contact,
            "kind": _("contact"),
            "consequences": consequences,
            "cancel_url": reverse("contact-detail", args=[contact.pk]),
        },
    )


def _label(name: str) -> str:
    """The verbose name of one of the contact's own fields."""
    field = Contact._meta.get_field(name)
    if not isinstance(field, models.Field):
        raise TypeError(f"{name!r} is not a column of a contact")
    return str(field.verbose_name)


# --- Export -------------------------------------------------------------------------------------


def _export_response(request: HttpRequest, file_format: str) -> HttpResponseBase:
    """The directory's current filter as a streamed CSV or vCard download (shared export code)."""
    filterset = ContactFilterSet(request.GET, queryset=Contact.objects.all())
    if not filterset.is_valid():
        messages.error(request, _("The filter is not valid; nothing was exported."))
        return redirect(f"{reverse('contact-list')}?{urlencode(query_without(request, 'bom'))}")
    return exports.contact_export_response(
        filterset.qs.order_by("full_name", "id"),
        fields=CONTACT_PUBLIC_FIELDS,
        file_format=file_format,
        bom=request.GET.get("bom") == "1",
    )


@office_required
@require_safe
def contact_export_csv(request: HttpRequest) -> HttpResponseBase:
    return _export_response(request, "csv")


@office_required
@require_safe
def contact_export_vcf(request: HttpRequest) -> HttpResponseBase:
    return _export_response(request, "vcf")


# --- Duplicates and merge -----------------------------------------------------------------------


@office_required
@require_safe
def contact_duplicates(request: HttpRequest) -> HttpResponse:
    try:
        page_number = max(1, int(request.GET.get("page", "1")))
    except ValueError:
        page_number = 1
    per_page = 25
    pairs, total = duplicates.likely_duplicates(limit=per_page, offset=(page_number - 1) * per_page)
    pages = Paginator(range(total), per_page) if total else None
    return render(
        request,
        "delegations/duplicates.html",
        {
            "pairs": pairs,
            "total": total,
            "capped": total >= duplicates.MAX_PAIRS,
            "page": pages.get_page(page_number) if pages else None,
        },
    )


# Fields shown side by side on the merge screen (lists are united, so no choice is asked for them).
MERGE_SHOWN = services.MERGEABLE_FIELDS


def _display(contact: Contact, name: str) -> str:
    if name == "organization":
        return str(contact.organization or "")
    if name == "owner":
        return str(contact.owner or "")
    if name == "country":
        return contact.country.name if contact.country else ""
    if name == "consent":
        return contact.get_consent_display() if contact.consent else ""
    value = getattr(contact, name)
    return "" if value in (None, "") else str(value)


@office_required
@require_http_methods(["GET", "POST"])
def contact_merge(request: HttpRequest, keep: int, duplicate: int) -> HttpResponse:
    qs = contact_queryset()
    keep_contact = get_object_or_404(qs, pk=keep)
    duplicate_contact = get_object_or_404(qs, pk=duplicate)
    if keep_contact.pk == duplicate_contact.pk:
        messages.error(request, _("A contact cannot be merged with itself."))
        return redirect("contact-duplicates")
    differing = [name for name in MERGE_SHOWN if _display(keep_contact, name) != _display(duplicate_contact, name)]
    form = MergeForm(request.POST or None, keep=keep_contact, duplicate=duplicate_contact, fields=differing)
    # Where the kept contact has nothing, the duplicate's value is taken unless staff choose otherwise.
    for name in differing:
        if not _display(keep_contact, name):
            form.fields[name].initial = "duplicate"
    if request.method == "POST" and form.is_valid():
        try:
            merged = services.contact_merge(
                keep=keep_contact, duplicate=duplicate_contact, actor=actor_of(request), picks=form.picks()
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("Merged into “%(name)s”; every meeting, lead, follow-up and the history of both are kept.")
                % {"name": merged.full_name},
            )
            return redirect("contact-detail", pk=merged.pk)
    rows = [
        {
            "name": name,
            "label": _label(name),
            "keep": _display(keep_contact, name),
            "duplicate": _display(duplicate_contact, name),
            "field": form[name] if name in form.fields else None,
        }
        for name in MERGE_SHOWN
    ]
    counts = {
        c.pk: {
            "meetings": c.meeting_attendances.count(),
            "leads": c.leads.count(),
            "follow_ups": c.follow_ups.count(),
        }
        for c in (keep_contact, duplicate_contact)
    }
    return render(
        request,
        "delegations/merge.html",
        {
            "form": form,
            "keep": keep_contact,
            "duplicate": duplicate_contact,
            "rows": rows,
            "united_tags": list(dict.fromkeys([*keep_contact.tags, *duplicate_contact.tags])),
            "united_languages": list(dict.fromkeys([*keep_contact.languages, *duplicate_contact.languages])),
            "keep_counts": counts[keep_contact.pk],
            "duplicate_counts": counts[duplicate_contact.pk],
            "swap_url": reverse("contact-merge", args=[duplicate_contact.pk, keep_contact.pk]),
        },
    )
