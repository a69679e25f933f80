from django.urls import path
from rest_framework.routers import SimpleRouter

from portfolio.api import views, workflow

router = SimpleRouter()
router.register("actors", views.ActorViewSet)
router.register("segments", views.SegmentViewSet)
router.register("national-solutions", views.NationalSolutionViewSet)
router.register("strategic-goals", views.StrategicGoalViewSet)
router.register("reporting-periods", views.ReportingPeriodViewSet)
router.register("measures", views.MeasureViewSet, basename="measure")
router.register("baselines", workflow.BaselineViewSet)

urlpatterns = [
    path("portfolio/summary/", views.PortfolioSummaryView.as_view(), name="portfolio-summary"),
    *router.urls,
]
