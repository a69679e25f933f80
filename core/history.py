"""History people can read: the change log rendered with field labels, names instead of ids,
choice labels, Ja/Nei, formatted money and dates, one entry per change (one request), and who
made it (name and organisation; only the organisation or role for the public).

`readable_history(changes, public=...)` turns ObjectChange rows (newest first, as
`core.services.history_for` gives them) into `HistoryEntry` objects for the templates. It reads
the related objects it names in one query per model, whatever the number of rows.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib.auth import get_user_model
from django.db import models
from django.utils import timezone, translation
from django.utils.formats import date_format, number_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop, trans_real

from core.access import role_labels
from core.models import ObjectChange

MAX_TEXT = 200


@dataclass
class Value:
    text: str
    url: str = ""


@dataclass
class Line:
    label: str
    old: list[Value] = field(default_factory=list)
    new: list[Value] = field(default_factory=list)
    verb: str = ""  # "" for old -> new; otherwise "added", "removed" … (translated)


@dataclass
class Item:
    """What happened to one object within an entry (the measure, one budget line …)."""

    action: str
    what: str  # model label, e.g. "Budsjettlinje"
    name: str
    lines: list[Line]
    key: tuple[int, str] = (0, "")


@dataclass
class HistoryEntry:
    time: dt.datetime
    who: str
    organisation: str
    message: str
    items: list[Item]
    token: str = ""


def money(value: Decimal) -> str:
    """2500000.50 -> "2 500 000,50 kr"; whole kroner without decimals."""
    quantized = value.quantize(Decimal("0.01"))
    whole = quantized == quantized.to_integral_value()
    text = f"{quantized:,.0f}" if whole else f"{quantized:,.2f}"
    return text.replace(",", "\u00a0").replace(".", ",") + "\u00a0kr"


def _is_money(f: models.Field) -> bool:
    return (
        isinstance(f, models.DecimalField) and f.decimal_places == 2 and (f.max_digits or 0) >= 12
    )


def _url(obj: Any) -> str:
    getter = getattr(obj, "get_absolute_url", None)
    if getter is None:
        return ""
    try:
        return getter()
    except Exception:  # noqa: BLE001 - a link is a courtesy, never a reason to fail the page
        return ""


class _Resolver:
    """Collects (model, pk) pairs, then loads each model's objects in one query."""

    def __init__(self) -> None:
        self.wanted: dict[type[models.Model], set[Any]] = defaultdict(set)
        self.loaded: dict[type[models.Model], dict[Any, Any]] = {}

    def want(self, model: type[models.Model], pks: Iterable[Any]) -> None:
        self.wanted[model].update(pk for pk in pks if pk not in (None, ""))

    def load(self) -> None:
        for model, pks in self.wanted.items():
            pk_field = model._meta.pk
            clean = set()
            for pk in pks:
                try:
                    clean.add(pk_field.to_python(pk))
                except Exception:  # noqa: BLE001 - a stale or odd id is shown as missing
                    continue
            self.loaded[model] = model._default_manager.in_bulk(list(clean)) if clean else {}

    def get(self, model: type[models.Model], pk: Any) -> Any:
        try:
            pk = model._meta.pk.to_python(pk)
        except Exception:  # noqa: BLE001
            return None
        return self.loaded.get(model, {}).get(pk)


def _field(model: type[models.Model] | None, name: str) -> models.Field | None:
    if model is None:
        return None
    try:
        return model._meta.get_field(name)
    except Exception:  # noqa: BLE001 - a field removed since the change was logged
        return None


def _label(f: Any, name: str) -> str:
    """A field's label; a reverse relation is named by the related model."""
    if f is None:
        return name.replace("_", " ")
    verbose = getattr(f, "verbose_name", None)
    if verbose is None and getattr(f, "related_model", None) is not None:
        verbose = f.related_model._meta.verbose_name
    return capfirst(str(verbose or name))


def _related(f: models.Field | None) -> type[models.Model] | None:
    if f is not None and (f.many_to_one or f.one_to_one or f.many_to_many or f.one_to_many):
        return f.related_model
    return None


