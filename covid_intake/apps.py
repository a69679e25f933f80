from django.apps import AppConfig


class CovidIntakeConfig(AppConfig):
    name = "covid_intake"

    def ready(self) -> None:
        from covid_intake import subscribers

        subscribers.register()
