"""Root URLs: each app's pages and API, included; nothing of their own."""

from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from common.health import healthz

api_v1: list[URLPattern | URLResolver] = [
    path("", include("delegations.api.urls")),
    path("", include("exhibitors.api.urls")),
    path("", include("meetings.api.urls")),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:api-schema"), name="api-docs"),
]

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("accounts/", include("common.accounts")),
    path("i18n/", include("django.conf.urls.i18n")),
    # API URL names live in the "api" namespace so they never shadow page names.
    path("api/v1/", include((api_v1, "api"))),
    path("", include("cockpit.urls")),
    path("", include("delegations.urls")),
    path("", include("exhibitors.urls")),
    path("", include("meetings.urls")),
]
