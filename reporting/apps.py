from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    name = "reporting"
    verbose_name = _("Reporting rounds and portfolio reports")

    def ready(self) -> None:
        from reporting import slots, subscribers

        slots.register()
        subscribers.register()
