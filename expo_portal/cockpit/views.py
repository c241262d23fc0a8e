"""The office's cockpit: pages that read all three apps through their selectors."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from delegations import selectors as delegation_selectors
from exhibitors import selectors as exhibitor_selectors
from expo_portal.roles import user_is_office


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    if not user_is_office(request.user):
        if exhibitor_selectors.exhibitors_for_user(request.user).exists():
            return redirect("exhibitor-home")
        return render(request, "cockpit/no_role.html", status=403)
    return render(request, "cockpit/dashboard.html", {"expo": delegation_selectors.current_expo()})
