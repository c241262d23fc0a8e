"""Meetings, speaking slots and booth duty keep their busy time by database trigger.

See common/db/busy_time.py: the services still write the rows first (to name a clash), and the
deferred triggers make the same rule hold for the admin, bulk updates and raw SQL.
"""

from django.db import migrations

from common.db.busy_time import drop_sql, reconcile_function_sql, trigger_sql

SPAN = "tstzrange(x.starts_at, x.ends_at, '[)') AS during, left(x.title, 300) AS label"

MEETING = f"""
SELECT a.member_id, NULL::bigint AS contact_id, NULL::bigint AS venue_id, {SPAN}
FROM meetings_meeting x JOIN meetings_meetingattendee a ON a.meeting_id = x.id
WHERE x.id = item_id AND x.status <> 'cancelled' AND a.member_id IS NOT NULL
UNION
SELECT NULL::bigint, a.contact_id, NULL::bigint, {SPAN}
FROM meetings_meeting x JOIN meetings_meetingattendee a ON a.meeting_id = x.id
WHERE x.id = item_id AND x.status <> 'cancelled' AND a.contact_id IS NOT NULL
UNION
SELECT NULL::bigint, NULL::bigint, x.venue_id, {SPAN}
FROM meetings_meeting x JOIN delegations_venue v ON v.id = x.venue_id
WHERE x.id = item_id AND x.status <> 'cancelled' AND v.bookable
"""

SLOT = f"""
SELECT s.member_id, NULL::bigint AS contact_id, NULL::bigint AS venue_id, {SPAN}
FROM meetings_speakingslot x JOIN meetings_speakingslot_speakers s ON s.speakingslot_id = x.id
WHERE x.id = item_id AND x.status <> 'cancelled'
UNION
SELECT NULL::bigint, p.contact_id, NULL::bigint, {SPAN}
FROM meetings_speakingslot x JOIN meetings_speakingslot_panelists p ON p.speakingslot_id = x.id
WHERE x.id = item_id AND x.status <> 'cancelled'
UNION
SELECT NULL::bigint, x.moderator_id, NULL::bigint, {SPAN}
FROM meetings_speakingslot x
WHERE x.id = item_id AND x.status <> 'cancelled' AND x.moderator_id IS NOT NULL
UNION
SELECT NULL::bigint, NULL::bigint, x.stage_id, {SPAN}
FROM meetings_speakingslot x JOIN delegations_venue v ON v.id = x.stage_id
WHERE x.id = item_id AND x.status <> 'cancelled' AND v.bookable
"""

# The booth itself stays free during duty (several people staff it; meetings are held at it).
SHIFT = """
SELECT x.member_id, NULL::bigint AS contact_id, NULL::bigint AS venue_id,
       tstzrange(x.starts_at, x.ends_at, '[)') AS during, left('Booth duty: ' || e.name, 300) AS label
FROM meetings_boothshift x JOIN exhibitors_exhibitor e ON e.id = x.exhibitor_id
WHERE x.id = item_id
"""

TRIGGERS = [
    ("meetings_meeting", "busy_time_sync_meeting", "id", "busy_time_meeting"),
    ("meetings_meetingattendee", "busy_time_sync_meeting", "meeting_id", "busy_time_meeting_attendee"),
    ("meetings_speakingslot", "busy_time_sync_slot", "id", "busy_time_slot"),
    ("meetings_speakingslot_speakers", "busy_time_sync_slot", "speakingslot_id", "busy_time_slot_speakers"),
    ("meetings_speakingslot_panelists", "busy_time_sync_slot", "speakingslot_id", "busy_time_slot_panelists"),
    ("meetings_boothshift", "busy_time_sync_shift", "id", "busy_time_shift"),
]

FORWARD = "\n".join(
    [
        reconcile_function_sql(function="busy_time_sync_meeting", source="meeting", wanted=MEETING),
        reconcile_function_sql(function="busy_time_sync_slot", source="speaking_slot", wanted=SLOT),
        reconcile_function_sql(function="busy_time_sync_shift", source="booth_shift", wanted=SHIFT),
        *(trigger_sql(table=t, function=f, id_column=c, name=n) for t, f, c, n in TRIGGERS),
        # Existing rows are rebuilt from the items (a no-op where they already agree).
        "SELECT busy_time_sync_meeting(id) FROM meetings_meeting;",
        "SELECT busy_time_sync_slot(id) FROM meetings_speakingslot;",
        "SELECT busy_time_sync_shift(id) FROM meetings_boothshift;",
    ]
)
BACKWARD = "\n".join(
    [
        *(drop_sql(table=t, name=n) for t, _f, _c, n in TRIGGERS),
        "DROP FUNCTION IF EXISTS busy_time_sync_meeting(bigint);",
        "DROP FUNCTION IF EXISTS busy_time_sync_slot(bigint);",
        "DROP FUNCTION IF EXISTS busy_time_sync_shift(bigint);",
    ]
)


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0003_calendar_feed_token"),
        ("delegations", "0007_itinerary_busy_time_trigger"),
        ("exhibitors", "0003_profile_logo_thumbnail"),
    ]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
