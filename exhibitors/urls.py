from django.urls import path, re_path

from exhibitors.views import home, leads, media, office, profile, team

# The public pavilion, the exhibitor's landing page, booth profiles with review, teams.
urlpatterns = [
    path("pavilion/", home.pavilion, name="pavilion"),
    path("pavilion/<slug:slug>/", home.public_exhibitor, name="pavilion-exhibitor"),
    path("exhibitor/", home.exhibitor_home, name="exhibitor-home"),
    path("exhibitor/switch/", home.exhibitor_switch, name="exhibitor-switch"),
    path("exhibitor/team/", home.exhibitor_team_current, name="exhibitor-team"),
    path("exhibitors/<int:exhibitor_id>/profile/", profile.profile_edit, name="exhibitor-profile"),
    path("exhibitors/<int:exhibitor_id>/profile/logo/", profile.profile_logo, name="exhibitor-profile-logo"),
    path("exhibitors/<int:exhibitor_id>/profile/gallery/", profile.gallery_add, name="exhibitor-gallery-add"),
    path(
        "exhibitors/<int:exhibitor_id>/profile/gallery/<int:image_id>/remove/",
        profile.gallery_remove,
        name="exhibitor-gallery-remove",
    ),
    path("exhibitors/<int:exhibitor_id>/profile/submit/", profile.profile_submit, name="exhibitor-profile-submit"),
    path(
        "exhibitors/<int:exhibitor_id>/profile/preview/",
        profile.profile_preview,
        name="exhibitor-profile-preview",
    ),
    path(
        "exhibitors/<int:exhibitor_id>/profile/history/",
        profile.profile_history,
        name="exhibitor-profile-history",
    ),
    path("exhibitors/<int:exhibitor_id>/profile/review/", profile.profile_review, name="exhibitor-profile-review"),
    path(
        "exhibitors/<int:exhibitor_id>/profile/changes/",
        profile.profile_changes,
        name="exhibitor-profile-changes",
    ),
    path("exhibitors/<int:exhibitor_id>/team/", team.team, name="exhibitor-team-detail"),
    path(
        "exhibitors/<int:exhibitor_id>/team/<int:membership_id>/remove/",
        team.team_remove,
        name="exhibitor-team-remove",
    ),
    path("accounts/invitation/<str:token>/", team.invitation_accept, name="exhibitor-invitation"),
    path("accounts/team-invitation/<str:token>/", team.team_join, name="exhibitor-team-join"),
]

# Booth leads, the office's pavilion view and the brochure.

urlpatterns += [
    path("exhibitor/leads/", leads.lead_list, name="lead-list"),
    path("exhibitor/leads/new/", leads.lead_create, name="lead-create"),
    path("exhibitor/leads/export.csv", leads.lead_export, name="lead-export"),
    path("exhibitor/leads/<int:pk>/edit/", leads.lead_edit, name="lead-edit"),
    path("exhibitor/leads/<int:pk>/delete/", leads.lead_delete, name="lead-delete"),
    path("office/pavilion/", office.pavilion_review, name="pavilion-review"),
    path("office/pavilion/brochure/", office.pavilion_brochure, name="pavilion-brochure"),
    # Uploaded files are only images that were decoded and re-encoded on upload (exhibitors/images.py).
    # Published ones are public; drafts only for their exhibitor and the office (views/media.py).
    # A reverse proxy in front may serve the published ones itself, never the whole folder.
    re_path(r"^media/(?P<path>.*)$", media.media_file, name="media"),
]
