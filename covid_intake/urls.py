from django.urls import path

from covid_intake.views import attachments, board, detail, lists, public

app_name = "covid_intake"
urlpatterns = [
    path("", board.board, name="board"),
    path("suggest/", public.submit, name="submit"),
    path("suggest/receipt/<str:reference>/", public.receipt, name="receipt"),
    path("status/", public.status_lookup, name="status"),
    path("suggestions/", lists.suggestion_list, name="list"),
    path("suggestions/<int:pk>/", detail.suggestion_detail, name="detail"),
    path("suggestions/<int:pk>/triage/", detail.triage, name="triage"),
    path("suggestions/<int:pk>/merge/", detail.merge, name="merge"),
    path("suggestions/<int:pk>/overlap/", detail.overlap, name="overlap"),
    path("suggestions/<int:pk>/assess/", detail.assess, name="assess"),
    path("suggestions/<int:pk>/complete/", detail.complete, name="complete"),
    path("suggestions/<int:pk>/decide/", detail.decide, name="decide"),
    path("suggestions/<int:pk>/promote/", detail.promote, name="promote"),
    path("steering/", board.steering, name="steering"),
    path("attachments/<int:pk>/", attachments.attachment, name="attachment"),
]
