from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from core.changelog import change_context
from core.models import ObjectChange
from covid_intake.mailbox_import import import_files


class Command(BaseCommand):
    help = (
        "Import suggestions from the office's mailbox: .eml files or an .mbox. Messages already "
        "imported (same Message-ID, or the same bytes when it is missing) are skipped; "
        "malformed messages are reported and skipped."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("files", nargs="+", type=Path, help=".eml or .mbox files")

    def handle(self, *args: Any, **options: Any) -> None:
        with change_context(action=ObjectChange.Action.IMPORT, message="mailbox import"):
            report = import_files(options["files"])
        for where, why in report.failed:
            self.stderr.write(f"FAILED   {where}: {why}")
        for dup in report.duplicates:
            self.stdout.write(f"DUPLICATE {dup}: already imported, skipped")
        for warning in report.warnings:
            self.stdout.write(f"WARNING  {warning}")
        self.stdout.write(
            f"Imported: {len(report.imported)}  Duplicates: {len(report.duplicates)}  "
            f"Failed: {len(report.failed)}"
        )
        if report.imported:
            self.stdout.write("References: " + ", ".join(report.imported))
        if not report.imported and not report.duplicates:
            raise CommandError("Nothing could be read.")
