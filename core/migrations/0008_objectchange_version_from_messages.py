"""Give existing history rows their version: saves of a versioned measure stored it only in
the message ("version N"); conflict detection now reads ObjectChange.version."""

import re

from django.db import migrations

VERSION_MESSAGE = re.compile(r"^version (\d+)$")


def copy_versions(apps, schema_editor):
    ObjectChange = apps.get_model("core", "ObjectChange")
    rows = ObjectChange.objects.filter(message__startswith="version ", version__isnull=True)
    by_version: dict[int, list[int]] = {}
    for pk, message in rows.values_list("pk", "message").iterator(chunk_size=2000):
        match = VERSION_MESSAGE.match(message.strip())
        if match:
            by_version.setdefault(int(match.group(1)), []).append(pk)
    for version, pks in by_version.items():
        for start in range(0, len(pks), 1000):
            ObjectChange.objects.filter(pk__in=pks[start : start + 1000]).update(version=version)


class Migration(migrations.Migration):
    dependencies = [("core", "0007_objectchange_version")]

    operations = [migrations.RunPython(copy_versions, migrations.RunPython.noop)]
