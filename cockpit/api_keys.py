"""API-key pages for office staff: list with last use and pulls, create (key shown once), revoke."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Max, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_safe

from common.actors import user_of
from common.api_keys.services import api_key_create, api_key_revoke
from common.models import SCOPES, ApiKey, ApiPullLog
from common.permissions import office_required
from delegations.selectors import CONTACT_PUBLIC_FIELDS

# Contact fields a key can be limited to (``id`` always goes out: a mirror needs it).
ALLOWLIST_FIELDS = tuple(field for field in CONTACT_PUBLIC_FIELDS if field != "id")


class ApiKeyForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Name"), max_length=50, help_text=gettext_lazy("The system that uses it, e.g. city-crm.")
    )
    purpose = forms.CharField(
        label=gettext_lazy("Purpose"),
        max_length=300,
        help_text=gettext_lazy("Why this system may read the contact book (kept with every pull)."),
    )
    scopes = forms.MultipleChoiceField(
        label=gettext_lazy("Scopes"), choices=[(s, s) for s in SCOPES], widget=forms.CheckboxSelectMultiple
    )
    field_allowlist = forms.MultipleChoiceField(
        label=gettext_lazy("Only these contact fields (none ticked: all fields)"),
        choices=[(f, f) for f in ALLOWLIST_FIELDS],
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    expires_in_days = forms.IntegerField(
        label=gettext_lazy("Expires after (days)"),
        required=False,
        min_value=1,
        max_value=3650,
        help_text=gettext_lazy("Leave empty for a key that does not expire."),
    )


def _key_or_404(queryset, value: str) -> ApiKey:
    """Pages address a key by its public prefix; its full id is accepted too."""
    return get_object_or_404(queryset, Q(prefix=value) | Q(pk=value))


@office_required
@require_safe
def api_key_list(request: HttpRequest) -> HttpResponse:
    keys = (
        ApiKey.objects.select_related("created_by")
        .annotate(pull_count=Count("pulls"), last_pull=Max("pulls__at"))
        .order_by("revoked", "name", "-created")
    )
    return render(request, "api_keys/list.html", {"keys": keys})


@office_required
@require_http_methods(["GET", "POST"])
def api_key_new(request: HttpRequest) -> HttpResponse:
    form = ApiKeyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        expiry = timezone.now() + dt.timedelta(days=data["expires_in_days"]) if data["expires_in_days"] else None
        try:
            key, raw = api_key_create(
                name=data["name"],
                scopes=data["scopes"],
                expiry_date=expiry,
                purpose=data["purpose"],
                field_allowlist=data["field_allowlist"],
                created_by=user_of(request),
            )
        except ValueError as exc:
            form.add_error("name", str(exc))
        else:
            # The key itself is shown on this response only; it is never stored or shown again.
            response = render(request, "api_keys/created.html", {"key": key, "raw_key": raw})
            response["Cache-Control"] = "no-store"
            return response
    return render(request, "api_keys/form.html", {"form": form})


@office_required
@require_safe
def api_key_detail(request: HttpRequest, pk: str) -> HttpResponse:
    key = _key_or_404(ApiKey.objects.select_related("created_by"), pk)
    pulls = Paginator(ApiPullLog.objects.filter(key=key).order_by("-at", "-id"), 50).get_page(request.GET.get("page"))
    return render(request, "api_keys/detail.html", {"key": key, "pulls": pulls})


@office_required
@require_http_methods(["GET", "POST"])
def api_key_revoke_view(request: HttpRequest, pk: str) -> HttpResponse:
    key = _key_or_404(ApiKey.objects.all(), pk)
    if key.revoked:
        messages.info(request, _("This key is already revoked."))
        return redirect("api-key-detail", pk=key.prefix)
    if request.method == "POST":
        api_key_revoke(name=key.name)
        messages.success(request, _("Key “%(name)s” revoked; it stops working at once.") % {"name": key.name})
        return redirect("api-key-list")
    return render(request, "api_keys/revoke.html", {"key": key})
