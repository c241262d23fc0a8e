"""Pages (not API) for managing API keys."""

from django.urls import path

from expo_portal.api_keys import views

urlpatterns = [
    path("api-keys/", views.api_key_list, name="api-key-list"),
    path("api-keys/new/", views.api_key_new, name="api-key-create"),
    path("api-keys/<str:pk>/", views.api_key_detail, name="api-key-detail"),
    path("api-keys/<str:pk>/revoke/", views.api_key_revoke_view, name="api-key-revoke"),
]
