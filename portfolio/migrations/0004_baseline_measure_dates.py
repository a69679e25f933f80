from django.db import migrations, models


class Migration(migrations.Migration):
    """Baselines keep each measure's start and end date, for schedule variance."""

    dependencies = [("portfolio", "0003_portfolio_data_version")]

    operations = [
        migrations.AddField(
            model_name="baselinemeasure",
            name="start_date",
            field=models.DateField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="baselinemeasure",
            name="end_date",
            field=models.DateField(blank=True, null=True),
        ),
    ]
