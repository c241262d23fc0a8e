"""Pages that gather all three apps (the office's cockpit)."""

from django.urls import path

from expo_portal.cockpit import views

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
]
