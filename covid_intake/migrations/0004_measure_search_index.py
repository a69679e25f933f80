"""Full-text index over the measures' name and purpose, on PostgreSQL only.

The similar-measures search of a suggestion (`covid_intake.selectors.similar_measure_scores`)
finds its candidates through this expression index instead of scoring every measure; the
expression must stay the same as `selectors.MEASURE_TSVECTOR`. Nothing on SQLite."""

from django.db import migrations

INDEX = "covid_intake_measure_search_fts"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON portfolio_measure USING gin "
        "(to_tsvector('norwegian'::regconfig, name || ' ' || purpose))"
    )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("covid_intake", "0003_suggestion_newest_first_index"),
        ("portfolio", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
