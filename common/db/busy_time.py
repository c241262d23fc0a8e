"""SQL that lets PostgreSQL itself keep a schedule item's busy time in step with the item.

Every scheduled item (meeting, speaking slot, booth shift, itinerary item) occupies people and
places; the rows in ``delegations_busytime`` carry the exclusion constraints that refuse a double
booking. The services write those rows first (so they can name the clash and answer 409), but a
rule that only Python keeps can be skipped — by the admin, a bulk ``update()``, raw SQL or a data
migration. So each source table gets a *deferred constraint trigger*: when the transaction
commits, the item's busy time is recomputed from its rows and, where it differs from what is
stored, rewritten; a clash then makes the commit fail. When the service has already written the
same rows the trigger changes nothing, so two concurrent bookings still meet one clean refusal.

The migrations of each app call ``reconcile_sql`` with the query that yields an item's rows.
"""

from __future__ import annotations

COLUMNS = "member_id, contact_id, venue_id, during"


def reconcile_function_sql(*, function: str, source: str, wanted: str) -> str:
    """A function ``function(item_id bigint)`` that makes the stored rows equal ``wanted``.

    ``wanted`` selects ``member_id, contact_id, venue_id, during, label`` for the item whose id is
    the function's argument ``item_id``. Labels are not compared: they are for people, and the
    service may have written them in the user's language.
    """
    return f"""
CREATE OR REPLACE FUNCTION {function}(item_id bigint) RETURNS void LANGUAGE plpgsql AS $body$
BEGIN
    IF EXISTS (
        (SELECT {COLUMNS} FROM ({wanted}) AS w
         EXCEPT SELECT {COLUMNS} FROM delegations_busytime WHERE source = '{source}' AND source_id = item_id)
        UNION ALL
        (SELECT {COLUMNS} FROM delegations_busytime WHERE source = '{source}' AND source_id = item_id
         EXCEPT SELECT {COLUMNS} FROM ({wanted}) AS w)
    ) THEN
        DELETE FROM delegations_busytime WHERE source = '{source}' AND source_id = item_id;
        INSERT INTO delegations_busytime (member_id, contact_id, venue_id, during, label, source, source_id)
        SELECT member_id, contact_id, venue_id, during, label, '{source}', item_id FROM ({wanted}) AS w;
    END IF;
END
$body$;
"""


def trigger_sql(*, table: str, function: str, id_column: str, name: str) -> str:
    """A deferred constraint trigger on ``table`` that reconciles the item named by ``id_column``."""
    return f"""
CREATE OR REPLACE FUNCTION {name}_fn() RETURNS trigger LANGUAGE plpgsql AS $body$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        PERFORM {function}(OLD.{id_column});
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        PERFORM {function}(NEW.{id_column});
    END IF;
    RETURN NULL;
END
$body$;
DROP TRIGGER IF EXISTS {name} ON {table};
CREATE CONSTRAINT TRIGGER {name} AFTER INSERT OR UPDATE OR DELETE ON {table}
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION {name}_fn();
"""


def drop_sql(*, table: str, name: str) -> str:
    return f"DROP TRIGGER IF EXISTS {name} ON {table}; DROP FUNCTION IF EXISTS {name}_fn();"
