from django.urls import path

from delegations.views import contacts, imports, organizations

urlpatterns = [
    path("contacts/", contacts.contact_list, name="contact-list"),
    path("contacts/new/", contacts.contact_create, name="contact-create"),
    path("contacts/<int:pk>/edit/", contacts.contact_update, name="contact-update"),
    path("contacts/<int:pk>/delete/", contacts.contact_delete, name="contact-delete"),
    path("contacts/export.csv", contacts.contact_export_csv, name="contact-export-csv"),
    path("contacts/export.vcf", contacts.contact_export_vcf, name="contact-export-vcf"),
    path("contacts/duplicates/", contacts.contact_duplicates, name="contact-duplicates"),
    path("contacts/merge/<int:keep>/<int:duplicate>/", contacts.contact_merge, name="contact-merge"),
    path("contacts/import/", imports.import_upload, name="contact-import"),
    path("contacts/import/<int:pk>/mapping/", imports.import_mapping, name="contact-import-mapping"),
    path("contacts/import/<int:pk>/", imports.import_preview, name="contact-import-preview"),
    path("contacts/import/<int:pk>/status.json", imports.import_status, name="contact-import-status"),
    path("organizations/", organizations.organization_list, name="organization-list"),
    path("organizations/new/", organizations.organization_create, name="organization-create"),
    path("organizations/<int:pk>/", organizations.organization_detail, name="organization-detail"),
    path("organizations/<int:pk>/edit/", organizations.organization_update, name="organization-update"),
    path("organizations/<int:pk>/delete/", organizations.organization_delete, name="organization-delete"),
]
