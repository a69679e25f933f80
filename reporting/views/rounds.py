from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from reporting import policies, selectors, services
from reporting.forms import RoundOpenForm, StatusForm
from reporting.models import ReportingRound
from reporting.views import attach_errors, require


@login_required
def index(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "reporting/index.html",
        {
            "nav": "reporting",
            "rounds": selectors.round_list(request.user),
            "reports": selectors.report_list(request.user),
            "can_run": policies.can_run_rounds(request.user),
        },
    )


@login_required
def round_open(request: HttpRequest) -> HttpResponse:
    require(policies.can_run_rounds(request.user), _("Only the portfolio office runs rounds."))
    form = RoundOpenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            round_ = services.round_open(by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(
                request,
                _("Round %(name)s opened: %(n)s measures asked to report.")
                % {"name": round_.name, "n": round_.tasks.count()},
            )
            return redirect("reporting:round-detail", pk=round_.pk)
    return render(request, "reporting/round_open.html", {"nav": "reporting", "form": form})


def _round(request: HttpRequest, pk: int) -> ReportingRound:
    return get_object_or_404(selectors.round_list(request.user), pk=pk)


@login_required
def round_detail(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = _round(request, pk)
    office = policies.can_run_rounds(request.user)
    actor_ids = policies.reportable_actor_ids(request.user)
    tasks = selectors.tasks_with_completion(round_)
    if actor_ids is not None:
        tasks = tasks.filter(actor_id__in=actor_ids)
    return render(
        request,
        "reporting/round_detail.html",
        {
            "nav": "reporting",
            "round": round_,
            "office": office,
            "completion": selectors.completion_by_actor(round_, actor_ids),
            "tasks": tasks,
            "late_after": selectors.deadline_passed_at(round_.deadline),
            "notices": round_.notices.select_related("actor") if office else [],
            "next_reminder": services.next_reminder(round_),
            "reports": selectors.report_list(request.user).filter(round=round_),
        },
    )


@login_required
@require_POST
def round_remind(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = _round(request, pk)
    require(policies.can_run_rounds(request.user), _("Only the portfolio office runs rounds."))
    sent = services.reminders_send(round_=round_)
    if sent:
        messages.success(request, _("%(n)s reminders sent.") % {"n": len(sent)})
    else:
        messages.info(
            request,
            _("No reminder is due now. Reminders go out from %(date)s and after the deadline.")
            % {"date": services.next_reminder(round_).strftime("%d.%m.%Y")},
        )
    return redirect("reporting:round-detail", pk=pk)


@login_required
@require_POST
def round_close(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = _round(request, pk)
    try:
        services.round_close(round_=round_, by=request.user)
    except ValidationError as exc:
        for error in exc.messages:
            messages.error(request, error)
    else:
        messages.success(request, _("Round %(name)s closed.") % {"name": round_.name})
    return redirect("reporting:round-detail", pk=pk)


@login_required
def status_report(request: HttpRequest, pk: int, measure_pk: int) -> HttpResponse:
    round_ = _round(request, pk)
    task = round_.tasks.select_related("measure", "measure__owner").filter(measure_id=measure_pk)
    task = task.first()
    if task is None or not policies.visible_measures(request.user).filter(pk=measure_pk).exists():
        raise Http404(_("No such measure in this round."))
    measure = task.measure
    require(
        policies.can_report(request.user, measure),
        _("You may only report status for your own actor's measures."),
    )
    existing = measure.status_reports.filter(period=round_.period).first()
    initial = {}
    if existing:
        initial = {
            k: getattr(existing, k)
            for k in (
                "overall",
                "cost",
                "schedule",
                "benefits",
                "commentary",
                "forecast_end_date",
                "cost_forecast",
            )
        }
    form = StatusForm(request.POST or None, initial=initial)
    if request.method == "POST" and round_.is_open and form.is_valid():
        try:
            services.status_submit(
                round_=round_, measure=measure, by=request.user, data=form.cleaned_data
            )
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, _("Status for %(code)s saved.") % {"code": measure.code})
            return redirect("reporting:todo")
    return render(
        request,
        "reporting/status_form.html",
        {
            "nav": "reporting",
            "round": round_,
            "measure": measure,
            "form": form,
            "existing": existing,
            "previous": measure.status_reports.filter(period__start__lt=round_.period.start)
            .select_related("period")
            .order_by("-period__start")
            .first(),
        },
    )


@login_required
def todo(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "reporting/todo.html",
        {"nav": "reporting", "todos": selectors.open_tasks_for(request.user)},
    )
