"""Core UI: integrator tokens and webhook subscriptions (office only), and the API's 404."""

from __future__ import annotations

from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template import loader
from django.utils.translation import gettext as _
from django.views import defaults

from core import services, webhooks
from core.access import is_office
from core.forms import TokenForm, WebhookForm, token_options
from core.models import IntegratorToken, WebhookSubscription
from core.policy import token_related


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """Unknown URLs under /api/ answer in the API's error shape, the rest with the HTML page."""
    if request.path.startswith("/api/"):
        detail = _("Not found.")
        body: dict[str, Any] = {
            "detail": detail,
            "errors": [{"field": None, "code": "not_found", "message": detail}],
        }
        return JsonResponse(body, status=404)
    return defaults.page_not_found(request, exception)  # type: ignore[arg-type]


def office_required(view: Any) -> Any:
    """Logged in and in the portfolio office, else 403 (anonymous: to the login page)."""

    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not is_office(request.user):
            raise PermissionDenied(_("Only the portfolio office manages integrations."))
        return view(request, *args, **kwargs)

    return wrapped


@office_required
def token_list(request: HttpRequest) -> HttpResponse:
    tokens = IntegratorToken.objects.select_related("user", *token_related()).order_by(
        "revoked", "-created"
    )
    return render(request, "core/token_list.html", {"nav": "tokens", "tokens": tokens})


@office_required
def token_create_view(request: HttpRequest) -> HttpResponse:
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                user = data["user"] or services.integrator_user_create(
                    username=data["new_username"].strip()
                )
                token, key = services.token_create(
                    name=data["name"],
                    user=user,
                    scope=data["scope"],
                    rate_limit=data["rate_limit"].strip(),
                    created_by=request.user,
                )
                for option in token_options():
                    option.apply(token, data.get(option.name))
        except ValidationError as exc:
            for field, msgs in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, msgs)
        else:
            response = render(
                request, "core/token_created.html", {"nav": "tokens", "token": token, "key": key}
            )
            response["Cache-Control"] = "no-store"
            return response
    return render(request, "core/token_form.html", {"nav": "tokens", "form": form})


@office_required
def token_revoke_view(request: HttpRequest, pk: int) -> HttpResponse:
    token = get_object_or_404(IntegratorToken.objects.select_related("user"), pk=pk)
    if request.method == "POST":
        services.token_revoke(token=token)
        messages.success(request, _("The token “%(name)s” is revoked.") % {"name": token.name})
        return redirect("token-list")
    context = {"nav": "tokens", "token": token, "history": services.history_for(token)}
    return render(request, "core/token_revoke.html", context)


@office_required
def webhook_list(request: HttpRequest) -> HttpResponse:
    subs = WebhookSubscription.objects.select_related("created_by").order_by("-active", "-created")
    return render(request, "core/webhook_list.html", {"nav": "tokens", "subscriptions": subs})


@office_required
def webhook_create(request: HttpRequest) -> HttpResponse:
    form = WebhookForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            sub, secret = webhooks.subscription_create(created_by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            for field, msgs in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, msgs)
        else:
            response = render(
                request,
                "core/webhook_created.html",
                {"nav": "tokens", "subscription": sub, "secret": secret},
            )
            response["Cache-Control"] = "no-store"
            return response
    return render(request, "core/webhook_form.html", {"nav": "tokens", "form": form})


@office_required
def webhook_detail(request: HttpRequest, pk: int) -> HttpResponse:
    sub = get_object_or_404(WebhookSubscription, pk=pk)
    if request.method == "POST":
        webhooks.subscription_deactivate(subscription=sub)
        messages.success(request, _("The subscription is deactivated."))
        return redirect("webhook-detail", pk=sub.pk)
    deliveries = sub.deliveries.order_by("-created", "-id")[:100]
    return render(
        request,
        "core/webhook_detail.html",
        {
            "nav": "tokens",
            "subscription": sub,
            "deliveries": deliveries,
            "history": services.history_for(sub),
        },
    )


SERVER_ERROR_FALLBACK = (
    '<!DOCTYPE html><html lang="nb"><head><meta charset="utf-8">'
    '<meta name="viewport" content="width=device-width, initial-scale=1">'
    "<title>Noe gikk galt</title></head><body><main><h1>Noe gikk galt</h1>"
    "<p>Feilen er registrert. Prøv igjen om litt.</p>"
    '<p><a href="/">Til forsiden</a></p></main></body></html>'
)


def server_error(request: HttpRequest) -> HttpResponse:
    """The 500 page in the site's layout, rendered WITHOUT the request: no context processor,
    session or database is touched, so it works when those are what failed. If even the
    template fails, a fixed bokmål page."""
    if request.path.startswith("/api/"):
        detail = _("A server error occurred.")
        body = {
            "detail": detail,
            "errors": [{"field": None, "code": "server_error", "message": detail}],
        }
        return JsonResponse(body, status=500)
    try:
        html = loader.get_template("500.html").render({"error_page": True})
    except Exception:  # the last resort must not fail
        html = SERVER_ERROR_FALLBACK
    return HttpResponseServerError(html)
