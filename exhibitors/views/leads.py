"""Booth-lead pages: the phone-friendly capture form, the list, edit, delete and CSV export.

Exhibitor users see and change the leads of their own exhibitors; the office sees all.
Another exhibitor's lead answers 404; a signed-in user acting for no exhibitor gets 403.
Exhibitor users learn only whether a visitor is known to the office, never which contact it is.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from common.actors import actor_of
from common.forms import apply_service_errors, focus_first_error
from common.http import parse_id
from common.rules import OFFICE
from exhibitors import selectors as exhibitor_selectors
from exhibitors.current import SESSION_KEY as CURRENT_EXHIBITOR_SESSION_KEY
from exhibitors.forms import LeadForm
from exhibitors.models import Exhibitor, Lead
from exhibitors.selectors import exhibitors_for_user
from exhibitors.services import leads as lead_services

# Users acting for several exhibitors log leads for the one they currently act for.
LAST_EXHIBITOR_SESSION_KEY = CURRENT_EXHIBITOR_SESSION_KEY
PAGE_SIZE = 50


def _exhibitors_or_403(request: HttpRequest) -> list[Exhibitor]:
    if not request.user.has_perm("exhibitors.use_self_service"):
        raise PermissionDenied(_("You do not act for any exhibitor."))
    exhibitors = list(exhibitors_for_user(request.user).order_by("name"))
    if not exhibitors:
        raise PermissionDenied(_("You do not act for any exhibitor."))
    return exhibitors


def _lead_or_404(request: HttpRequest, pk: int) -> Lead:
    """A lead the user may change (their own exhibitors', or any for the office); others 404."""
    lead = exhibitor_selectors.leads_visible_to(request.user).filter(pk=pk).first()
    if lead is None or not request.user.has_perm("exhibitors.change_lead", lead):
        raise Http404(_("No such lead."))
    return lead


def _filtered(request: HttpRequest, exhibitors: list[Exhibitor]) -> tuple[QuerySet[Lead], Exhibitor | None]:
    leads = exhibitor_selectors.leads_visible_to(request.user)
    chosen = None
    raw = request.GET.get("exhibitor", "")
    if raw:
        chosen = next((e for e in exhibitors if e.pk == parse_id(raw)), None)
        if chosen is None:
            raise Http404(_("No such exhibitor."))
        leads = leads.filter(exhibitor=chosen)
    query = request.GET.get("q", "").strip()
    if query:
        leads = leads.filter(
            Q(full_name__icontains=query)
            | Q(organization_name__icontains=query)
            | Q(email__icontains=query)
            | Q(interest__icontains=query)
        )
    return leads, chosen


def _saved_message(request: HttpRequest, lead: Lead, *, created: bool) -> None:
    done = _("Saved.") if created else _("Changes saved.")
    contact = lead.contact
    if contact is not None and not request.user.has_perm(OFFICE):
        detail = _("%(name)s is known to the office.") % {"name": lead.full_name}
    elif contact is not None:
        organization = contact.organization.name if contact.organization else ""
        detail = _("%(name)s matches a known contact: %(contact)s%(org)s.") % {
            "name": lead.full_name,
            "contact": contact.full_name,
            "org": f" ({organization})" if organization else "",
        }
    else:
        detail = _("%(name)s is a new visitor.") % {"name": lead.full_name}
    messages.success(request, f"{done} {detail}")


@login_required
@require_safe
def lead_list(request: HttpRequest) -> HttpResponse:
    exhibitors = _exhibitors_or_403(request)
    leads, chosen = _filtered(request, exhibitors)
    page = Paginator(leads, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "exhibitors/leads/list.html",
        {
            "page": page,
            "leads": page.object_list,
            "exhibitors": exhibitors,
            "chosen": chosen,
            "query": request.GET.get("q", "").strip(),
            "show_exhibitor": len(exhibitors) > 1,
            "highlight": request.GET.get("saved", ""),
            "sees_contact_book": request.user.has_perm(OFFICE),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def lead_create(request: HttpRequest) -> HttpResponse:
    exhibitors = _exhibitors_or_403(request)
    last = request.session.get(LAST_EXHIBITOR_SESSION_KEY)
    initial_exhibitor = next((e for e in exhibitors if e.pk == last), exhibitors[0])
    form = LeadForm(request.POST or None, exhibitors=exhibitors, initial={"exhibitor": initial_exhibitor.pk})
    if request.method == "POST" and form.is_valid():
        exhibitor = form.cleaned_data["exhibitor"]
        try:
            lead = lead_services.lead_create(actor=actor_of(request), exhibitor=exhibitor, **form.lead_fields())
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            request.session[LAST_EXHIBITOR_SESSION_KEY] = exhibitor.pk
            _saved_message(request, lead, created=True)
            return redirect(f"{_list_url()}?saved={lead.pk}")
    focus_first_error(form)
    return render(
        request,
        "exhibitors/leads/form.html",
        {"form": form, "creating": True, "several_exhibitors": len(exhibitors) > 1},
    )


@login_required
@require_http_methods(["GET", "POST"])
def lead_edit(request: HttpRequest, pk: int) -> HttpResponse:
    lead = _lead_or_404(request, pk)
    form = LeadForm(request.POST or None, instance=lead, with_exhibitor=False)
    if request.method == "POST" and form.is_valid():
        try:
            lead = lead_services.lead_update(
                lead=Lead.objects.get(pk=pk), actor=actor_of(request), **form.lead_fields()
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            _saved_message(request, lead, created=False)
            return redirect(f"{_list_url()}?saved={lead.pk}")
    focus_first_error(form)
    return render(
        request,
        "exhibitors/leads/form.html",
        {"form": form, "lead": lead, "creating": False},
    )


@login_required
@require_http_methods(["GET", "POST"])
def lead_delete(request: HttpRequest, pk: int) -> HttpResponse:
    lead = _lead_or_404(request, pk)
    if request.method == "POST":
        lead_services.lead_delete(lead=lead, actor=actor_of(request))
        messages.success(request, _("Deleted the lead %(name)s.") % {"name": lead.full_name})
        return redirect(_list_url())
    return render(request, "exhibitors/leads/confirm_delete.html", {"lead": lead})


@login_required
@require_safe
def lead_export(request: HttpRequest) -> HttpResponse:
    exhibitors = _exhibitors_or_403(request)
    leads, chosen = _filtered(request, exhibitors)
    if request.GET.get("shared") == "1":
        leads = leads.filter(shared_with_office=True)
    if chosen is not None:
        stem = chosen.slug
    elif len(exhibitors) == 1 and not request.user.has_perm(OFFICE):
        stem = exhibitors[0].slug
    else:
        stem = "pavilion"
    body = lead_services.leads_csv(leads.order_by("created_at", "id"), contact_names=request.user.has_perm(OFFICE))
    response = HttpResponse(body, content_type="text/csv")
    response["Content-Disposition"] = f'attachment; filename="leads-{stem}-{timezone.now():%Y%m%d}.csv"'
    response["Cache-Control"] = "private, no-store"
    return response


def _list_url() -> str:
    return reverse("lead-list")
