# Touch the contact only when it was last written before this transaction: a contact created
# or edited together with its "met at" expos already carries this transaction's stamp, and a
# second history event for the same change would only be noise.

from django.db import migrations

FORWARD = """
CREATE OR REPLACE FUNCTION portal_contact_expos_touch() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- generate_data loads brand-new contacts with their expos in one go: nothing to announce.
    IF current_setting('expo_portal.bulk_load', true) = 'on' THEN
        RETURN NULL;
    END IF;
    -- now() is the start of this transaction; a contact stamped since was written in it.
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        UPDATE delegations_contact SET updated_at = clock_timestamp()
        WHERE id = NEW.contact_id AND updated_at < now();
    END IF;
    IF TG_OP IN ('DELETE', 'UPDATE') THEN
        UPDATE delegations_contact SET updated_at = clock_timestamp()
        WHERE id = OLD.contact_id AND updated_at < now();
    END IF;
    RETURN NULL;
END;
$$;
"""

BACKWARD = """
CREATE OR REPLACE FUNCTION portal_contact_expos_touch() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
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
"""


class Migration(migrations.Migration):
    dependencies = [
        ("delegations", "0005_contact_expos_touch_contact"),
    ]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
