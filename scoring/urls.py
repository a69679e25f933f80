from django.urls import path

from scoring import views

app_name = "scoring"
urlpatterns = [
    path("", views.index, name="index"),
    path("suggestions/", views.suggestions, name="suggestions"),
    path("scores/<str:target>/<int:object_id>/", views.object_score, name="object-score"),
    path("models/<str:target>/", views.model_edit, name="model-edit"),
    path("models/version/<int:pk>/activate/", views.model_activate, name="model-activate"),
    path("jobs/", views.jobs, name="jobs"),
    path("jobs/<int:pk>/", views.job_detail, name="job-detail"),
    path("recompute/", views.recompute, name="recompute"),
    path("optimise/", views.optimise, name="optimise"),
    path("scenarios/", views.scenarios, name="scenarios"),
    path("scenarios/compare/", views.scenario_compare, name="scenario-compare"),
    path("scenarios/<int:pk>/", views.scenario_detail, name="scenario-detail"),
    path("scenarios/<int:pk>/save/", views.scenario_save, name="scenario-save"),
    path("scenarios/<int:pk>/commit/", views.scenario_commit, name="scenario-commit"),
]
