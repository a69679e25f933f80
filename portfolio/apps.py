from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortfolioConfig(AppConfig):
    name = "portfolio"
    verbose_name = _("National portfolio")

    def ready(self) -> None:
        from portfolio import subscribers
        from portfolio.people_fields import register_person_fields
        from portfolio.tokens import register_token_options

        register_person_fields()
        register_token_options()
        subscribers.register()
