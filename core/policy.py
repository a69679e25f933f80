"""One mechanism for access rules; the rules themselves live in each app's `policies.py`.

Each app's `policies.py` states, per model, what a caller may see
(`visible_<model>s(user, token) -> QuerySet`) and what a caller may do
(`can_<verb>(user, obj, token) -> bool`). Everything else asks them:

- services call `require(allowed, message)` before they write (raises `Refused`);
- views use `@policy_view` (or `PolicyViewMixin`) and `visible_or_404(queryset, ...)`;
- API viewsets use `PolicyPermission` and `PolicyQuerysetMixin` (queryset = the policy's
  `visible` function), related fields use `VisibleRelatedField`, filter sets use
  `VisibleChoicesFilterSetMixin`, and a write naming a field the caller may not change is
  refused by `refuse_forbidden_fields` (400 naming the field, nothing written).

This module is the only place where a refusal becomes an HTTP answer: an object the caller may
not see is 404 (it does not exist for them), an action on a visible object they may not take
is 403, an id in a request body they may not see is a 400 that says nothing about it.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from rest_framework import permissions, serializers

from core.access import integrator_role, is_office, office_role, role_label, role_labels
from core.models import IntegratorToken

# Above this many options a choice list in a filter becomes a search field.
OPTION_LIMIT = 300


class Refused(PermissionDenied):
    """A policy said no. A PermissionDenied, so Django answers 403 and DRF answers 403."""


def token_of_request(request: Any) -> Any:
    auth = getattr(request, "auth", None)
    return auth if isinstance(auth, IntegratorToken) else None


def caller(request: Any) -> tuple[Any, Any]:
    """(user, token) of a Django or DRF request."""
    return getattr(request, "user", None), token_of_request(request)


@dataclass(frozen=True)
class TokenLimit:
    """A limit that an app above core puts on integrator tokens (portfolio: "limited to one
    actor"), registered in its `AppConfig.ready`. `applies(token)` is true when the token is
    so limited (then even an office token does not see everything); `related` names the
    relations of `IntegratorToken` to load with the token when it authenticates."""

    name: str
    applies: Callable[[Any], bool]
    related: tuple[str, ...] = ()


_TOKEN_LIMITS: dict[str, TokenLimit] = {}


def register_token_limit(limit: TokenLimit) -> None:
    _TOKEN_LIMITS[limit.name] = limit


def token_limits() -> list[TokenLimit]:
    return list(_TOKEN_LIMITS.values())


def token_related() -> list[str]:
    """The relations to load with an integrator token (see `TokenLimit.related`)."""
    return [name for limit in _TOKEN_LIMITS.values() for name in limit.related]


def token_is_limited(token: Any) -> bool:
    return token is not None and any(limit.applies(token) for limit in _TOKEN_LIMITS.values())


def sees_everything(user: Any, token: Any = None) -> bool:
    """The office sees everything, unless it speaks through a token limited by an app
    (portfolio: to one actor)."""
    return is_office(user) and not token_is_limited(token)


def require(allowed: bool, message: str | None = None) -> None:
    """Services call this before writing: no means `Refused` (403), nothing written."""
    if not allowed:
        raise Refused(message or _("You may not do this."))


def visible_or_404(queryset: QuerySet, **lookup: Any) -> Any:
    """The one object of a policy-scoped queryset, or 404 (never 403: existence is private)."""
    obj = queryset.filter(**lookup).first()
    if obj is None:
        raise Http404(_("Not found."))
    return obj


# --- views -------------------------------------------------------------------------------


def policy_view(
    check: Callable[[Any, Any], bool] | None = None, *, login: bool = False
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Decorate a page view: `check(user, None)` must allow the page. With `login`, callers
    who are not signed in are sent to sign in; otherwise a refusal is 403."""

    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @functools.wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            user = request.user
            if login and not user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if check is not None and not check(user, None):
                raise Refused(_("You may not open this page."))
            return view(request, *args, **kwargs)

        return wrapper

    return decorate


class PolicyViewMixin:
    """For class-based views: `policy_check(user, token) -> bool` guards the whole view."""

    policy_check: Callable[[Any, Any], bool] | None = None

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        check = type(self).policy_check
        if check is not None and not check(request.user, None):
            raise Refused(_("You may not open this page."))
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]


# --- API ---------------------------------------------------------------------------------


class PolicyPermission(permissions.BasePermission):
    """Reads are open (the viewset's queryset is the policy's visible set, so an invisible
    object is 404); writes need a login and, with a token, the read-write scope. A viewset may
    name `policy_write(user, token) -> bool` for the operation-level rule and
    `policy_object(user, obj, token, action) -> bool` for the object-level one."""

    def has_permission(self, request: Any, view: Any) -> bool:
        user, token = caller(request)
        check = getattr(view, "policy_read", None)
        if request.method in permissions.SAFE_METHODS:
            return check is None or bool(check(user, token))
        if not (user and user.is_authenticated):
            return False
        if token is not None and not token.can_write:
            return False
        write = getattr(view, "policy_write", None)
        return write is None or bool(write(user, token))

    def has_object_permission(self, request: Any, view: Any, obj: Any) -> bool:
        check = getattr(view, "policy_object", None)
        if check is None or request.method in permissions.SAFE_METHODS:
            return True
        user, token = caller(request)
        return bool(check(user, obj, token, getattr(view, "action", None)))


