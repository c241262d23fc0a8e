from rest_framework.routers import DefaultRouter

from exhibitors.api import views

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("exhibitors", views.ExhibitorViewSet, basename="exhibitor")

urlpatterns = router.urls
