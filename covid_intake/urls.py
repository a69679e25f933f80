from django.urls import path

from covid_intake import views

app_name = "covid_intake"
urlpatterns = [
    path("", views.board, name="board"),
    path("suggest/", views.submit, name="submit"),
    path("suggest/receipt/<str:reference>/", views.receipt, name="receipt"),
    path("status/", views.status_lookup, name="status"),
    path("suggestions/", views.suggestion_list, name="list"),
    path("suggestions/<int:pk>/", views.suggestion_detail, name="detail"),
    path("suggestions/<int:pk>/triage/", views.triage, name="triage"),
    path("suggestions/<int:pk>/merge/", views.merge, name="merge"),
    path("suggestions/<int:pk>/overlap/", views.overlap, name="overlap"),
    path("suggestions/<int:pk>/assess/", views.assess, name="assess"),
    path("suggestions/<int:pk>/complete/", views.complete, name="complete"),
    path("suggestions/<int:pk>/decide/", views.decide, name="decide"),
    path("suggestions/<int:pk>/promote/", views.promote, name="promote"),
    path("steering/", views.steering, name="steering"),
    path("attachments/<int:pk>/", views.attachment, name="attachment"),
]
