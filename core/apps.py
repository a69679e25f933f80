from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from core import signals, subscribers  # noqa: F401

        subscribers.register()
        from core.api.fields import use_strict_text_fields

        use_strict_text_fields()
