from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from people.roles import ROLE_LABELS
from portfolio.demo import DEMO_TOKEN, load_demo


class Command(BaseCommand):
    help = "Load the April 2020 demo portfolio and one demo user per role (idempotent)."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("--force", action="store_true", help="Allow in production mode.")

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        if getattr(settings, "PRODUCTION", False) and not options["force"]:
            raise CommandError("Refusing to load demo users in production; pass --force.")
        result = load_demo()
        self.stdout.write(
            self.style.SUCCESS(f"Demo data loaded ({result['measures_created']} new measures).")
        )
        self.stdout.write(f"\nDemo logins (password for all: {result['logins'][0]['password']}):")
        for login in result["logins"]:
            actor = f" for {login['actor']}" if login["actor"] else ""
            role = ROLE_LABELS.get(login["role"], login["role"])  # a label, never the code
            self.stdout.write(f"  {login['username']:<11} {role}{actor}")
        self.stdout.write(f"\nDemo integrator API token: Token {DEMO_TOKEN}\n")
