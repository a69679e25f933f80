from django.apps import AppConfig


class CovidIntakeConfig(AppConfig):
    name = "covid_intake"
