from django.contrib import admin

from scoring.models import (
    Criterion,
    Job,
    PrioritisedMeasure,
    Scenario,
    Score,
    ScoreHistory,
    ScoringModel,
)


class CriterionInline(admin.TabularInline):
    model = Criterion
    extra = 0


@admin.register(ScoringModel)
class ScoringModelAdmin(admin.ModelAdmin):
    list_display = ["target", "version", "active", "created_by", "created"]
    list_filter = ["target", "active"]
    search_fields = ["note"]
    inlines = [CriterionInline]


@admin.register(Criterion)
class CriterionAdmin(admin.ModelAdmin):
    list_display = ["model", "key", "source", "weight", "excludes"]
    list_filter = ["model__target", "source", "excludes"]
    search_fields = ["key", "label"]


@admin.register(Score)
class ScoreAdmin(admin.ModelAdmin):
    list_display = ["target", "object_id", "value", "excluded", "model", "computed_at"]
    list_filter = ["target", "excluded", "model"]
    search_fields = ["object_id"]


@admin.register(ScoreHistory)
class ScoreHistoryAdmin(admin.ModelAdmin):
    list_display = ["target", "object_id", "value", "model", "computed_at"]
    list_filter = ["target", "model"]
    search_fields = ["object_id"]


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    list_display = ["id", "kind", "status", "progress_done", "progress_total", "created"]
    list_filter = ["kind", "status"]
    search_fields = ["error"]


@admin.register(Scenario)
class ScenarioAdmin(admin.ModelAdmin):
    list_display = ["name", "saved", "created_by", "created", "committed_at"]
    list_filter = ["saved"]
    search_fields = ["name"]


@admin.register(PrioritisedMeasure)
class PrioritisedMeasureAdmin(admin.ModelAdmin):
    list_display = ["measure", "scenario", "since"]
    list_filter = ["scenario"]
    search_fields = ["measure__code", "measure__name"]
