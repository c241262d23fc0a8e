from django.urls import path

from exhibitors import views, views_profile, views_team

# The public pavilion, the exhibitor's landing page, booth profiles with review, teams.
urlpatterns = [
    path("pavilion/", views.pavilion, name="pavilion"),
    path("pavilion/<slug:slug>/", views.public_exhibitor, name="pavilion-exhibitor"),
    path("exhibitor/", views.exhibitor_home, name="exhibitor-home"),
    path("exhibitor/switch/", views.exhibitor_switch, name="exhibitor-switch"),
    path("exhibitor/team/", views.exhibitor_team_current, name="exhibitor-team"),
    path("exhibitors/<int:exhibitor_id>/profile/", views_profile.profile_edit, name="exhibitor-profile"),
    path("exhibitors/<int:exhibitor_id>/profile/logo/", views_profile.profile_logo, name="exhibitor-profile-logo"),
    path("exhibitors/<int:exhibitor_id>/profile/gallery/", views_profile.gallery_add, name="exhibitor-gallery-add"),
    path(
        "exhibitors/<int:exhibitor_id>/profile/gallery/<int:image_id>/remove/",
        views_profile.gallery_remove,
        name="exhibitor-gallery-remove",
    ),
    path(
        "exhibitors/<int:exhibitor_id>/profile/submit/", views_profile.profile_submit, name="exhibitor-profile-submit"
    ),
    path(
        "exhibitors/<int:exhibitor_id>/profile/preview/",
        views_profile.profile_preview,
        name="exhibitor-profile-preview",
    ),
    path(
        "exhibitors/<int:exhibitor_id>/profile/history/",
        views_profile.profile_history,
        name="exhibitor-profile-history",
    ),
    path(
        "exhibitors/<int:exhibitor_id>/profile/review/", views_profile.profile_review, name="exhibitor-profile-review"
    ),
    path(
        "exhibitors/<int:exhibitor_id>/profile/changes/",
        views_profile.profile_changes,
        name="exhibitor-profile-changes",
    ),
    path("exhibitors/<int:exhibitor_id>/team/", views_team.team, name="exhibitor-team-detail"),
    path(
        "exhibitors/<int:exhibitor_id>/team/<int:membership_id>/remove/",
        views_team.team_remove,
        name="exhibitor-team-remove",
    ),
    path("accounts/invitation/<str:token>/", views_team.invitation_accept, name="exhibitor-invitation"),
    path("accounts/team-invitation/<str:token>/", views_team.team_join, name="exhibitor-team-join"),
]

# Booth leads, the office's pavilion view and the brochure.
from exhibitors import views_leads, views_office  # noqa: E402

urlpatterns += [
    path("exhibitor/leads/", views_leads.lead_list, name="lead-list"),
    path("exhibitor/leads/new/", views_leads.lead_create, name="lead-create"),
    path("exhibitor/leads/export.csv", views_leads.lead_export, name="lead-export"),
    path("exhibitor/leads/<int:pk>/edit/", views_leads.lead_edit, name="lead-edit"),
    path("exhibitor/leads/<int:pk>/delete/", views_leads.lead_delete, name="lead-delete"),
    path("office/pavilion/", views_office.pavilion_review, name="pavilion-review"),
    path("office/pavilion/brochure/", views_office.pavilion_brochure, name="pavilion-brochure"),
]
