from rest_framework.routers import DefaultRouter

from exhibitors.api import views
from exhibitors.api.leads import LeadViewSet

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("exhibitors", views.ExhibitorViewSet, basename="exhibitor")
router.register("leads", LeadViewSet, basename="lead")

urlpatterns = router.urls
