"""Organisation pages for office staff: directory, detail with history, edit, delete."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from common.actors import actor_of
from common.display import attach
from common.forms import apply_service_errors
from common.permissions import office_required
from delegations import services
from delegations.filters import OrganizationFilterSet
from delegations.forms import (
    OrganizationDirectoryForm,
    OrganizationForm,
)
from delegations.history import readable_history
from delegations.models import Contact, Organization
from delegations.views.directory import SEARCH_LIMIT, keyset_page, query_without, ranked

# --- Organisations ------------------------------------------------------------------------------


@office_required
@require_safe
def organization_list(request: HttpRequest) -> HttpResponse:
    filterset = OrganizationFilterSet(request.GET, queryset=Organization.objects.all())
    form = OrganizationDirectoryForm(request.GET)
    form.is_valid()
    rows: list[Organization] = []
    next_cursor = None
    searching = False
    if filterset.is_valid():
        qs = filterset.qs
        term = filterset.form.cleaned_data.get("q") or ""
        if term:
            searching = True
            rows = list(ranked(qs, term, "name", "native_name")[:SEARCH_LIMIT])
        else:
            rows, next_cursor = keyset_page(qs, request, "name")
        # People per organisation, counted for the rows shown only (one query).
        counts = dict(
            Contact.objects.filter(organization__in=rows)
            .values("organization")
            .annotate(n=Count("id"))
            .values_list("organization", "n")
        )
        for organization in rows:
            attach(organization, contact_count=counts.get(organization.pk, 0))
    filters = query_without(request, "after", "partial")
    context = {
        "form": form,
        "filter_errors": filterset.errors,
        "organizations": rows,
        "searching": searching,
        "search_limit": SEARCH_LIMIT,
        "next_url": f"?{urlencode({**filters, 'after': next_cursor})}" if next_cursor else None,
        "first_url": f"?{urlencode(filters)}" if request.GET.get("after") else None,
        "filtered": bool(filters),
    }
    if request.GET.get("partial") == "1":
        return render(request, "delegations/includes/organization_results.html", context)
    return render(request, "delegations/organization_list.html", context)


@office_required
@require_safe
def organization_detail(request: HttpRequest, pk: int) -> HttpResponse:
    organization = get_object_or_404(Organization, pk=pk)
    contacts = list(organization.contacts.select_related("owner").order_by("rank", "full_name", "id")[:500])
    history = _organization_history(organization)
    return render(
        request,
        "delegations/organization_detail.html",
        {"organization": organization, "contacts": contacts, "history": history},
    )


def _organization_history(organization: Organization) -> list[dict[str, Any]]:
    return readable_history(organization.events.select_related("pgh_context").order_by("pgh_id"), Organization)


@office_required
@require_http_methods(["GET", "POST"])
def organization_create(request: HttpRequest) -> HttpResponse:
    form = OrganizationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            organization = services.organization_create(actor=actor_of(request), **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Organisation “%(name)s” created.") % {"name": organization.name})
            return redirect("organization-detail", pk=organization.pk)
    return render(request, "delegations/organization_form.html", {"form": form, "organization": None})


@office_required
@require_http_methods(["GET", "POST"])
def organization_update(request: HttpRequest, pk: int) -> HttpResponse:
    organization = get_object_or_404(Organization, pk=pk)
    form = OrganizationForm(request.POST or None, initial=OrganizationForm.initial_from(organization))
    if request.method == "POST" and form.is_valid():
        try:
            services.organization_update(organization=organization, actor=actor_of(request), **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Changes to “%(name)s” saved.") % {"name": organization.name})
            return redirect("organization-detail", pk=organization.pk)
    return render(request, "delegations/organization_form.html", {"form": form, "organization": organization})


@office_required
@require_http_methods(["GET", "POST"])
def organization_delete(request: HttpRequest, pk: int) -> HttpResponse:
    organization = get_object_or_404(Organization, pk=pk)
    if request.method == "POST":
        try:
            services.organization_delete(organization=organization, actor=actor_of(request))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("organization-detail", pk=organization.pk)
        messages.success(request, _("Organisation “%(name)s” deleted.") % {"name": organization.name})
        return redirect("organization-list")
    count = organization.contacts.count()
    consequences = (
        [_("%(count)d contact(s) still belong to it: move or delete them first.") % {"count": count}]
        if count
        else [_("Follow-ups and exhibitors that name it lose the link; its history stays.")]
    )
    return render(
        request,
        "delegations/confirm_delete.html",
        {
            "object": organization,
            "kind": _("organisation"),
            "consequences": consequences,
            "blocked": bool(count),
            "cancel_url": reverse("organization-detail", args=[organization.pk]),
        },
    )
