"""Root URLs: each app's pages and API, included; nothing of their own."""

from django.conf import settings
from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path, re_path
from django.views.decorators.http import require_safe
from django.views.static import serve
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from common.health import healthz

api_v1: list[URLPattern | URLResolver] = [
    path("", include("delegations.api.urls")),
    path("", include("exhibitors.api.urls")),
    path("", include("meetings.api.urls")),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:api-schema"), name="api-docs"),
]

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("accounts/", include("django.contrib.auth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    # API URL names live in the "api" namespace so they never shadow page names.
    path("api/v1/", include((api_v1, "api"))),
    path("", include("cockpit.urls")),
    path("", include("delegations.urls")),
    path("", include("exhibitors.urls")),
    path("", include("meetings.urls")),
]

# Uploaded files are only images that were decoded and re-encoded on upload (exhibitors/images.py),
# so the app may serve them itself; a reverse proxy in front can take this over.
urlpatterns += [
    re_path(r"^media/(?P<path>.*)$", require_safe(serve), {"document_root": settings.MEDIA_ROOT}, name="media"),
]
