"""A venue that becomes bookable (or stops being so) re-books what is held there.

Meetings and speaking slots only hold a venue's time while the venue is bookable, so flipping
``bookable`` re-runs their busy-time reconciliation at commit (see common/db/busy_time.py); a
venue made bookable while two meetings overlap there is refused like any other double booking.
"""

from django.db import migrations

FORWARD = """
CREATE OR REPLACE FUNCTION busy_time_venue_fn() RETURNS trigger LANGUAGE plpgsql AS $body$
BEGIN
    IF NEW.bookable IS DISTINCT FROM OLD.bookable THEN
        PERFORM busy_time_sync_meeting(m.id) FROM meetings_meeting m WHERE m.venue_id = NEW.id;
        PERFORM busy_time_sync_slot(s.id) FROM meetings_speakingslot s WHERE s.stage_id = NEW.id;
    END IF;
    RETURN NULL;
END
$body$;
DROP TRIGGER IF EXISTS busy_time_venue ON delegations_venue;
CREATE CONSTRAINT TRIGGER busy_time_venue AFTER UPDATE OF bookable ON delegations_venue
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION busy_time_venue_fn();
"""

BACKWARD = "DROP TRIGGER IF EXISTS busy_time_venue ON delegations_venue; DROP FUNCTION IF EXISTS busy_time_venue_fn();"


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0004_busy_time_triggers"),
        ("delegations", "0007_itinerary_busy_time_trigger"),
    ]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
