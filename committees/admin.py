from django.contrib import admin

from committees.models import (
    AgendaItem,
    Committee,
    Decision,
    MeasureRecommendation,
    Meeting,
    Membership,
    Minutes,
)


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["actor", "user"]


@admin.register(Committee)
class CommitteeAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "mandate_valid_from", "mandate_valid_to"]
    search_fields = ["name", "short_name"]
    prepopulated_fields = {"slug": ["short_name"]}
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["person_name", "committee", "role", "actor", "organisation", "user"]
    list_filter = ["committee", "role"]
    search_fields = ["person_name", "organisation"]


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["committee", "title", "starts_at", "ends_at", "state"]
    list_filter = ["committee", "state"]
    search_fields = ["title", "place"]
    date_hierarchy = "starts_at"


@admin.register(AgendaItem)
class AgendaItemAdmin(admin.ModelAdmin):
    list_display = ["meeting", "position", "case_label", "title", "case_type", "presenter"]
    list_filter = ["committee", "case_type", "case_year"]
    search_fields = ["title", "presenter"]
    readonly_fields = ["case_year", "case_number"]


@admin.register(Decision)
class DecisionAdmin(admin.ModelAdmin):
    list_display = ["agenda_item", "effect", "decided_on"]
    list_filter = ["effect"]
    search_fields = ["text"]


@admin.register(MeasureRecommendation)
class MeasureRecommendationAdmin(admin.ModelAdmin):
    list_display = ["measure", "committee", "recommended_on"]
    list_filter = ["committee"]
    search_fields = ["measure__code", "measure__name"]


@admin.register(Minutes)
class MinutesAdmin(admin.ModelAdmin):
    list_display = ["meeting", "approved_on", "published_at"]
    search_fields = ["text"]
