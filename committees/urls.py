from django.urls import path

from committees.views import meetings, outcomes

app_name = "committees"
urlpatterns = [
    path("", meetings.index, name="index"),
    path("meetings/new/", meetings.meeting_create, name="meeting-create"),
    path("meetings/<int:pk>/", meetings.meeting_detail, name="meeting-detail"),
    path("meetings/<int:pk>/edit/", meetings.meeting_edit, name="meeting-edit"),
    path("meetings/<int:pk>/items/new/", meetings.item_form, name="item-create"),
    path("meetings/<int:pk>/items/<int:item_pk>/edit/", meetings.item_form, name="item-edit"),
    path(
        "meetings/<int:pk>/items/<int:item_pk>/outcome/",
        outcomes.decision_record,
        name="decision-record",
    ),
    path("meetings/<int:pk>/publish/", meetings.agenda_publish, name="agenda-publish"),
    path("meetings/<int:pk>/minutes/", outcomes.minutes_edit, name="minutes-edit"),
    path("meetings/<int:pk>/minutes/approve/", outcomes.minutes_approve, name="minutes-approve"),
    path("meetings/<int:pk>/minutes/publish/", outcomes.minutes_publish, name="minutes-publish"),
    path("meetings/<int:pk>/innkalling.pdf", meetings.meeting_pdf, name="meeting-pdf"),
    path("meetings/<int:pk>/meeting.ics", meetings.meeting_ics, name="meeting-ics"),
    path("<slug:slug>/", meetings.committee_detail, name="committee-detail"),
    path("<slug:slug>/calendar.ics", meetings.committee_feed, name="committee-feed"),
]
