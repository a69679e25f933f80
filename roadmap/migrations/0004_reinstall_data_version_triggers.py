from django.db import migrations

from core import data_version

TABLES = ["roadmap_roadmapitem", "roadmap_dependency"]


def reinstall(apps, schema_editor):
    data_version.uninstall(schema_editor, "roadmap", TABLES, counter=False)
    data_version.install(schema_editor, "roadmap", TABLES, counter=False)


class Migration(migrations.Migration):
    """SQLite rebuilds a table when a migration adds a field (0002_editing_versions_scenarios
    ran after 0002_roadmap_data_version on some databases) and the rebuild drops its
    triggers, so the "roadmap" data version stopped counting there. Install the triggers
    again (drop first: on PostgreSQL they survive)."""

    dependencies = [("roadmap", "0003_merge_20261130_0803")]

    operations = [migrations.RunPython(reinstall, migrations.RunPython.noop)]
