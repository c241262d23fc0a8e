from __future__ import annotations

from django.http import HttpRequest

from expo_portal.roles import user_is_office


def portal(request: HttpRequest) -> dict[str, object]:
    user = getattr(request, "user", None)
    return {"is_office": bool(user and user_is_office(user))}
