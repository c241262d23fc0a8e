from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    # `migrate` alone must give a working site: the database cache (embedded default) needs its
    # table, and `createcachetable` is idempotent and does nothing for a Redis cache.
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("common", "0001_initial")]

    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
