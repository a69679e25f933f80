from django.urls import path

from people.views import users

urlpatterns = [
    path("people/", users.people, name="people"),
    path("people/new/", users.person_edit, name="person-create"),
    path("people/<int:pk>/", users.person_edit, name="person-edit"),
]
