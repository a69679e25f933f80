from rest_framework.routers import SimpleRouter

from covid_intake.api import views

router = SimpleRouter()
router.register("suggestions", views.SuggestionViewSet, basename="intake-suggestion")
router.register("categories", views.CategoryViewSet, basename="intake-category")
router.register("working-groups", views.WorkingGroupViewSet, basename="intake-working-group")

urlpatterns = router.urls
