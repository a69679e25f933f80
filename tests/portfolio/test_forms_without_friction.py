"""Forms without friction (issue 14, part B): owner preselected, required fields marked,
explicit yes/no criteria, budget rows, publishing not pre-ticked, a reason to accept a measure
that misses the entry criteria, archiving confirmed and listable, checkbox filters with a
summary, lower-case codes upper-cased."""

import pytest

from portfolio.models import Measure

pytestmark = pytest.mark.django_db

ANSWERS = {
    "criterion_digitalisation_core": "True",
    "criterion_cross_actor": "False",
    "criterion_strategy": "False",
}


def _new(client, actor, **over):
    data = {
        "code": "NY-1",
        "name": "Nytt tiltak",
        "owner": actor.pk,
        "measure_type": "project",
        "phase": "idea",
        "budget-TOTAL_FORMS": "0",
        "budget-INITIAL_FORMS": "0",
        **ANSWERS,
    }
    data.update(over)
    return client.post("/measures/new/", data)


def test_owner_preselected_for_a_representative_of_one_actor(client, rep_a, actor_a):
    client.force_login(rep_a)
    form = client.get("/measures/new/").context["form"]
    assert form["owner"].value() == actor_a.pk
    html = client.get("/measures/new/").content.decode()
    assert f'<option value="{actor_a.pk}" selected>' in html


def test_required_fields_are_marked(client, rep_a):
    client.force_login(rep_a)
    html = client.get("/measures/new/").content.decode()
    assert 'id="required-note"' in html
    assert html.count('<span aria-hidden="true">*</span>') >= 5


def test_entry_criteria_are_explicit_yes_no_without_default(client, rep_a, actor_a):
    client.force_login(rep_a)
    html = client.get("/measures/new/").content.decode()
    assert 'type="radio" name="criterion_strategy" value="True"' in html
    assert 'type="radio" name="criterion_strategy" value="False"' in html
    assert (
        "checked"
        not in html.split('id="id_criterion_digitalisation_core"')[1].split("</fieldset>")[0]
    )
    unanswered = _new(client, actor_a, criterion_strategy="")
    assert unanswered.status_code == 200
    assert 'id="id_criterion_strategy-error"' in unanswered.content.decode()
    assert not Measure.objects.exists()
    assert _new(client, actor_a).status_code == 302
    m = Measure.objects.get()
    assert (m.criterion_digitalisation_core, m.criterion_cross_actor) == (True, False)
    edit = client.get(f"/measures/{m.pk}/edit/").content.decode()
    yes = edit.split('id="id_criterion_digitalisation_core_0"')[1].split(">")[0]
    no = edit.split('id="id_criterion_cross_actor_1"')[1].split(">")[0]
    assert "checked" in yes and "checked" in no  # the stored answers, shown on edit


def test_lower_case_code_is_upper_cased(client, rep_a, actor_a):
    client.force_login(rep_a)
    assert _new(client, actor_a, code="hv-ny-1").status_code == 302
    assert Measure.objects.filter(code="HV-NY-1").exists()


def test_budget_rows_can_be_added_and_removed(client, office_user, make_measure, actor_a):
    m = make_measure(actor_a, budget={2020: 1000, 2021: 2000})
    client.force_login(office_user)
    page = client.get(f"/measures/{m.pk}/edit/").content.decode()
    assert 'id="budget-empty-row"' in page and 'id="budget-add-row"' in page
    assert "js/formset.js" in page
    form = {
        "code": m.code,
        "name": m.name,
        "owner": actor_a.pk,
        "measure_type": "project",
        "phase": "idea",
        "version": m.version,
        "budget-TOTAL_FORMS": "3",
        "budget-INITIAL_FORMS": "2",
        **ANSWERS,
    }
    for i, year in enumerate((2020, 2021, 2022)):
        form |= {
            f"budget-{i}-year": year,
            f"budget-{i}-kind": "investment",
            f"budget-{i}-funding_source": "own",
            f"budget-{i}-planned": "1 000",
        }
    form["budget-0-DELETE"] = "on"  # remove 2020, add 2022 (a row the script added)
    assert client.post(f"/measures/{m.pk}/edit/", form).status_code == 302
    assert sorted(m.budget_lines.values_list("year", flat=True)) == [2021, 2022]


def _submitted(make_measure, actor, **criteria):
    return make_measure(actor, state="submitted", published=False, **criteria)


def test_publishing_is_not_pre_ticked_when_accepting(client, office_user, make_measure, actor_a):
    m = _submitted(
        make_measure, actor_a, criterion_digitalisation_core=True, criterion_cross_actor=True
    )
    client.force_login(office_user)
    html = client.get(f"/measures/{m.pk}/").content.decode()
    tag = (
        html.split('id="publish-accept"')[0].rsplit("<input", 1)[1]
        + html.split('id="publish-accept"')[1].split(">")[0]
    )
    assert "checked" not in tag
    assert 'id="comment-accept"' not in html  # criteria met: no reason asked
    client.post(f"/measures/{m.pk}/transition/accept/")
    m.refresh_from_db()
    assert (m.state, m.published) == ("accepted", False)


def test_accepting_without_the_entry_criteria_needs_a_reason_kept_in_history(
    client, office_user, make_measure, actor_a
):
    from core.services import history_for

    m = _submitted(make_measure, actor_a, criterion_digitalisation_core=True)
    client.force_login(office_user)
    assert 'id="comment-accept"' in client.get(f"/measures/{m.pk}/").content.decode()
    client.post(f"/measures/{m.pk}/transition/accept/")
    m.refresh_from_db()
    assert m.state == "submitted"
    reason = "Viktig for pandemiberedskapen"
    client.post(f"/measures/{m.pk}/transition/accept/", {"comment": reason})
    m.refresh_from_db()
    assert m.state == "accepted"
    assert any(reason in (h.message or "") for h in history_for(m))


def test_archiving_asks_for_confirmation_and_archived_can_be_listed(
    client, office_user, make_measure, actor_a
):
    m = make_measure(actor_a)
    client.force_login(office_user)
    ask = client.get(f"/measures/{m.pk}/archive/")
    assert ask.status_code == 200 and 'name="confirm" value="yes"' in ask.content.decode()
    client.post(f"/measures/{m.pk}/archive/")  # no confirmation: nothing happens
    m.refresh_from_db()
    assert m.archived_at is None
    client.post(f"/measures/{m.pk}/archive/", {"confirm": "yes"})
    m.refresh_from_db()
    assert m.archived_at is not None
    assert m.code not in [x.code for x in client.get("/measures/").context["measures"]]
    archived = client.get("/measures/?archived=1").context["measures"]
    assert [x.code for x in archived] == [m.code]


def test_multi_select_filters_are_checkbox_lists_with_a_summary(
    client, office_user, make_measure, actor_a
):
    make_measure(actor_a, phase="execution")
    client.force_login(office_user)
    html = client.get("/measures/?phase=execution&phase=planning").content.decode()
    assert 'type="checkbox" name="phase" value="execution"' in html
    assert (
        '<select name="phase"' not in html and "multiple" not in html.split('id="measure-table"')[0]
    )
    assert 'id="active-filters"' in html
    summary = html.split('id="active-filters"')[1].split("</div>")[0]
    assert "Execution" in summary and "Planning" in summary


def test_lower_case_code_is_upper_cased_through_the_api_too(api, office_user, actor_a):
    api.force_authenticate(office_user)
    response = api.post(
        "/api/v1/measures/",
        {"code": "ks-api-1", "name": "API", "owner": actor_a.pk, "measure_type": "project"},
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["code"] == "KS-API-1"
