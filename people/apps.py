from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "people"
    verbose_name = _("People and roles")

    def ready(self) -> None:
        from core import access
        from people import roles

        access.register(
            is_office=roles.is_office,
            labels=roles.ROLE_LABELS,
            office=roles.PORTFOLIO_OFFICE,
            integrator=roles.INTEGRATOR,
        )
