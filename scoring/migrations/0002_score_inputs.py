from django.db import migrations, models


class Migration(migrations.Migration):
    """Scores keep their inputs compactly; the breakdown is expanded on read."""

    dependencies = [("scoring", "0001_initial")]

    operations = [
        migrations.RenameField(model_name="score", old_name="breakdown", new_name="inputs"),
        migrations.AlterField(
            model_name="score",
            name="inputs",
            field=models.JSONField(default=dict, verbose_name="inputs"),
        ),
    ]
