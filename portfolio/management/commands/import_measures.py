"""Import measures with budget lines from CSV or XLSX (the export's layout), all or nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError, CommandParser

from core.changelog import change_context
from portfolio.io import import_measures


class Command(BaseCommand):
    help = (
        "Import measures with budget lines from a CSV or XLSX file (see docs/import-export.md). "
        "Lists every bad row and cell; writes nothing when there is any error."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="CSV (UTF-8, ',' or ';') or XLSX file")
        parser.add_argument(
            "--dry-run", action="store_true", help="Validate and report only; write nothing."
        )
        parser.add_argument(
            "--as",
            dest="username",
            help="Portfolio-office user the changes are attributed to "
            "(default: the first active superuser).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        user = self._user(options["username"])
        with change_context(user=user):
            try:
                result = import_measures(
                    by=user, data=path.read_bytes(), filename=path.name, dry_run=options["dry_run"]
                )
            except PermissionDenied as exc:
                raise CommandError(f"{user.username}: {exc}") from exc
        for error in result.errors:
            self.stdout.write(f"row {error.row}\t{error.column or '-'}\t{error.message}")
        if result.errors:
            raise CommandError(
                f"{len(result.errors)} problem(s) in {path.name}; nothing was written."
            )
        self.stdout.write(result.summary())
        for code in result.created:
            self.stdout.write(f"  + {code}")
        for code, fields in result.updated.items():
            self.stdout.write(f"  ~ {code}: {', '.join(fields)}")
        if options["dry_run"]:
            self.stdout.write("Dry run: nothing was written.")

    def _user(self, username: str | None) -> Any:
        users = get_user_model().objects.filter(is_active=True)
        if username:
            user = users.filter(username=username).first()
            if user is None:
                raise CommandError(f"No active user {username!r}.")
            return user
        user = users.filter(is_superuser=True).order_by("id").first()
        if user is None:
            raise CommandError("No active superuser; name a portfolio-office user with --as.")
        return user
