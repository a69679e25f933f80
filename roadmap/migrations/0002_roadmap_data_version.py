from django.db import migrations

from core import data_version

TABLES = ["roadmap_roadmapitem", "roadmap_dependency"]


def install(apps, schema_editor):
    data_version.install(schema_editor, "roadmap", TABLES)


def uninstall(apps, schema_editor):
    data_version.uninstall(schema_editor, "roadmap", TABLES)


class Migration(migrations.Migration):
    """Every write to roadmap items and dependencies bumps the "roadmap" data version, which keys the cached
    public roadmap page and the roadmap analysis."""

    dependencies = [("core", "0003_data_version"), ("roadmap", "0001_initial")]

    operations = [migrations.RunPython(install, uninstall)]
