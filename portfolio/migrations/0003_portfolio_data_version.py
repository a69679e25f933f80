from django.db import migrations

from core import data_version

TABLES = ["portfolio_measure", "portfolio_budgetline", "portfolio_actor", "portfolio_segment"]


def install(apps, schema_editor):
    data_version.install(schema_editor, "portfolio", TABLES)


def uninstall(apps, schema_editor):
    data_version.uninstall(schema_editor, "portfolio", TABLES)


class Migration(migrations.Migration):
    """Every write to the tables behind the portfolio summary bumps the "portfolio" data
    version, which keys the summary's cache (portfolio.selectors.cached_summary)."""

    dependencies = [
        ("core", "0003_data_version"),
        ("portfolio", "0002_workflow_baselines"),
    ]

    operations = [migrations.RunPython(install, uninstall)]
