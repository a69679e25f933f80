from django.urls import path

from scoring.views import jobs, scenarios, scores

app_name = "scoring"
urlpatterns = [
    path("", scores.index, name="index"),
    path("suggestions/", scores.suggestions, name="suggestions"),
    path("scores/<str:target>/<int:object_id>/", scores.object_score, name="object-score"),
    path("models/<str:target>/", scores.model_edit, name="model-edit"),
    path("models/version/<int:pk>/activate/", scores.model_activate, name="model-activate"),
    path("jobs/", jobs.jobs, name="jobs"),
    path("jobs/<int:pk>/", jobs.job_detail, name="job-detail"),
    path("recompute/", jobs.recompute, name="recompute"),
    path("optimise/", scenarios.optimise, name="optimise"),
    path("scenarios/", scenarios.scenarios, name="scenarios"),
    path("scenarios/compare/", scenarios.scenario_compare, name="scenario-compare"),
    path("scenarios/<int:pk>/", scenarios.scenario_detail, name="scenario-detail"),
    path("scenarios/<int:pk>/save/", scenarios.scenario_save, name="scenario-save"),
    path("scenarios/<int:pk>/commit/", scenarios.scenario_commit, name="scenario-commit"),
]
