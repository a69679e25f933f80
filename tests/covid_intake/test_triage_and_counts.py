"""Bulk triage, counts per category and status, and the criterion means for scoring."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError

from covid_intake import selectors, services
from covid_intake.models import Suggestion
from tests.covid_intake.conftest import full_scores

pytestmark = pytest.mark.django_db


def test_counts_per_category_and_status_add_up_to_the_total(
    make_suggestion: Any, categories: Any, office_user: Any, working_group: Any
) -> None:
    rows = [make_suggestion(title=f"Forslag {i}") for i in range(7)]
    services.suggestions_categorise(
        suggestions=rows[:3], category=categories["video"], by=office_user
    )
    services.suggestions_categorise(
        suggestions=rows[3:5], category=categories["annet"], by=office_user
    )
    services.suggestions_assign(suggestions=rows[:2], working_group=working_group, by=office_user)

    table = selectors.counts_by_category_and_status(Suggestion.objects.all())
    assert table.total == 7
    assert sum(r["total"] for r in table.rows) == 7
    assert sum(table.status_totals.values()) == 7
    by_name = {r["name"]: r for r in table.rows}
    assert by_name["Video"]["counts"] == {"in_assessment": 2, "triaged": 1}
    assert by_name[None]["counts"] == {"received": 2}


def test_list_page_shows_the_count_table_with_the_total(
    client: Any, make_suggestion: Any, categories: Any, office_user: Any
) -> None:
    for i in range(4):
        make_suggestion(title=f"Forslag {i}")
    client.force_login(office_user)
    response = client.get("/intake/suggestions/")
    assert response.context["table"].total == 4
    assert 'id="count-total">4<' in response.content.decode()


def test_assigning_uncategorised_suggestions_is_refused_and_nothing_changes(
    make_suggestion: Any, categories: Any, office_user: Any, working_group: Any
) -> None:
    a, b = make_suggestion(title="A"), make_suggestion(title="B")
    services.suggestions_categorise(suggestions=[a], category=categories["video"], by=office_user)
    with pytest.raises(ValidationError) as exc:
        services.suggestions_assign(suggestions=[a, b], working_group=working_group, by=office_user)
    assert b.reference in exc.value.message_dict["category"][0]
    a.refresh_from_db()
    assert a.working_group is None and a.status == "triaged"


def test_bulk_form_reports_errors_without_changing_anything(
    client: Any, make_suggestion: Any, office_user: Any, working_group: Any
) -> None:
    s = make_suggestion()
    client.force_login(office_user)
    response = client.post(
        "/intake/suggestions/", {"selected": [s.pk], "bulk_action": f"assign:{working_group.pk}"}
    )
    assert response.status_code == 400
    assert "Categorise before assigning" in response.content.decode()


def test_criterion_means_per_suggestion(
    make_suggestion: Any, categories: Any, office_user: Any, working_group: Any, assessors: Any
) -> None:
    s = make_suggestion()
    services.suggestion_triage(
        suggestion=s, category=categories["video"], working_group=working_group, by=office_user
    )
    services.assessment_save(suggestion=s, by=assessors[0], scores=full_scores(4))
    services.assessment_save(suggestion=s, by=assessors[1], scores=full_scores(1, no_overlap=2))
    means = selectors.criterion_means([s.pk])
    assert means[s.pk]["benefit_citizens"] == 2.5
    assert means[s.pk]["no_overlap"] == 3.0
    assert selectors.criterion_means() == means


def test_overlap_flag_links_a_measure_with_a_note(
    make_suggestion: Any, office_user: Any, make_measure: Any, actor_a: Any
) -> None:
    s = make_suggestion()
    m = make_measure(actor_a)
    services.overlap_flag(suggestion=s, measure=m, note="Samme som DHO", by=office_user)
    assert list(s.overlap_measures.all()) == [m]
    assert m.overlapping_suggestions.get() == s


def test_each_suggestion_counts_once_and_totals_equal_the_board(
    client: Any,
    make_suggestion: Any,
    categories: Any,
    office_user: Any,
    working_group: Any,
    assessors: Any,
) -> None:
    """Assessments and target groups join several rows per suggestion; the count table must
    still count each suggestion once (issue 14: 506 shown where there were 338)."""
    from portfolio.models import TargetGroup

    rows = [make_suggestion(title=f"Forslag {i}") for i in range(5)]
    groups = list(TargetGroup.objects.all()[:3])
    for row in rows:
        row.target_groups.set(groups)
    services.suggestions_categorise(
        suggestions=rows[:4], category=categories["video"], by=office_user
    )
    services.suggestions_assign(suggestions=rows[:3], working_group=working_group, by=office_user)
    for row in rows[:3]:
        for member in assessors:
            services.assessment_save(
                suggestion=Suggestion.objects.get(pk=row.pk), by=member, scores=full_scores(3)
            )
    # Independently: plain counts from the database.
    expected_total = Suggestion.objects.count()
    expected_by_status = {
        s: Suggestion.objects.filter(status=s).count()
        for s in Suggestion.objects.values_list("status", flat=True).distinct()
    }
    client.force_login(office_user)
    listing = client.get("/intake/suggestions/")
    table = listing.context["table"]
    assert table.total == expected_total == 5
    assert {s: n for s, n in table.status_totals.items() if n} == expected_by_status
    video = next(r for r in table.rows if r["name"] == "Video")
    assert video["total"] == Suggestion.objects.filter(category=categories["video"]).count()
    # Filtering on a many-valued field (target groups) repeats rows in SQL, not in the table.
    codes = [g.code for g in groups]
    filtered = client.get("/intake/suggestions/", {"target_group": codes}).context["table"]
    assert filtered.total == 5
    board = client.get("/intake/").context
    assert board["total"] == table.total
    assert {c["status"]: c["count"] for c in board["columns"] if c["count"]} == {
        s: n for s, n in table.status_totals.items() if n
    }
