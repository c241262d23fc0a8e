# A change of a contact's "met at" expos is a change of the contact: incremental sync
# (updated_since) must see it, whoever writes the many-to-many rows.

from django.db import migrations

FORWARD = """
CREATE OR REPLACE FUNCTION portal_contact_expos_touch() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- generate_data loads brand-new contacts with their expos in one go: nothing to announce.
    IF current_setting('expo_portal.bulk_load', true) = 'on' THEN
        RETURN NULL;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        UPDATE delegations_contact SET updated_at = clock_timestamp() WHERE id = NEW.contact_id;
    END IF;
    IF TG_OP IN ('DELETE', 'UPDATE') THEN
        UPDATE delegations_contact SET updated_at = clock_timestamp() WHERE id = OLD.contact_id;
    END IF;
    RETURN NULL;
END;
$$;
CREATE TRIGGER contact_expos_touch_contact
    AFTER INSERT OR UPDATE OR DELETE ON delegations_contact_expos
    FOR EACH ROW EXECUTE FUNCTION portal_contact_expos_touch();
"""

BACKWARD = """
DROP TRIGGER IF EXISTS contact_expos_touch_contact ON delegations_contact_expos;
DROP FUNCTION IF EXISTS portal_contact_expos_touch();
"""


class Migration(migrations.Migration):
    dependencies = [
        ("delegations", "0004_duplicate_scan"),
    ]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
