from django.db import migrations


def set_fillfactor(apps, schema_editor, value: str = "50") -> None:
    """PostgreSQL: keep half of each score page free so a recompute updates rows in place
    without touching an index (HOT updates). Other databases have no such setting."""
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"ALTER TABLE scoring_score SET (fillfactor = {value})")


def reset_fillfactor(apps, schema_editor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE scoring_score RESET (fillfactor)")


class Migration(migrations.Migration):
    dependencies = [("scoring", "0005_drop_score_ranking_index")]

    operations = [migrations.RunPython(set_fillfactor, reset_fillfactor)]
