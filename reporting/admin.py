from django.contrib import admin

from reporting.models import PortfolioReport, ReportingRound, ReportingTask, RoundNotice


@admin.register(ReportingRound)
class ReportingRoundAdmin(admin.ModelAdmin):
    list_display = ["__str__", "kind", "state", "deadline", "closed_at"]
    list_filter = ["state", "kind"]
    search_fields = ["period__name"]
    readonly_fields = ["snapshot"]


@admin.register(ReportingTask)
class ReportingTaskAdmin(admin.ModelAdmin):
    list_display = ["round", "measure", "actor"]
    list_filter = ["round", "actor"]
    search_fields = ["measure__code", "measure__name"]


@admin.register(RoundNotice)
class RoundNoticeAdmin(admin.ModelAdmin):
    list_display = ["round", "actor", "kind", "measures", "sent"]
    list_filter = ["kind", "round"]
    search_fields = ["actor__short_name", "subject"]


@admin.register(PortfolioReport)
class PortfolioReportAdmin(admin.ModelAdmin):
    list_display = ["title", "round", "state", "published_at"]
    list_filter = ["state"]
    search_fields = ["title"]
    readonly_fields = ["content", "public_content"]
