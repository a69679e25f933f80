"""Public committee pages (mounted at /public/committees/, no login)."""

from django.urls import path

from committees.views import public

app_name = "public_committees"
urlpatterns = [
    path("", public.index, name="index"),
    path("meetings/<int:pk>/", public.meeting, name="meeting"),
]
