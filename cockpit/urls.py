"""Pages that gather all three apps (the office's cockpit), and the API-key pages."""

from django.urls import path

from cockpit import api_keys, views
from cockpit.contacts import contact_detail

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("delegation/", views.delegation_overview, name="delegation-overview"),
    path("agenda/", views.agenda_grid, name="agenda-grid"),
    path("report/", views.outcome_report, name="outcome-report"),
    path("briefing/meeting/<int:pk>/", views.briefing_meeting, name="briefing-meeting"),
    path("briefing/member/<int:pk>/<str:day>/", views.briefing_member_day, name="briefing-member-day"),
    path("sw.js", views.service_worker, name="service-worker"),
    path("contacts/<int:pk>/", contact_detail, name="contact-detail"),
    path("api-keys/", api_keys.api_key_list, name="api-key-list"),
    path("api-keys/new/", api_keys.api_key_new, name="api-key-create"),
    path("api-keys/<str:pk>/", api_keys.api_key_detail, name="api-key-detail"),
    path("api-keys/<str:pk>/revoke/", api_keys.api_key_revoke_view, name="api-key-revoke"),
]
