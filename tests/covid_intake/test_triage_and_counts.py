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
