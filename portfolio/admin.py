from django.contrib import admin

from portfolio.models import (
    Actor,
    Baseline,
    BaselineMeasure,
    BudgetLine,
    Measure,
    NationalSolution,
    ReportingPeriod,
    Segment,
    StatusReport,
    StrategicGoal,
    SummaryCell,
    TargetGroup,
    TokenActor,
    WorkflowEvent,
)


@admin.register(Actor)
class ActorAdmin(admin.ModelAdmin):
    list_display = ["short_name", "name", "kind", "organisation_number"]
    list_filter = ["kind"]
    search_fields = ["name", "short_name", "organisation_number"]
    filter_horizontal = ["representatives"]


@admin.register(Segment)
class SegmentAdmin(admin.ModelAdmin):
    list_display = ["name", "follow_up_level", "sort_order"]
    list_filter = ["follow_up_level"]
    search_fields = ["name"]


@admin.register(NationalSolution)
class NationalSolutionAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "area", "parent"]
    list_filter = ["area"]
    search_fields = ["name", "code"]


@admin.register(StrategicGoal)
class StrategicGoalAdmin(admin.ModelAdmin):
    list_display = ["code", "name"]
    search_fields = ["code", "name"]


@admin.register(TargetGroup)
class TargetGroupAdmin(admin.ModelAdmin):
    list_display = ["code"]


@admin.register(ReportingPeriod)
class ReportingPeriodAdmin(admin.ModelAdmin):
    list_display = ["name", "start", "end", "due"]


class BudgetLineInline(admin.TabularInline):
    model = BudgetLine
    extra = 0


@admin.register(Measure)
class MeasureAdmin(admin.ModelAdmin):
    list_display = [
        "code",
        "name",
        "owner",
        "segment",
        "phase",
        "state",
        "published",
        "archived_at",
    ]
    list_filter = ["state", "published", "phase", "segment", "measure_type", "owner"]
    search_fields = ["code", "name", "purpose"]
    filter_horizontal = ["partners", "national_solutions", "strategic_goals", "target_groups"]
    readonly_fields = ["version", "latest_status", "created", "updated"]
    inlines = [BudgetLineInline]


@admin.register(StatusReport)
class StatusReportAdmin(admin.ModelAdmin):
    list_display = ["measure", "period", "overall", "cost", "schedule", "benefits"]
    list_filter = ["period", "overall"]
    search_fields = ["measure__code", "measure__name"]


@admin.register(WorkflowEvent)
class WorkflowEventAdmin(admin.ModelAdmin):
    list_display = ["at", "measure", "transition", "from_state", "to_state", "by"]
    list_filter = ["transition"]
    search_fields = ["measure__code", "comment"]


class BaselineMeasureInline(admin.TabularInline):
    model = BaselineMeasure
    extra = 0
    readonly_fields = ["measure_id", "code", "name", "owner", "phase", "status", "budget"]


@admin.register(Baseline)
class BaselineAdmin(admin.ModelAdmin):
    list_display = ["name", "as_of", "created_by", "created"]
    search_fields = ["name"]
    inlines = [BaselineMeasureInline]


@admin.register(BudgetLine)
class BudgetLineAdmin(admin.ModelAdmin):
    list_display = ["measure", "year", "kind", "funding_source", "planned", "actual"]
    list_filter = ["year", "kind", "funding_source"]
    search_fields = ["measure__code", "measure__name"]


@admin.register(SummaryCell)
class SummaryCellAdmin(admin.ModelAdmin):
    """Read only: written by database triggers (portfolio.aggregates)."""

    list_display = ["year", "owner_id", "segment_id", "phase", "published", "measures", "planned"]
    list_filter = ["year", "published"]

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(TokenActor)
class TokenActorAdmin(admin.ModelAdmin):
    """Which integrator token is limited to which actor (core's token admin knows no actors)."""

    list_display = ["token", "actor"]
    list_select_related = ["token", "actor"]
