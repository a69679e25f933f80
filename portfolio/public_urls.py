"""The public overview: no login, published measures only (mounted at /public/)."""

from django.urls import path, re_path

from portfolio.views import public as views

urlpatterns = [
    path("", views.index, name="index"),
    path("measures/<str:code>/", views.measure_detail, name="measure"),
    path("data/", views.data, name="data"),
    re_path(r"^data/measures\.(?P<fmt>csv|json|xlsx)$", views.measures_download, name="measures"),
    re_path(
        r"^data/budget-lines\.(?P<fmt>csv|json|xlsx)$",
        views.budget_lines_download,
        name="budget-lines",
    ),
]
