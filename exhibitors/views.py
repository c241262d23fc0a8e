from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from exhibitors import selectors


def pavilion(request: HttpRequest) -> HttpResponse:
    return render(request, "exhibitors/pavilion.html", {"exhibitors": selectors.published_exhibitors()})


def public_exhibitor(request: HttpRequest, slug: str) -> HttpResponse:
    exhibitor = selectors.published_exhibitors().filter(slug=slug).first()
    if exhibitor is None:
        raise Http404
    return render(
        request, "exhibitors/public_exhibitor.html", {"exhibitor": exhibitor, "profile": exhibitor.profile.published}
    )


@login_required
def exhibitor_home(request: HttpRequest) -> HttpResponse:
    exhibitors = selectors.exhibitors_for_user(request.user)
    return render(request, "exhibitors/home.html", {"exhibitors": exhibitors})
