import pytest
from django.core import mail

pytestmark = pytest.mark.django_db

FORM = {
    "code": "HV-NEW",
    "name": "Ny løsning",
    "purpose": "Bedre samhandling",
    "measure_type": "project",
    "phase": "idea",
    "start_date": "2021-01-01",
    "end_date": "2022-12-31",
    "criterion_digitalisation_core": "on",
    "criterion_cross_actor": "on",
    "criterion_strategy": "False",
    "budget-TOTAL_FORMS": "1",
    "budget-INITIAL_FORMS": "0",
    "budget-0-year": "2021",
    "budget-0-kind": "investment",
    "budget-0-funding_source": "own",
    "budget-0-planned": "1000000",
}


def test_report_in_return_revise_resubmit_accept_with_history(
    client, rep_a, office_user, actor_a, django_capture_on_commit_callbacks
):
    from portfolio.models import Measure

    rep_a.email = "rep@example.no"
    rep_a.save()
    client.force_login(rep_a)
    r = client.post("/measures/new/", {**FORM, "owner": actor_a.pk})
    assert r.status_code == 302
    measure = Measure.objects.get(code="HV-NEW")
    assert (measure.state, measure.published) == ("draft", False)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/measures/{measure.pk}/transition/submit/")
    measure.refresh_from_db()
    assert measure.state == "submitted"
    assert mail.outbox[-1].to == ["portefoljekontor@example.no"]
    # locked while under review
    assert client.get(f"/measures/{measure.pk}/edit/").status_code == 403

    client.force_login(office_user)
    assert "HV-NEW" in client.get("/review/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/measures/{measure.pk}/transition/return/", {"comment": "Legg til gevinster"})
    measure.refresh_from_db()
    assert measure.state == "returned"
    assert "rep@example.no" in mail.outbox[-1].to and "Legg til gevinster" in mail.outbox[-1].body

    client.force_login(rep_a)
    page = client.get(f"/measures/{measure.pk}/").content.decode()
    assert "Legg til gevinster" in page
    edit = client.get(f"/measures/{measure.pk}/edit/")
    assert edit.status_code == 200
    form = {
        **FORM,
        "owner": actor_a.pk,
        "purpose": "Bedre samhandling og gevinster",
        "version": measure.version,
        "budget-INITIAL_FORMS": "1",
    }
    saved = client.post(f"/measures/{measure.pk}/edit/", form)
    assert saved.status_code == 302, saved.content.decode()[-3000:]
    client.post(f"/measures/{measure.pk}/transition/submit/")

    client.force_login(office_user)
    client.post(f"/measures/{measure.pk}/transition/accept/", {"publish": "on"})
    measure.refresh_from_db()
    assert (measure.state, measure.published) == ("accepted", True)

    history = client.get(f"/api/v1/measures/{measure.pk}/history/").json()["results"]
    transitions = [h for h in history if h["action"] == "transition"]
    assert [h["user"] for h in transitions] == ["office", "rep_a", "office", "rep_a"]
    assert [h["changes"]["state"][1] for h in transitions] == [
        "accepted",
        "submitted",
        "returned",
        "submitted",
    ]
    assert any(h["action"] == "create" and h["user"] == "rep_a" for h in history)


def test_return_without_comment_is_refused_naming_the_field(
    api, office_user, make_measure, actor_a
):
    m = make_measure(actor_a, state="submitted", published=False)
    api.force_authenticate(office_user)
    r = api.post(f"/api/v1/measures/{m.pk}/return/", {"comment": " "}, format="json")
    assert r.status_code == 400 and r.json()["errors"][0]["field"] == "comment"


def test_submit_incomplete_measure_names_missing_fields(api, rep_a, make_measure, actor_a):
    m = make_measure(actor_a, state="draft", published=False)
    api.force_authenticate(rep_a)
    r = api.post(f"/api/v1/measures/{m.pk}/submit/", {}, format="json")
    assert r.status_code == 400
    assert {"purpose", "start_date", "budget_lines"} <= {e["field"] for e in r.json()["errors"]}


def test_accept_twice_is_refused(api, office_user, make_measure, actor_a):
    m = make_measure(
        actor_a,
        state="submitted",
        published=False,
        criterion_digitalisation_core=True,
        criterion_cross_actor=True,
    )
    api.force_authenticate(office_user)
    assert api.post(f"/api/v1/measures/{m.pk}/accept/", {}, format="json").status_code == 200
    assert api.post(f"/api/v1/measures/{m.pk}/accept/", {}, format="json").status_code == 400


def test_reject_needs_reason_and_rejected_measure_cannot_be_edited_by_actor(
    api, office_user, rep_a, make_measure, actor_a
):
    m = make_measure(actor_a, state="submitted", published=False)
    api.force_authenticate(office_user)
    assert (
        api.post(
            f"/api/v1/measures/{m.pk}/reject/",
            {"comment": "Ikke nasjonal betydning"},
            format="json",
        ).status_code
        == 200
    )
    api.force_authenticate(rep_a)
    assert api.patch(f"/api/v1/measures/{m.pk}/", {"name": "x"}, format="json").status_code == 403


def test_archive_and_restore_never_deletes(api, office_user, make_measure, actor_a):
    from portfolio.models import Measure

    m = make_measure(actor_a)
    api.force_authenticate(office_user)
    assert api.delete(f"/api/v1/measures/{m.pk}/").status_code == 204
    assert Measure.objects.filter(pk=m.pk, archived_at__isnull=False).exists()
    assert m.code not in {x["code"] for x in api.get("/api/v1/measures/").json()["results"]}
    assert api.post(f"/api/v1/measures/{m.pk}/restore/").status_code == 200
    assert m.code in {x["code"] for x in api.get("/api/v1/measures/").json()["results"]}


def test_status_overview_lists_measures_that_have_not_reported(
    client, office_user, make_measure, actor_a
):
    from portfolio.models import ReportingPeriod
    from portfolio.services import status_report_file

    period = ReportingPeriod.objects.get(name="T1 2020")
    reported = make_measure(actor_a, code="REPORTED")
    make_measure(actor_a, code="SILENT")
    status_report_file(measure=reported, period=period, by=office_user, data={"overall": "green"})
    client.force_login(office_user)
    html = client.get(f"/status/?period={period.pk}").content.decode()
    assert ">SILENT<" in html and ">REPORTED<" not in html
    reported.refresh_from_db()
    assert reported.latest_status.overall == "green"


def test_api_accept_without_entry_criteria_needs_a_reason(api, office_user, make_measure, actor_a):
    m = make_measure(actor_a, state="submitted", published=False)
    api.force_authenticate(office_user)
    refused = api.post(f"/api/v1/measures/{m.pk}/accept/", {}, format="json")
    assert refused.status_code == 400
    assert refused.json()["errors"][0]["field"] == "comment"
    ok = api.post(
        f"/api/v1/measures/{m.pk}/accept/", {"comment": "Nasjonalt viktig"}, format="json"
    )
    assert ok.status_code == 200
