"""Full-text search on the suggestion search text, on PostgreSQL only.

A stored generated tsvector column (Norwegian configuration) with a GIN index finds the
candidates that share distinctive words with a new suggestion; they are then scored with the
trigram similarity in `covid_intake.similarity`. The column is not on the Django model, so
SQLite (development, tests) needs nothing: there the similarity is computed in Python."""

from django.db import migrations


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        "ALTER TABLE covid_intake_suggestion ADD COLUMN IF NOT EXISTS search_vector tsvector "
        "GENERATED ALWAYS AS (to_tsvector('norwegian', search_text)) STORED"
    )
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS covid_intake_suggestion_search_fts "
        "ON covid_intake_suggestion USING gin (search_vector)"
    )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS covid_intake_suggestion_search_fts")
    schema_editor.execute("ALTER TABLE covid_intake_suggestion DROP COLUMN IF EXISTS search_vector")


class Migration(migrations.Migration):
    dependencies = [("covid_intake", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
