from django.urls import path

from exhibitors import views

urlpatterns = [
    path("pavilion/", views.pavilion, name="pavilion"),
    path("pavilion/<slug:slug>/", views.public_exhibitor, name="pavilion-exhibitor"),
    path("exhibitor/", views.exhibitor_home, name="exhibitor-home"),
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
