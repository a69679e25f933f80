from typing import Any

from django.contrib import admin

from roadmap.models import (
    AdoptionPlan,
    Challenge,
    Dependency,
    RoadmapItem,
    RoadmapScenario,
    ScenarioSlip,
)


class ChallengeInline(admin.TabularInline):
    model = Challenge
    extra = 0


@admin.register(RoadmapItem)
class RoadmapItemAdmin(admin.ModelAdmin):
    list_display = [
        "code",
        "name",
        "kind",
        "actor",
        "national_solution",
        "planned_start",
        "planned_end",
        "decision",
        "published",
    ]
    list_filter = ["kind", "decision", "published", "phase", "actor", "national_solution"]
    search_fields = ["code", "name", "description", "measure__code"]
    autocomplete_fields = ["measure"]
    date_hierarchy = "planned_start"
    inlines = [ChallengeInline]

    def save_model(self, request: Any, obj: RoadmapItem, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        if not change:  # new items rank last, as in services.item_create
            RoadmapItem.objects.filter(pk=obj.pk).update(topo_rank=obj.pk)


@admin.register(Dependency)
class DependencyAdmin(admin.ModelAdmin):
    """Dependencies are added through the roadmap pages or the API, where cycles are refused."""

    list_display = ["predecessor", "successor", "kind", "lag_days", "cross_actor"]
    list_filter = ["kind", "cross_actor"]
    search_fields = ["predecessor__name", "successor__name", "note"]
    readonly_fields = ["predecessor", "successor", "kind", "cross_actor"]
    list_select_related = ["predecessor", "successor"]

    def has_add_permission(self, request: Any) -> bool:
        return False


@admin.register(AdoptionPlan)
class AdoptionPlanAdmin(admin.ModelAdmin):
    list_display = ["actor", "national_solution", "planned_date", "decision", "status", "published"]
    list_filter = ["decision", "status", "published", "actor__kind", "national_solution"]
    search_fields = ["actor__name", "actor__short_name", "national_solution__name", "note"]


@admin.register(Challenge)
class ChallengeAdmin(admin.ModelAdmin):
    list_display = ["title", "item", "severity", "resolved"]
    list_filter = ["severity", "resolved"]
    search_fields = ["title", "description", "item__name"]


class ScenarioSlipInline(admin.TabularInline):
    model = ScenarioSlip
    extra = 0
    autocomplete_fields = ["item"]


@admin.register(RoadmapScenario)
class RoadmapScenarioAdmin(admin.ModelAdmin):
    list_display = ["name", "created_by", "created", "applied_at"]
    list_filter = ["applied_at"]
    search_fields = ["name", "description"]
    readonly_fields = ["applied_at"]
    inlines = [ScenarioSlipInline]
