"""Who may see and do what in the portfolio: the only place these rules are written.

Selectors, services, views, the API and the exports all ask these functions (see
`core.policy` for the mechanism and docs/access.md for the table). `token` is the integrator
token of an API call (None for a page or a session call); a token limited to one actor
acts for that actor only, whoever owns it.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from core.policy import sees_everything
from portfolio.choices import MeasureState
from portfolio.models import Actor, Measure
from portfolio.tokens import token_actor_id

__all__ = [
    "actor_ids_of",
    "sees_everything",
    "visible_measures",
    "visible_actors",
    "can_view_measure",
    "can_create_measure_for",
    "can_edit_measure",
    "can_archive_measure",
    "can_restore_measure",
    "can_publish_measure",
    "writable_measure_fields",
    "can_transition_measure",
    "can_manage_reference_data",
    "can_see_staff_names",
]

# States in which the owner (not only the office) may change a measure.
EDITABLE_BY_OWNER = frozenset({MeasureState.DRAFT, MeasureState.RETURNED, MeasureState.ACCEPTED})
# Fields only the office may change (an owner's write naming them with a new value is a 400).
OFFICE_ONLY_FIELDS = frozenset({"published", "state"})


def actor_ids_of(user: Any, token: Any = None) -> list[int]:
    """The actors a user (or a token limited to one actor) speaks for."""
    limited_to = token_actor_id(token)
    if limited_to is not None:
        return [limited_to]
    if not getattr(user, "is_authenticated", False):
        return []
    cached = getattr(user, "_actor_ids", None)
    if cached is None:
        cached = list(user.actors.values_list("id", flat=True))
        user._actor_ids = cached
    return cached


def _is_public(measure: Measure) -> bool:
    return (
        measure.published and measure.state == MeasureState.ACCEPTED and measure.archived_at is None
    )


# --- seeing ------------------------------------------------------------------------------


def visible_measures(user: Any, token: Any = None, *, archived: bool = False) -> QuerySet[Measure]:
    """Office: everything. Representatives and actor tokens: published (accepted) measures
    plus all of their own actors' measures, drafts included. Everyone else: published
    measures only. Archived measures (with `archived=True`) only for the office and the
    owner's representatives, the same for pages and API."""
    if sees_everything(user, token):
        qs = Measure.objects.all()
        return qs if archived else qs.filter(archived_at__isnull=True)
    own = actor_ids_of(user, token)
    public = Q(published=True, state=MeasureState.ACCEPTED, archived_at__isnull=True)
    if archived:
        return Measure.objects.filter(public | Q(owner_id__in=own))
    return Measure.objects.filter(public | Q(owner_id__in=own), archived_at__isnull=True)


def can_view_measure(user: Any, measure: Measure | None, token: Any = None) -> bool:
    """The same rule as `visible_measures(archived=True)`, for one loaded object (no query
    beyond the caller's actors, cached on the user)."""
    if measure is None:
        return False
    if sees_everything(user, token) or _is_public(measure):
        return True
    return measure.owner_id in actor_ids_of(user, token)


def visible_actors(user: Any = None, token: Any = None) -> QuerySet[Actor]:
    """Actors are public reference data."""
    return Actor.objects.all()


def can_see_staff_names(user: Any, token: Any = None) -> bool:
    """Names of the people who changed things: only the office. Others read role and
    organisation (core.policy.present_history)."""
    return sees_everything(user, token)


# --- doing -------------------------------------------------------------------------------


def can_create_measure_for(user: Any, owner: Actor | None, token: Any = None) -> bool:
    if owner is None or not getattr(user, "is_authenticated", False):
        return False
    if token is not None and not token.can_write:
        return False
    return sees_everything(user, token) or owner.pk in actor_ids_of(user, token)


def can_edit_measure(user: Any, measure: Measure, token: Any = None) -> bool:
    """The office edits everything; an actor edits its own measures that are not archived,
    except while the office reviews them (submitted) or after rejection. A token limited to
    one actor acts for that actor (archived measures included: it may not edit them)."""
    if not getattr(user, "is_authenticated", False):
        return False
    if token is not None and not token.can_write:
        return False
    if sees_everything(user, token):
        return True
    return (
        measure.owner_id in actor_ids_of(user, token)
        and measure.archived_at is None
        and measure.state in EDITABLE_BY_OWNER
    )


def can_publish_measure(user: Any, token: Any = None) -> bool:
    return sees_everything(user, token)


def writable_measure_fields(user: Any, token: Any = None) -> frozenset[str] | None:
    """None: every field. Otherwise the fields the caller may NOT change."""
    return None if sees_everything(user, token) else OFFICE_ONLY_FIELDS


def can_archive_measure(user: Any, measure: Measure, token: Any = None) -> bool:
    return can_edit_measure(user, measure, token)


def can_restore_measure(user: Any, measure: Measure | None = None, token: Any = None) -> bool:
    return getattr(user, "is_authenticated", False) and sees_everything(user, token)


def can_transition_measure(user: Any, measure: Measure, who: str, token: Any = None) -> bool:
    """Workflow steps: `who` is "office" (accept, return, reject) or "owner" (submit)."""
    if measure.archived_at is not None or not getattr(user, "is_authenticated", False):
        return False
    if who == "office":
        return sees_everything(user, token)
    return sees_everything(user, token) or measure.owner_id in actor_ids_of(user, token)


def can_manage_reference_data(user: Any, token: Any = None) -> bool:
    """Actors, segments, national solutions, goals, periods, baselines, imports."""
    return getattr(user, "is_authenticated", False) and sees_everything(user, token)
