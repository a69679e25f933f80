from rest_framework.routers import SimpleRouter

from reporting.api import views

router = SimpleRouter()
router.register("rounds", views.ReportingRoundViewSet, basename="reporting-round")
router.register("reports", views.PortfolioReportViewSet, basename="portfolio-report")

urlpatterns = router.urls
