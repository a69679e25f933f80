from django.urls import include, path

from portfolio import views

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("measures/", views.measure_list, name="measure-list"),
    path("measures/new/", views.measure_create, name="measure-create"),
    path("measures/<int:pk>/", views.measure_detail, name="measure-detail"),
    path("measures/<int:pk>/edit/", views.measure_edit, name="measure-edit"),
    path("measures/<int:pk>/status/", views.status_report_create, name="status-report-create"),
    path("measures/<int:pk>/archive/", views.measure_archive, name="measure-archive"),
    path("measures/<int:pk>/restore/", views.measure_restore, name="measure-restore"),
    path("", include("portfolio.urls_io")),
    path("", include("portfolio.urls_workflow")),
]
