from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    name = "reporting"
    verbose_name = _("Reporting rounds and portfolio reports")

    def ready(self) -> None:
        from core import slots
        from reporting import slots as reporting_slots

        slots.register(
            "dashboard",
            template="reporting/partials/dashboard_todos.html",
            context=reporting_slots.dashboard_todos,
            order=10,
        )
        slots.register(
            "dashboard",
            template="reporting/partials/dashboard_status.html",
            context=reporting_slots.dashboard_status,
            order=20,
        )
        slots.register(
            "measure-detail",
            template="reporting/partials/measure_timeline.html",
            context=reporting_slots.measure_timeline,
        )
