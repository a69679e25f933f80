"""The project's URLconf plus one deliberately leaky page (for the matrix's self-test only)."""

from django.http import HttpRequest, HttpResponse
from django.urls import include, path


def leaky_view(request: HttpRequest) -> HttpResponse:
    """Wrong on purpose: every measure's name, whoever asks (no policy)."""
    from portfolio.models import Measure

    return HttpResponse(", ".join(Measure.objects.values_list("name", flat=True)))


urlpatterns = [
    path("throwaway-leaky/", leaky_view, name="throwaway-leaky"),
    path("", include("config.urls")),
]
