from django.urls import path

from meetings import views

urlpatterns = [
    path("meetings/", views.meeting_list, name="meeting-list"),
    path("meetings/new/", views.meeting_form, name="meeting-create"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting-detail"),
    path("meetings/<int:pk>/edit/", views.meeting_form, name="meeting-edit"),
    path("meetings/<int:pk>/cancel/", views.meeting_cancel, name="meeting-cancel"),
    path("speeches/", views.speaking_slot_list, name="speaking-slot-list"),
    path("speeches/new/", views.speaking_slot_form, name="speaking-slot-create"),
    path("speeches/<int:pk>/", views.speaking_slot_detail, name="speaking-slot-detail"),
    path("speeches/<int:pk>/edit/", views.speaking_slot_form, name="speaking-slot-edit"),
    path("speeches/<int:pk>/cancel/", views.speaking_slot_cancel, name="speaking-slot-cancel"),
    path("booth-duty/", views.booth_shift_list, name="booth-shift-list"),
    path("booth-duty/<int:pk>/delete/", views.booth_shift_delete, name="booth-shift-delete"),
    path("follow-ups/", views.follow_up_list, name="follow-up-list"),
    path("follow-ups/new/", views.follow_up_form, name="follow-up-create"),
    path("follow-ups/<int:pk>/edit/", views.follow_up_form, name="follow-up-edit"),
    path("schedule/", views.delegation_schedule, name="schedule-delegation"),
    path("schedule/member/<int:pk>/", views.member_schedule, name="schedule-member"),
    path("schedule/member/<int:pk>/feed/", views.member_feed, name="member-feed"),
    path("schedule/exhibitor/<int:pk>/", views.exhibitor_schedule_office, name="schedule-exhibitor"),
    path("exhibitor/schedule/", views.exhibitor_schedule, name="exhibitor-schedule"),
    path("exhibitor/schedule/<int:pk>/", views.exhibitor_schedule, name="exhibitor-schedule-detail"),
    path("calendar/<str:token>.ics", views.calendar_feed, name="calendar-feed"),
]
