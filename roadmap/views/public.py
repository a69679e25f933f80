"""The published roadmap, for everyone (mounted at /public/roadmap/ as `public:roadmap`)."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from core import data_version
from core.versioned import versioned_page
from portfolio import selectors as portfolio_selectors
from roadmap import selectors
from roadmap.models import RoadmapItem

PAGE_SIZE = 100
KEYS = ("portfolio", "roadmap")


def public_items() -> QuerySet[RoadmapItem]:
    """Published roadmap items whose measure (if any) is public, in order of planned start."""
    public_ids = portfolio_selectors.public_measures().values("id")
    return (
        selectors.item_list(AnonymousUser())
        .filter(published=True)
        .filter(Q(measure__isnull=True) | Q(measure_id__in=public_ids))
        .order_by("planned_start", "code")
    )


@require_safe
def roadmap(request: HttpRequest) -> HttpResponse:
    """One page of the published roadmap (cached per data version, conditional requests)."""
    return versioned_page(request, keys=KEYS, render=lambda: _roadmap(request))


def _roadmap(request: HttpRequest) -> HttpResponse:
    items = public_items()
    count = data_version.cached_many(KEYS, ("public-roadmap-count",), items.count)
    paginator = Paginator(items, PAGE_SIZE)
    paginator.__dict__["count"] = count  # known already (cached per data version)
    page = paginator.get_page(request.GET.get("page"))
    return render(
        request,
        "roadmap/public.html",
        {"nav": "public", "items": page.object_list, "page_obj": page, "total": count},
    )
