"""The roadmap's public pages, mounted by `config.urls` under /public/ in the `public`
namespace (beside the portfolio's public pages)."""

from django.urls import path

from roadmap.views import public

urlpatterns = [
    path("roadmap/", public.roadmap, name="roadmap"),
]
