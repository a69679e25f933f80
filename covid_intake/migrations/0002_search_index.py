"""A GIN trigram index on the suggestion search text, on PostgreSQL only.

SQLite (development, tests) has no pg_trgm; there the similarity is computed in Python,
so this migration does nothing there."""

from django.db import migrations

INDEX = "covid_intake_suggestion_search_trgm"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON covid_intake_suggestion "
        "USING gin (search_text gin_trgm_ops)"
    )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("covid_intake", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
