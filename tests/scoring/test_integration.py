"""Scoring with the real intake (assessments, overlap findings) and roadmap (prerequisites)."""

from __future__ import annotations

import datetime as dt

import pytest

from people import roles
from scoring import selectors
from scoring.choices import Target
from scoring.models import Score
from tests.scoring.conftest import run_recompute

pytestmark = pytest.mark.django_db
CRITERIA = (
    "benefit_citizens", "benefit_health_personnel", "benefit_authorities", "doable_this_year",
    "feasibility", "no_overlap", "strategy_fit",
)  # fmt: skip


@pytest.fixture
def assessed(make_user):
    from covid_intake.models import Assessment, Suggestion

    s1 = Suggestion.objects.create(reference="I-1", title="Contact tracing app", description="…")
    s2 = Suggestion.objects.create(reference="I-2", title="SMS of test results", description="…")
    a1, a2 = make_user("wg1", roles.WORKING_GROUP), make_user("wg2", roles.WORKING_GROUP)
    for suggestion in (s1, s2):
        for assessor, other in ((a1, 4), (a2, 2)):
            Assessment.objects.create(
                suggestion=suggestion, assessor=assessor,
                **(dict.fromkeys(CRITERIA, other) | {"benefit_citizens": 5}),
            )  # fmt: skip
    return s1, s2


def _suggestion_scores():
    return {s.object_id: float(s.value) for s in Score.objects.filter(target=Target.SUGGESTION)}


def test_suggestion_scores_come_from_the_assessments(scoring_models, assessed):
    s1, s2 = assessed
    run_recompute()
    # benefit_citizens mean 5 → 1.0 (weight 10); every other mean 3 → 0.6 (weights sum 90)
    assert _suggestion_scores() == {s1.pk: 64.0, s2.pk: 64.0}


def test_an_overlap_finding_excludes_a_suggestion(scoring_models, assessed, three_measures):
    from covid_intake.models import MeasureOverlap

    s1, s2 = assessed
    MeasureOverlap.objects.create(suggestion=s2, measure=three_measures["A"])
    run_recompute()
    assert _suggestion_scores() == {s1.pk: 64.0, s2.pk: 0.0}
    assert Score.objects.get(target=Target.SUGGESTION, object_id=s2.pk).excluded


def test_a_changed_assessment_recomputes_its_suggestion(
    scoring_models, assessed, django_capture_on_commit_callbacks
):
    s1, s2 = assessed
    run_recompute()
    assessment = s1.assessments.order_by("id").last()
    with django_capture_on_commit_callbacks(execute=True):
        assessment.feasibility = 5  # mean 3 → 4.5: +20 · 0.3
        assessment.save()
    assert _suggestion_scores() == {s1.pk: 70.0, s2.pk: 64.0}


def test_the_suggestion_ranking_page_for_the_steering_group(
    scoring_models, assessed, client, make_user
):
    run_recompute()
    client.force_login(make_user("steer", roles.STEERING_GROUP))
    page = client.get("/scoring/suggestions/").content.decode()
    assert "Contact tracing app" in page and "64.00" in page


def test_prerequisites_come_from_roadmap_dependencies(scoring_models, three_measures, actor_a):
    from roadmap.models import Dependency, RoadmapItem

    m = three_measures
    day = dt.date(2021, 1, 1)
    items = {
        k: RoadmapItem.objects.create(
            code=f"R-{k}", name=k, measure=m[k], actor=actor_a, planned_start=day,
            planned_end=day + dt.timedelta(days=30), duration_days=30,
        )
        for k in ("A", "B")
    }  # fmt: skip
    Dependency.objects.create(predecessor=items["B"], successor=items["A"])
    assert selectors.prerequisites() == [(m["A"].pk, m["B"].pk)]
