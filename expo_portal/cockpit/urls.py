"""Pages that gather all three apps (the office's cockpit)."""

from django.urls import path

from expo_portal.cockpit import views

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("delegation/", views.delegation_overview, name="delegation-overview"),
    path("agenda/", views.agenda_grid, name="agenda-grid"),
    path("report/", views.outcome_report, name="outcome-report"),
    path("briefing/meeting/<int:pk>/", views.briefing_meeting, name="briefing-meeting"),
    path("briefing/member/<int:pk>/<str:day>/", views.briefing_member_day, name="briefing-member-day"),
    path("sw.js", views.service_worker, name="service-worker"),
]