def _plain(f: models.Field | None, value: Any, resolver: _Resolver, public: bool) -> Value:
    if value is None or value == "" or value == []:
        return Value("–")
    related = _related(f)
    if related is not None and isinstance(value, list):  # a set of related objects
        return Value(", ".join(_plain(f, v, resolver, public).text for v in value))
    if related is not None:
        obj = resolver.get(related, value)
        if obj is None:
            return Value(_("(deleted)"))
        return Value(_name(obj, public), "" if public else _url(obj))
    if isinstance(f, models.BooleanField) or isinstance(value, bool):
        return Value(_("Yes") if value else _("No"))
    if f is not None and f.choices:
        return Value(str(dict(f.flatchoices).get(value, value)))
    if isinstance(f, models.DateTimeField):
        try:
            moment = dt.datetime.fromisoformat(str(value))
        except ValueError:
            return Value(str(value))
        if timezone.is_aware(moment):
            moment = timezone.localtime(moment)
        return Value(date_format(moment, "SHORT_DATETIME_FORMAT"))
    if isinstance(f, models.DateField):
        try:
            return Value(date_format(dt.date.fromisoformat(str(value)[:10]), "SHORT_DATE_FORMAT"))
        except ValueError:
            return Value(str(value))
    if isinstance(f, models.DecimalField | models.FloatField | models.IntegerField):
        try:
            number = Decimal(str(value))
        except InvalidOperation:
            return Value(str(value))
        if _is_money(f):
            return Value(money(number))
        if isinstance(f, models.IntegerField) and f.name in {"year", "budget_year"}:
            return Value(str(value))
        return Value(number_format(number, use_l10n=True, force_grouping=True))
    if isinstance(value, list):
        return Value(", ".join(str(v) for v in value) or "–")
    if isinstance(value, dict):
        return Value(", ".join(f"{k}: {v}" for k, v in value.items()) or "–")
    text = str(value)
    return Value(text if len(text) <= MAX_TEXT else text[: MAX_TEXT - 1] + "…")


def _name(obj: Any, public: bool) -> str:
    if isinstance(obj, get_user_model()):
        return _person(obj, public)[0] or _person(obj, public)[1]
    return str(obj)


def _person(user: Any, public: bool) -> tuple[str, str]:
    """(name, organisation or role) of a user; the name is left out for the public."""
    actors = getattr(user, "actors", None)
    orgs = [str(a) for a in actors.all()] if actors is not None else []
    if not orgs:
        labels = role_labels()
        roles = [str(labels[g.name]) for g in user.groups.all() if g.name in labels]
        orgs = roles
    organisation = ", ".join(sorted(orgs))
    name = "" if public else (user.get_full_name() or user.get_username())
    return name, organisation


# A measure save's message is stored as "version N" (portfolio reads it back); shown translated.
STORED_MESSAGES = [gettext_noop("version %(n)s")]

VERBS = {
    "added": gettext_lazy("added"),
    "removed": gettext_lazy("removed"),
    "cleared": gettext_lazy("removed all"),
}


def readable_history(
    changes: Iterable[ObjectChange], *, public: bool = False, names: bool | None = None
) -> list[HistoryEntry]:
    """`public`: no links and no names; `names`: whether staff are named (default: unless
    public; the access policy names staff only to the office)."""
    names = not public if names is None else names
    rows = list(changes)
    resolver = _Resolver()
    users: set[int] = set()
    live: dict[type[models.Model], set[str]] = defaultdict(set)
    for row in rows:
        model = row.content_type.model_class()
        if model is not None:
            live[model].add(row.object_id)
        if row.user_id:
            users.add(row.user_id)
        for name, pair in (row.changes or {}).items():
            related = _related(_field(model, name))
            if related is None:
                continue
            if isinstance(pair, dict):
                for ids in pair.values():
                    resolver.want(related, ids if isinstance(ids, list) else [ids])
            elif isinstance(pair, list):  # [old, new]; each an id or a list of ids
                for side in pair:
                    resolver.want(related, side if isinstance(side, list) else [side])
    for model, pks in live.items():
        resolver.want(model, pks)
    resolver.load()
    people = {
        u.pk: u
        for u in get_user_model()
        .objects.filter(pk__in=users)
        .prefetch_related(*(["actors"] if hasattr(get_user_model(), "actors") else []), "groups")
    }
    entries: list[HistoryEntry] = []
    for row in rows:
        key = (row.request_id, row.user_id, row.token_id)
        item = _item(row, resolver, public)
        if entries and getattr(entries[-1], "_key", None) == key:
            same = next((i for i in entries[-1].items if i.key == item.key), None)
            if same is not None:  # one object changed twice in one request (fields, then m2m)
                same.lines[:0] = item.lines
                same.action = item.action
            else:
                entries[-1].items.insert(0, item)  # within an entry: in the order they happened
            if row.message and not entries[-1].message:
                entries[-1].message = translate_stored(row.message)
            continue
        user = people.get(row.user_id)
        if user is not None:
            who, organisation = _person(user, public or not names)
        else:
            who, organisation = (row.user_name if names else "") or _("system"), ""
        entry = HistoryEntry(
            time=row.time,
            who=who,
            organisation=organisation,
            message=translate_stored(row.message),
            items=[item],
            token=row.token.name if row.token_id and row.token and not public else "",
        )
        entry._key = key  # type: ignore[attr-defined]
        entries.append(entry)
    return entries


