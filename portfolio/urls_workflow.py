from django.urls import path

from portfolio import views_workflow as v

urlpatterns = [
    path(
        "measures/<int:pk>/transition/<str:transition>/",
        v.measure_transition,
        name="measure-transition",
    ),
    path("review/", v.review_queue, name="review-queue"),
    path("status/", v.status_overview, name="status-overview"),
    path("baselines/", v.baseline_list, name="baseline-list"),
    path("baselines/compare/", v.baseline_compare, name="baseline-compare"),
]
