from django.db import migrations

from core import data_version

TABLES = ["portfolio_statusreport"]


def install(apps, schema_editor):
    data_version.install(schema_editor, "portfolio", TABLES, counter=False)


def uninstall(apps, schema_editor):
    data_version.uninstall(schema_editor, "portfolio", TABLES, counter=False)


class Migration(migrations.Migration):
    """Status reports join the "portfolio" data version: the public pages and open data show
    each measure's latest status and are cached under that version."""

    dependencies = [("portfolio", "0003_portfolio_data_version")]

    operations = [migrations.RunPython(install, uninstall)]
