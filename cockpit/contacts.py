"""The contact detail page: one person's meetings, speeches, leads, follow-ups and change history.

It gathers three apps, so it lives in the composition root and reads each app through its
selectors only.
"""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from common.permissions import office_required
from delegations import duplicates
from delegations import selectors as delegation_selectors
from delegations.history import contact_history
from exhibitors import selectors as exhibitor_selectors
from meetings import selectors as meeting_selectors

SHOWN = 100


@office_required
@require_safe
def contact_detail(request: HttpRequest, pk: int) -> HttpResponse:
    contact = (
        delegation_selectors.contact_list().select_related("owner").prefetch_related("expos").filter(pk=pk).first()
    )
    if contact is None:
        # A contact merged into another lives on there: old links and bookmarks still arrive.
        kept = delegation_selectors.contact_merged_into(pk)
        if kept is None:
            raise Http404(_("No such contact."))
        messages.info(request, _("That contact was merged into this one."))
        return redirect("contact-detail", pk=kept)
    meetings = list(
        meeting_selectors.meeting_list()
        .filter(attendees__contact_id=contact.pk)
        .distinct()
        .order_by("-starts_at")[:SHOWN]
    )
    slots = list(
        meeting_selectors.speaking_slot_list()
        .filter(Q(panelists__id=contact.pk) | Q(moderator_id=contact.pk))
        .distinct()
        .order_by("-starts_at")[:SHOWN]
    )
    leads = list(exhibitor_selectors.leads_for_user(request.user).filter(contact_id=contact.pk)[:SHOWN])
    follow_ups = list(meeting_selectors.follow_up_list().filter(contact_id=contact.pk).order_by("due_on", "id")[:SHOWN])
    return render(
        request,
        "cockpit/contact_detail.html",
        {
            "contact": contact,
            "meetings": meetings,
            "slots": slots,
            "leads": leads,
            "follow_ups": follow_ups,
            "history": contact_history(contact),
            "possible_duplicates": duplicates.duplicates_of(contact),
        },
    )
