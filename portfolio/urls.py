from django.urls import path

from portfolio.views import baselines, dashboard, io, measures, review, status

urlpatterns = [
    path("", dashboard.dashboard, name="dashboard"),
    path("measures/", measures.measure_list, name="measure-list"),
    path("measures/new/", measures.measure_create, name="measure-create"),
    path("measures/<int:pk>/", measures.measure_detail, name="measure-detail"),
    path("measures/<int:pk>/edit/", measures.measure_edit, name="measure-edit"),
    path("measures/<int:pk>/status/", status.status_report_create, name="status-report-create"),
    path("measures/<int:pk>/archive/", measures.measure_archive, name="measure-archive"),
    path("measures/<int:pk>/restore/", measures.measure_restore, name="measure-restore"),
    path("measures/export/", io.measure_export, name="measure-export"),
    path("measures/import/", io.measure_import, name="measure-import"),
    path(
        "measures/<int:pk>/transition/<str:transition>/",
        review.measure_transition,
        name="measure-transition",
    ),
    path("review/", review.review_queue, name="review-queue"),
    path("status/", status.status_overview, name="status-overview"),
    path("baselines/", baselines.baseline_list, name="baseline-list"),
    path("baselines/compare/", baselines.baseline_compare, name="baseline-compare"),
]
