from django.db import migrations

from core import data_version

TABLES = ["scoring_score", "scoring_scoringmodel", "scoring_criterion"]


def install(apps, schema_editor):
    data_version.install(schema_editor, "scoring", TABLES)


def uninstall(apps, schema_editor):
    data_version.uninstall(schema_editor, "scoring", TABLES)


class Migration(migrations.Migration):
    """Every write to scores, scoring models and criteria bumps the "scoring" data version,
    which keys the cached first pages of the score list."""

    dependencies = [("core", "0003_data_version"), ("scoring", "0006_score_fillfactor")]

    operations = [migrations.RunPython(install, uninstall)]
