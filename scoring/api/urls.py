from rest_framework.routers import SimpleRouter

from scoring.api import views

router = SimpleRouter()
router.register("scoring/models", views.ScoringModelViewSet, basename="scoring-model")
router.register("scoring/jobs", views.JobViewSet, basename="scoring-job")
router.register("scoring/scores", views.ScoreViewSet, basename="scoring-score")
router.register("scenarios", views.ScenarioViewSet, basename="scenario")

urlpatterns = router.urls
