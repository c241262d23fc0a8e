from django.urls import path
from rest_framework.routers import DefaultRouter

from meetings.api import views

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("meetings", views.MeetingViewSet, basename="meeting")
router.register("speaking-slots", views.SpeakingSlotViewSet, basename="speaking-slot")
router.register("follow-ups", views.FollowUpViewSet, basename="follow-up")

urlpatterns = [
    path("meetings/<int:pk>.ics", views.MeetingIcsView.as_view(), name="meeting-ics"),
    *router.urls,
]
