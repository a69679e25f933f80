"""The suggestion list: filter and sort (both in `SuggestionFilterSet`, shared with the API),
paginate, tick rows for bulk triage, and the counts per category and status.

Filtering, sorting and paging go through the shared list skeleton (`core.listing.ListView`)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from core.charts import horizontal_bars
from core.listing import ListView
from core.policy import require
from covid_intake import policies, selectors, services
from covid_intake.filtersets import SuggestionFilterSet
from covid_intake.forms import BulkActionForm
from covid_intake.models import Category, WorkingGroup
from covid_intake.views.common import message_errors, staff_required

SUGGESTIONS = ListView(
    filterset_class=SuggestionFilterSet,
    order=SuggestionFilterSet.DEFAULT_ORDERING,
    deferred_join=True,  # deep pages by keyset over the index suggestion_newest_first
)


def _bulk_action(request: HttpRequest, bulk: BulkActionForm) -> bool:
    """Categorise or assign the ticked suggestions; True when done."""
    require(policies.can_triage(request.user), _("Only the portfolio office triages suggestions."))
    if not bulk.is_valid():
        for errors in bulk.errors.values():
            for e in errors:
                messages.error(request, e)
        return False
    kind, _sep, pk = bulk.cleaned_data["bulk_action"].partition(":")
    rows = list(bulk.cleaned_data["selected"])
    try:
        if kind == "categorise":
            category = Category.objects.get(pk=pk)
            n = services.suggestions_categorise(
                suggestions=rows, category=category, by=request.user
            )
            messages.success(
                request, _("%(n)s suggestions categorised as %(c)s.") % {"n": n, "c": category}
            )
        else:
            group = WorkingGroup.objects.get(pk=pk)
            n = services.suggestions_assign(suggestions=rows, working_group=group, by=request.user)
            messages.success(
                request, _("%(n)s suggestions assigned to %(g)s.") % {"n": n, "g": group}
            )
    except ValidationError as exc:
        message_errors(request, exc)
        return False
    return True


@staff_required
def suggestion_list(request: HttpRequest) -> HttpResponse:
    """The filterable list (same FilterSet as the API) with bulk triage and the counts."""
    base = selectors.suggestion_list(request.user)
    listing = SUGGESTIONS.listing(request, base)
    bulk = BulkActionForm(request.POST or None, suggestions=base)
    if request.method == "POST" and _bulk_action(request, bulk):
        return redirect(request.get_full_path())
    table = selectors.counts_by_category_and_status(listing.queryset)
    chart_rows = [
        {"name": r["name"] or _("Uncategorised"), "total": r["total"]} for r in table.rows
    ]
    return render(
        request,
        "covid_intake/suggestion_list.html",
        {
            "nav": "intake",
            **listing.context(rows="suggestions"),
            "bulk": bulk,
            "can_triage": policies.can_triage(request.user),
            "table": table,
            "chart": horizontal_bars(chart_rows, label="name", value="total"),
        },
        status=200 if request.method == "GET" else 400,
    )
