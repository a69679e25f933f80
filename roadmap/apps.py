from django.apps import AppConfig


class RoadmapConfig(AppConfig):
    name = "roadmap"

    def ready(self) -> None:
        from core import slots
        from roadmap import slots as roadmap_slots

        slots.register(
            "measure-detail",
            template="roadmap/partials/measure_roadmap.html",
            context=roadmap_slots.measure_roadmap,
            order=50,
        )