def _item(row: ObjectChange, resolver: _Resolver, public: bool) -> Item:
    model = row.content_type.model_class()
    what = capfirst(str(model._meta.verbose_name)) if model else row.content_type.name
    obj = resolver.get(model, row.object_id) if model else None
    name = str(obj) if obj is not None else row.object_repr
    parent_fields = set()
    if model is not None and row.parent_content_type_id:
        parent_model = row.parent_content_type.model_class()
        parent_fields = {
            f.name
            for f in model._meta.concrete_fields
            if f.many_to_one and f.related_model is parent_model
        }
    lines: list[Line] = []
    for fname, pair in (row.changes or {}).items():
        if fname in parent_fields:
            continue
        f = _field(model, fname)
        if f is not None and getattr(f, "primary_key", False):
            continue  # an id is never shown
        label = _label(f, fname)
        if isinstance(pair, dict):
            for verb, ids in pair.items():
                values = ids if isinstance(ids, list) else [ids]
                lines.append(
                    Line(
                        label=label,
                        new=[_plain(f, v, resolver, public) for v in values],
                        verb=str(VERBS.get(verb, verb)),
                    )
                )
            continue
        old, new = pair if isinstance(pair, list) and len(pair) == 2 else (None, pair)
        if row.action == ObjectChange.Action.CREATE and old in (None, "") and new in (None, ""):
            continue
        if row.action == ObjectChange.Action.DELETE:
            lines.append(Line(label=label, old=[_plain(f, old, resolver, public)]))
        elif row.action == ObjectChange.Action.CREATE:
            lines.append(Line(label=label, new=[_plain(f, new, resolver, public)]))
        else:
            lines.append(
                Line(
                    label=label,
                    old=[_plain(f, old, resolver, public)],
                    new=[_plain(f, new, resolver, public)],
                )
            )
    return Item(
        action=str(row.get_action_display()),
        what=what,
        name=name,
        lines=lines,
        key=(row.content_type_id, row.object_id),
    )


def translate_stored(message: str) -> str:
    """A history message is stored in the language of the moment it was written ("Promoted to
    measure K-2020-0001"); show it in the reader's language when the catalog knows it, also
    when it was filled in from a pattern ("Promoted to measure %(code)s")."""
    if not message:
        return message
    language = translation.get_language() or "nb"
    pairs = _stored_patterns(language.split("-")[0])
    direct = pairs[0].get(message)
    if direct:
        return direct
    for pattern, target in pairs[1]:
        match = pattern.fullmatch(message)
        if match:
            try:
                return target % match.groupdict()
            except (KeyError, ValueError, TypeError):
                return message
    return message


_PATTERN_CACHE: dict[str, tuple[dict[str, str], list[tuple[Any, str]]]] = {}


def _stored_patterns(language: str) -> tuple[dict[str, str], list[tuple[Any, str]]]:
    """(plain message -> message in `language`, [(regex of a pattern, pattern in `language`)])
    built from the bokmål catalog, in both directions."""
    if language in _PATTERN_CACHE:
        return _PATTERN_CACHE[language]
    catalog = trans_real.translation("nb")._catalog  # noqa: SLF001 - the merged nb catalog
    plain: dict[str, str] = {}
    patterns: list[tuple[Any, str]] = []
    placeholder = re.compile(r"%\((\w+)\)s")
    for key, nb in catalog.items():
        if not isinstance(key, str) or not nb or key == nb:
            continue
        source, target = (nb, key) if language != "nb" else (key, nb)
        names = placeholder.findall(source)
        if not names:
            plain[source] = target
            continue
        if len(set(names)) != len(names) or set(names) != set(placeholder.findall(target)):
            continue
        regex = "".join(
            f"(?P<{part}>.+?)" if i % 2 else re.escape(part.replace("%%", "%"))
            for i, part in enumerate(placeholder.split(source))
        )
        patterns.append((re.compile(regex, re.S), target))
    _PATTERN_CACHE[language] = (plain, patterns)
    return plain, patterns
