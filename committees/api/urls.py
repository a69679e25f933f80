from rest_framework.routers import SimpleRouter

from committees.api import views

router = SimpleRouter()
router.register("committees/meetings", views.MeetingViewSet, basename="committee-meeting")
router.register(
    "committees/agenda-items", views.AgendaItemViewSet, basename="committee-agenda-item"
)
router.register("committees/decisions", views.DecisionViewSet, basename="committee-decision")
router.register("committees", views.CommitteeViewSet, basename="committee")

urlpatterns = router.urls
