from django.urls import path

from meetings.views import agendas, duty, follow_ups, meetings, responses, slots

urlpatterns = [
    path("meetings/", meetings.meeting_list, name="meeting-list"),
    path("meetings/new/", meetings.meeting_form, name="meeting-create"),
    path("meetings/<int:pk>/", meetings.meeting_detail, name="meeting-detail"),
    path("meetings/<int:pk>/edit/", meetings.meeting_form, name="meeting-edit"),
    path("meetings/<int:pk>/cancel/", meetings.meeting_cancel, name="meeting-cancel"),
    path(
        "meetings/<int:pk>/responses/<int:attendee_pk>/accept/",
        responses.response_accept,
        name="meeting-response-accept",
    ),
    path(
        "meetings/<int:pk>/responses/<int:attendee_pk>/revoke/",
        responses.response_revoke,
        name="meeting-response-revoke",
    ),
    path("respond/<str:token>/", responses.respond, name="meeting-respond"),
    path("speeches/", slots.speaking_slot_list, name="speaking-slot-list"),
    path("speeches/new/", slots.speaking_slot_form, name="speaking-slot-create"),
    path("speeches/<int:pk>/", slots.speaking_slot_detail, name="speaking-slot-detail"),
    path("speeches/<int:pk>/edit/", slots.speaking_slot_form, name="speaking-slot-edit"),
    path("speeches/<int:pk>/cancel/", slots.speaking_slot_cancel, name="speaking-slot-cancel"),
    path("booth-duty/", duty.booth_shift_list, name="booth-shift-list"),
    path("booth-duty/<int:pk>/delete/", duty.booth_shift_delete, name="booth-shift-delete"),
    path("follow-ups/", follow_ups.follow_up_list, name="follow-up-list"),
    path("follow-ups/new/", follow_ups.follow_up_form, name="follow-up-create"),
    path("follow-ups/<int:pk>/edit/", follow_ups.follow_up_form, name="follow-up-edit"),
    path("schedule/", agendas.delegation_schedule, name="schedule-delegation"),
    path("schedule/member/<int:pk>/", agendas.member_schedule, name="schedule-member"),
    path("schedule/member/<int:pk>/feed/", agendas.member_feed, name="member-feed"),
    path("schedule/exhibitor/<int:pk>/", agendas.exhibitor_schedule_office, name="schedule-exhibitor"),
    path("exhibitor/schedule/", agendas.exhibitor_schedule, name="exhibitor-schedule"),
    path("exhibitor/schedule/<int:pk>/", agendas.exhibitor_schedule, name="exhibitor-schedule-detail"),
    path("calendar/<str:token>.ics", agendas.calendar_feed, name="calendar-feed"),
]
