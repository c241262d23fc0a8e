from django.urls import path

from delegations import views, views_import

urlpatterns = [
    path("contacts/", views.contact_list, name="contact-list"),
    path("contacts/new/", views.contact_create, name="contact-create"),
    path("contacts/<int:pk>/edit/", views.contact_update, name="contact-update"),
    path("contacts/<int:pk>/delete/", views.contact_delete, name="contact-delete"),
    path("contacts/export.csv", views.contact_export_csv, name="contact-export-csv"),
    path("contacts/export.vcf", views.contact_export_vcf, name="contact-export-vcf"),
    path("contacts/duplicates/", views.contact_duplicates, name="contact-duplicates"),
    path("contacts/merge/<int:keep>/<int:duplicate>/", views.contact_merge, name="contact-merge"),
    path("contacts/import/", views_import.import_upload, name="contact-import"),
    path("contacts/import/<int:pk>/mapping/", views_import.import_mapping, name="contact-import-mapping"),
    path("contacts/import/<int:pk>/", views_import.import_preview, name="contact-import-preview"),
    path("contacts/import/<int:pk>/status.json", views_import.import_status, name="contact-import-status"),
    path("organizations/", views.organization_list, name="organization-list"),
    path("organizations/new/", views.organization_create, name="organization-create"),
    path("organizations/<int:pk>/", views.organization_detail, name="organization-detail"),
    path("organizations/<int:pk>/edit/", views.organization_update, name="organization-update"),
    path("organizations/<int:pk>/delete/", views.organization_delete, name="organization-delete"),
]
