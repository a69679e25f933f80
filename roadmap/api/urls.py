from django.urls import path
from rest_framework.routers import SimpleRouter

from roadmap.api import views

router = SimpleRouter()
router.register("items", views.RoadmapItemViewSet, basename="roadmap-item")
router.register("dependencies", views.DependencyViewSet, basename="roadmap-dependency")
router.register("adoption-plans", views.AdoptionPlanViewSet, basename="roadmap-adoption-plan")
router.register("challenges", views.ChallengeViewSet, basename="roadmap-challenge")

urlpatterns = [
    path("critical-path/", views.CriticalPathView.as_view(), name="roadmap-critical-path"),
    path("violations/", views.ViolationsView.as_view(), name="roadmap-violations"),
    *router.urls,
]
