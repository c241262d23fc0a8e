"""Itinerary items keep their members' busy time by database trigger (see common/db/busy_time.py)."""

from django.db import migrations

from common.db.busy_time import drop_sql, reconcile_function_sql, trigger_sql

WANTED = """
SELECT im.member_id, NULL::bigint AS contact_id, NULL::bigint AS venue_id,
       tstzrange(i.starts_at, i.ends_at, '[)') AS during, left(i.title, 300) AS label
FROM delegations_itineraryitem i
JOIN delegations_itineraryitem_members im ON im.itineraryitem_id = i.id
WHERE i.id = item_id AND i.blocks_time
"""

FORWARD = "\n".join(
    [
        reconcile_function_sql(function="busy_time_sync_itinerary", source="itinerary", wanted=WANTED),
        trigger_sql(
            table="delegations_itineraryitem",
            function="busy_time_sync_itinerary",
            id_column="id",
            name="busy_time_itinerary_item",
        ),
        trigger_sql(
            table="delegations_itineraryitem_members",
            function="busy_time_sync_itinerary",
            id_column="itineraryitem_id",
            name="busy_time_itinerary_members",
        ),
        # Existing rows are rebuilt from the items (a no-op where they already agree).
        "SELECT busy_time_sync_itinerary(id) FROM delegations_itineraryitem;",
    ]
)
BACKWARD = "\n".join(
    [
        drop_sql(table="delegations_itineraryitem", name="busy_time_itinerary_item"),
        drop_sql(table="delegations_itineraryitem_members", name="busy_time_itinerary_members"),
        "DROP FUNCTION IF EXISTS busy_time_sync_itinerary(bigint);",
    ]
)


class Migration(migrations.Migration):
    dependencies = [("delegations", "0006_contact_expos_touch_only_older")]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