class PolicyQuerysetMixin:
    """`policy_visible(user, token) -> QuerySet` is the viewset's queryset: what a caller may
    not see does not exist for them (404)."""

    policy_visible: Callable[..., QuerySet] | None = None

    def get_queryset(self) -> QuerySet:
        if getattr(self, "swagger_fake_view", False):
            return super().get_queryset()  # type: ignore[misc]
        user, token = caller(self.request)  # type: ignore[attr-defined]
        return type(self).policy_visible(user, token)  # type: ignore[misc]


class VisibleRelatedField(serializers.PrimaryKeyRelatedField):
    """A related-object field that only accepts (and only offers) objects the caller may see.
    An invisible id is answered exactly like an id that does not exist."""

    default_error_messages = {
        "does_not_exist": _lazy("No such object."),
        "incorrect_type": _lazy("Incorrect type. Expected an id."),
    }

    def __init__(self, *, visible: Callable[[Any, Any], QuerySet], **kwargs: Any) -> None:
        self.visible = visible
        kwargs.setdefault("queryset", visible(None, None).model._default_manager.none())
        super().__init__(**kwargs)

    def get_queryset(self) -> QuerySet:
        request = self.context.get("request")
        if request is None:
            return self.visible(None, None)
        return self.visible(*caller(request))


def refuse_forbidden_fields(data: Mapping[str, Any], allowed: Iterable[str]) -> None:
    """A write naming a field the caller may not change is refused (400 naming the field)
    before anything is written, instead of being silently ignored."""
    allowed = set(allowed)
    bad = [name for name in data if name not in allowed]
    if bad:
        raise ValidationError(
            {name: _("You may not change this field.") for name in sorted(bad)},
            code="forbidden_field",
        )


# --- choices -----------------------------------------------------------------------------


class VisibleChoicesFilterSetMixin:
    """For a FilterSet: `visible_choices = {"filter name": visible_fn(user, token)}` limits
    the options (and the accepted values) of those filters to what the caller may see. When
    more than OPTION_LIMIT options remain, the pick list is not rendered: the field becomes a
    hidden carrier of already chosen values, and the filter set's free-text `search_fields`
    (e.g. "measure_q") search within the visible objects instead."""

    visible_choices: dict[str, Callable[[Any, Any], QuerySet]] = {}

    def __init__(self, *args: Any, request: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, request=request, **kwargs)  # type: ignore[call-arg]
        user, token = caller(request) if request is not None else (None, None)
        self.large_choices: set[str] = set()
        for name, visible in self.visible_choices.items():
            flt = self.filters.get(name)  # type: ignore[attr-defined]
            if flt is None:
                continue
            qs = visible(user, token)
            flt.queryset = qs
            if len(qs.values_list("pk", flat=True)[: OPTION_LIMIT + 1]) > OPTION_LIMIT:
                self.large_choices.add(name)
                multiple = issubclass(flt.field_class, forms.ModelMultipleChoiceField)
                flt.extra["widget"] = forms.MultipleHiddenInput if multiple else forms.HiddenInput


# --- history -----------------------------------------------------------------------------


def _user_labels(user_ids: set[int]) -> dict[int, str]:
    """Role (and organisation) of each user, in two queries, for callers who may not read
    staff names."""
    if not user_ids:
        return {}
    users = get_user_model().objects.filter(pk__in=user_ids).prefetch_related("groups")
    has_actors = hasattr(get_user_model(), "actors")
    if has_actors:
        users = users.prefetch_related("actors")
    labels = {}
    for user in users:
        names = {g.name for g in user.groups.all()}
        if user.is_superuser:
            names.add(office_role())
        orgs = ", ".join(a.short_name for a in user.actors.all()) if has_actors else ""
        label = next((str(lb) for r, lb in role_labels().items() if r in names), str(_("staff")))
        labels[user.pk] = f"{label} ({orgs})" if orgs and office_role() not in names else label
    return labels


def present_history(
    changes: Iterable[Any],
    user: Any,
    token: Any = None,
    *,
    hidden_fields: Iterable[str] = (),
) -> list[Any]:
    """History rows as the caller may read them: staff user names and token names only for
    the office (others read the role and organisation), and `hidden_fields` (personal data)
    blanked out. The rows are changed in memory only."""
    names = sees_everything(user, token)
    hidden = set(hidden_fields)
    rows = list(changes)
    labels = {} if names else _user_labels({c.user_id for c in rows if c.user_id})
    for change in rows:
        if not names:
            if change.user_id:
                change.user_name = labels.get(change.user_id, str(_("staff")))
            elif change.user_name:
                change.user_name = str(_("staff"))
            if change.token_id:
                change.token = None
                change.user_name = change.user_name or role_label(integrator_role())
        if hidden and isinstance(change.changes, dict):
            change.changes = {k: v for k, v in change.changes.items() if k not in hidden}
    return rows


def model_label(obj: Model) -> str:
    return obj._meta.label_lower


def person_label(person: Any, viewer: Any, token: Any = None) -> str | None:
    """A staff member as the viewer may read them: the name for the office, otherwise the
    role and organisation (data minimisation; the public register names organisations)."""
    if person is None:
        return None
    if sees_everything(viewer, token):
        full = person.get_full_name() if hasattr(person, "get_full_name") else ""
        return full or person.username
    return _user_labels({person.pk}).get(person.pk, str(_("staff")))
