from django.urls import path, re_path
from rest_framework.routers import DefaultRouter

from delegations.api import views

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("expos", views.ExpoViewSet, basename="expo")
router.register("delegations", views.DelegationViewSet, basename="delegation")
router.register("members", views.MemberViewSet, basename="member")
router.register("organizations", views.OrganizationViewSet, basename="organization")
router.register("contacts", views.ContactViewSet, basename="contact")

urlpatterns = [
    path("contacts/deleted/", views.ContactDeletedView.as_view(), name="contact-deleted"),
    re_path(r"^contacts/export\.(?P<file_format>csv|vcf)$", views.ContactExportView.as_view(), name="contact-export"),
    *router.urls,
]
