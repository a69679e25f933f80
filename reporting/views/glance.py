from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from portfolio.selectors import portfolio_measures
from reporting import compare, selectors
from reporting.filtersets import MATRIX_FILTERS, MeasureFilterSet
from reporting.views import since_sections


@login_required
def glance(request: HttpRequest) -> HttpResponse:
    """The status matrix (measures × four dimensions, red first) with the trend, and what
    changed since the last round; filtered with the measure list's FilterSet."""
    rounds = selectors.round_list(request.user)
    chosen = request.GET.get("round", "")
    round_ = get_object_or_404(rounds, pk=chosen) if chosen.isdigit() else selectors.latest_round()
    filterset = MeasureFilterSet(
        request.GET or None, queryset=portfolio_measures(request.user), request=request
    )
    for name in MATRIX_FILTERS:
        filterset.form.fields[name].widget.attrs.setdefault("class", "ds-input")
    fields = [filterset.form[name] for name in MATRIX_FILTERS]
    rows, since, periods = [], {}, []
    if round_ is not None:
        qs = filterset.qs if filterset.is_bound and filterset.is_valid() else filterset.queryset
        rows = compare.sort_worst_first(selectors.measure_rows(qs, round_.period))
        since = compare.since_last_round(rows)
        periods = selectors.trend_periods(round_.period)
    return render(
        request,
        "reporting/glance.html",
        {
            "nav": "reporting",
            "round": round_,
            "rounds": rounds,
            "filter_fields": fields,
            "rows": rows,
            "since": since,
            "since_sections": since_sections(),
            "periods": periods,
            "counts": compare.distribution(rows),
        },
    )
