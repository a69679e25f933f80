from django.urls import path

from reporting.views import glance, reports, rounds

app_name = "reporting"

urlpatterns = [
    path("", rounds.index, name="index"),
    path("todo/", rounds.todo, name="todo"),
    path("glance/", glance.glance, name="glance"),
    path("rounds/new/", rounds.round_open, name="round-open"),
    path("rounds/<int:pk>/", rounds.round_detail, name="round-detail"),
    path("rounds/<int:pk>/remind/", rounds.round_remind, name="round-remind"),
    path("rounds/<int:pk>/close/", rounds.round_close, name="round-close"),
    path(
        "rounds/<int:pk>/measures/<int:measure_pk>/",
        rounds.status_report,
        name="status-report",
    ),
    path("rounds/<int:round_pk>/reports/new/", reports.report_create, name="report-create"),
    path("reports/<int:pk>/", reports.report_detail, name="report-detail"),
    path("reports/<int:pk>/edit/", reports.report_edit, name="report-edit"),
    path("reports/<int:pk>/publish/", reports.report_publish, name="report-publish"),
    path("reports/<int:pk>/report.pdf", reports.report_pdf, name="report-pdf"),
]
