from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from core import data_version
from core.listing import paginate
from portfolio.selectors import portfolio_measures, summary_scope
from reporting import compare, dashboard, selectors
from reporting.filtersets import MATRIX_FILTERS, MeasureFilterSet
from reporting.views import since_sections


@login_required
def glance(request: HttpRequest) -> HttpResponse:
    """The status matrix (measures × four dimensions, red first) with the trend, and what
    changed since the last round; filtered with the measure list's FilterSet. At national
    scale: the matrix one page at a time (ordered by the database), the light counts and
    the "since" counts from counting queries, the first SINCE_LIMIT entries of each list."""
    rounds = selectors.round_list(request.user)
    chosen = request.GET.get("round", "")
    round_ = get_object_or_404(rounds, pk=chosen) if chosen.isdigit() else selectors.latest_round()
    filterset = MeasureFilterSet(
        request.GET or None, queryset=portfolio_measures(request.user), request=request
    )
    for name in MATRIX_FILTERS:
        filterset.form.fields[name].widget.attrs.setdefault("class", "ds-input")
    fields = [filterset.form[name] for name in MATRIX_FILTERS]
    page, since, since_counts, counts, periods = None, {}, {}, {}, []
    if round_ is not None:
        qs = filterset.qs if filterset.is_bound and filterset.is_valid() else filterset.queryset
        period = round_.period
        # per portfolio data version (measures and status reports), caller scope and filter
        scope = ("glance", period.pk, summary_scope(request.user), _filter_key(request))
        figures = data_version.cached(
            "portfolio",
            scope,
            lambda: {
                **dashboard.status_counts(qs, period),
                "since": _since(qs, period),
                "count": qs.order_by().count(),
            },
        )
        ordered = dashboard.worst_first(qs, period)
        page = paginate(request, ordered, MATRIX_PAGE_SIZE, count=figures["count"])
        ids = data_version.cached(
            "portfolio", (*scope, page.number), lambda: list(page.object_list)
        )
        page.object_list = _rows_in_order(qs, ids, period)
        counts, since_counts = figures["status_counts"], figures["status_since"]
        since = figures["since"]
        periods = selectors.trend_periods(period)
    return render(
        request,
        "reporting/glance.html",
        {
            "nav": "reporting",
            "round": round_,
            "rounds": rounds,
            "filter_fields": fields,
            "page_obj": page,
            "since": since,
            "since_counts": since_counts,
            "since_sections": since_sections(),
            "periods": periods,
            "counts": counts,
        },
    )


MATRIX_PAGE_SIZE = 100
SINCE_LIMIT = 50  # entries shown per "since the last round" list (the heading has the count)


def _filter_key(request: HttpRequest) -> str:
    return urlencode(sorted((k, v) for k, v in request.GET.lists() if k != "page"), doseq=True)


def _rows_in_order(measures: Any, ids: list[int], period: Any) -> list[dict[str, Any]]:
    """The rows of the page's measures (`ids`, from the caller's own `measures`), in order."""
    rows = {r["id"]: r for r in selectors.measure_rows(measures.filter(id__in=ids), period)}
    return [rows[i] for i in ids if i in rows]


def _since(measures: Any, period: Any) -> dict[str, list[dict[str, Any]]]:
    """The first SINCE_LIMIT entries of each list, by the rules of compare.since_last_round
    applied to the rows of those measures only."""
    chosen = dashboard.since_candidates(measures, period, SINCE_LIMIT)
    ids = set().union(*chosen.values())
    found = compare.since_last_round(selectors.measure_rows(measures.filter(id__in=ids), period))
    return {key: entries[:SINCE_LIMIT] for key, entries in found.items()}
