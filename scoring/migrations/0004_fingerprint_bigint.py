from django.db import migrations, models


class Migration(migrations.Migration):
    """The fingerprint becomes the 64-bit hash itself. Old text fingerprints cannot be cast,
    so they are dropped: the next recompute rewrites every score's inputs once (values are
    unchanged, so no history rows are added)."""

    dependencies = [("scoring", "0003_scores_without_model_constraint")]

    operations = [
        migrations.RemoveField(model_name="score", name="fingerprint"),
        migrations.AddField(
            model_name="score",
            name="fingerprint",
            field=models.BigIntegerField(default=0, editable=False),
        ),
    ]
