from django.contrib import admin

from covid_intake.criteria import CODES
from covid_intake.models import (
    Assessment,
    Attachment,
    Category,
    Decision,
    MeasureOverlap,
    Suggestion,
    WorkingGroup,
)


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "sort_order"]
    search_fields = ["name", "code"]
    ordering = ["sort_order"]


@admin.register(WorkingGroup)
class WorkingGroupAdmin(admin.ModelAdmin):
    list_display = ["name"]
    search_fields = ["name"]
    filter_horizontal = ["members"]


class AttachmentInline(admin.TabularInline):
    model = Attachment
    extra = 0
    readonly_fields = ["filename", "content_type", "size"]


class OverlapInline(admin.TabularInline):
    model = MeasureOverlap
    extra = 0
    autocomplete_fields = ["measure"]


@admin.register(Suggestion)
class SuggestionAdmin(admin.ModelAdmin):
    list_display = [
        "reference",
        "title",
        "status",
        "category",
        "working_group",
        "source",
        "received_at",
    ]
    list_filter = ["status", "source", "category", "working_group"]
    search_fields = ["reference", "title", "description", "submitter_name", "submitter_email"]
    date_hierarchy = "received_at"
    raw_id_fields = ["merged_into", "promoted_measure"]
    readonly_fields = ["reference", "message_id", "search_text"]
    filter_horizontal = ["target_groups"]
    inlines = [AttachmentInline, OverlapInline]


@admin.register(Attachment)
class AttachmentAdmin(admin.ModelAdmin):
    list_display = ["filename", "suggestion", "content_type", "size"]
    list_filter = ["content_type"]
    search_fields = ["filename", "suggestion__reference"]
    raw_id_fields = ["suggestion"]


@admin.register(MeasureOverlap)
class MeasureOverlapAdmin(admin.ModelAdmin):
    list_display = ["suggestion", "measure", "note"]
    search_fields = ["suggestion__reference", "measure__code", "note"]
    raw_id_fields = ["suggestion", "measure"]


@admin.register(Assessment)
class AssessmentAdmin(admin.ModelAdmin):
    list_display = [
        "suggestion",
        "assessor",
        *CODES,
    ]
    list_filter = ["suggestion__working_group"]
    search_fields = ["suggestion__reference", "assessor__username", "comment"]
    raw_id_fields = ["suggestion"]


@admin.register(Decision)
class DecisionAdmin(admin.ModelAdmin):
    list_display = ["suggestion", "outcome", "decided_by", "decided_at"]
    list_filter = ["outcome"]
    search_fields = ["suggestion__reference", "reason"]
    raw_id_fields = ["suggestion"]
