"""The one list skeleton every list page uses: filter (a django-filter FilterSet), sort (a
fixed set of keys), paginate (page size from the query string within limits), and the
context the list templates read.

    LIST = ListView(filterset_class=MeasureFilterSet, sortable=("code", "name"), default_sort="code")

    def measure_list(request):
        listing = LIST.listing(request, selectors.measure_list(request.user))
        return render(request, "…/measure_list.html", {**listing.context(), "nav": "measures"})

`query()` is the filtered, sorted queryset without paging (exports use it: the same rows
as on screen). `section_page()` pages one of several lists on one page.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core import signing
from django.core.paginator import Page, Paginator
from django.db.models import Q, QuerySet
from django.http import HttpRequest

from core.filter_ui import active_filters, checkbox_lists


class DeferredJoinPaginator(Paginator):
    """Deep pages stay cheap: the page's ids come from the ordered index alone, then only
    those rows are read with their joins and prefetches.

    Paging by the neighbouring page's links is keyset paging: each page carries signed
    cursors (`next_cursor`, `previous_cursor`) holding the sort values of its last and first
    row, and the page they lead to is read with `WHERE (sort values) > cursor LIMIT n`, so
    page 2 000 costs what page 2 does. A page asked by number alone (or when a sort column
    may be empty, where a comparison cannot stand for the order) is read with OFFSET."""

    def __init__(self, *args: Any, cursor: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.cursor = cursor

    def page(self, number: Any) -> Any:
        number = self.validate_number(number)
        qs = self.object_list
        ordering = [str(o) for o in qs.query.order_by]
        keys = [o.removeprefix("-") for o in ordering]
        keyset = _keyset_allowed(qs, keys)
        seek = _read_cursor(self.cursor, number) if keyset else None
        if seek is not None:
            direction, values = seek
            rows = list(_seek(qs, ordering, keys, values, direction)[: self.per_page])
            if direction == "before":
                rows.reverse()
        else:
            bottom = (number - 1) * self.per_page
            rows = list(qs.values_list("pk", *keys)[bottom : bottom + self.per_page])
        ids = [row[0] for row in rows]
        found = {m.pk: m for m in qs.filter(pk__in=ids)}
        page = self._get_page([found[i] for i in ids if i in found], number, self)
        page.next_cursor = page.previous_cursor = ""
        if keyset and rows:
            page.next_cursor = _cursor("after", number + 1, rows[-1][1:])
            page.previous_cursor = _cursor("before", number - 1, rows[0][1:])
        return page


_CURSOR_SALT = "core.listing.cursor"


def _cursor(direction: str, number: int, values: Any) -> str:
    plain = [v.isoformat() if hasattr(v, "isoformat") else v for v in values]
    plain = [str(v) if isinstance(v, Decimal) else v for v in plain]
    return signing.dumps([direction, number, plain], salt=_CURSOR_SALT, compress=True)


def _read_cursor(cursor: str, number: int) -> tuple[str, list[Any]] | None:
    """(direction, sort values) of a cursor made for page `number`; None for anything else
    (no cursor, tampered, or the page number changed by hand)."""
    try:
        direction, made_for, values = signing.loads(cursor, salt=_CURSOR_SALT)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    if made_for != number or direction not in ("after", "before"):
        return None
    return direction, values


def _keyset_allowed(qs: QuerySet[Any], keys: list[str]) -> bool:
    """Every sort key is an annotation or a chain of fields none of which may be empty."""
    if not keys:
        return False
    for key in keys:
        if key in qs.query.annotations:
            continue
        model = qs.model
        for part in key.split("__"):
            try:
                found = model._meta.get_field("pk" if part == "pk" else part)
            except Exception:
                return False
            if getattr(found, "null", True):
                return False
            model = getattr(found, "related_model", None) or model
    return True


def _seek(
    qs: QuerySet[Any], ordering: list[str], keys: list[str], values: list[Any], direction: str
) -> QuerySet[Any]:
    """The rows after (or before) the row whose sort values are `values`, in the list's
    order (before: in reverse, nearest first)."""
    # the first key's bound alone lets the database range-scan its index; the rest decides
    first_later = (not ordering[0].startswith("-")) == (direction == "after")
    bound = Q(**{f"{keys[0]}__{'gte' if first_later else 'lte'}": values[0]})
    condition = Q()
    for i, key in enumerate(keys):
        ascending = not ordering[i].startswith("-")
        later = ascending if direction == "after" else not ascending
        step = Q(**{f"{key}__{'gt' if later else 'lt'}": values[i]})
        for earlier, value in zip(keys[:i], values[:i], strict=True):
            step &= Q(**{earlier: value})
        condition |= step
    rows = qs.filter(bound & condition)
    if direction == "before":
        flipped = [o.removeprefix("-") if o.startswith("-") else f"-{o}" for o in ordering]
        rows = rows.order_by(*flipped)
    return rows.values_list("pk", *keys)


def paginate(
    request: HttpRequest,
    qs: Any,
    per_page: int,
    *,
    count: int | None = None,
    deferred_join: bool = False,
    param: str = "page",
) -> Page:
    """One page of `qs` (the page number from `param`; with `deferred_join`, the keyset
    cursor from "cursor"); `count`, when known already (e.g. cached per data version),
    spares the COUNT query."""
    if deferred_join:
        paginator: Paginator = DeferredJoinPaginator(
            qs, per_page, cursor=request.GET.get(cursor_param(param), "")
        )
    else:
        paginator = Paginator(qs, per_page)
    if count is not None:
        paginator.__dict__["count"] = count
    return paginator.get_page(request.GET.get(param))


def cursor_param(param: str) -> str:
    """The query parameter of the keyset cursor that goes with page parameter `param`."""
    return "cursor" if param == "page" else f"{param}_cursor"


@dataclass
class Listing:
    """One list as shown: its FilterSet (None without filters), the sort key asked for, the
    page, and the filtered, sorted queryset (for figures beside the list)."""

    filterset: Any
    sort: str
    page: Page
    queryset: Any = None
    extra_filters: list[dict[str, Any]] = field(default_factory=list)

    def context(self, rows: str = "rows") -> dict[str, Any]:
        """What the list templates read: filterset, page_obj, the rows under `rows`, sort and
        the active filters in words."""
        shown = active_filters(self.filterset.form) if self.filterset is not None else []
        return {
            "filterset": self.filterset,
            "page_obj": self.page,
            rows: self.page.object_list,
            "sort": self.sort,
            "active_filters": shown + self.extra_filters,
        }


@dataclass(frozen=True)
class ListView:
    """How one list filters, sorts and pages (declared once per list, module level).

    `sortable`: field names the query string may sort by (each also descending, "-name");
    `sort_by`: for keys that do not sort by their own column, the expression to sort by
    instead (e.g. phases in lifecycle order); `order`: the fixed order of a list without
    sorting; `tiebreak` makes every order total (stable pages)."""

    filterset_class: type | None = None
    sortable: tuple[str, ...] = ()
    default_sort: str = ""
    sort_by: Mapping[str, Any] = field(default_factory=dict)
    order: tuple[str, ...] = ()
    tiebreak: str = "id"
    page_size: int = 50
    max_page_size: int = 500
    page_size_param: str | None = "page_size"
    deferred_join: bool = False

    def filtered(self, request: HttpRequest, base: QuerySet[Any]) -> tuple[Any, QuerySet[Any]]:
        """(the bound FilterSet or None, the filtered queryset)."""
        if self.filterset_class is None:
            return None, base
        filterset = self.filterset_class(request.GET or None, queryset=base, request=request)
        return filterset, (filterset.qs if filterset.is_bound else base)

    def sort_key(self, request: HttpRequest) -> str:
        """The sort asked for, if allowed, else the default."""
        key = request.GET.get("sort", self.default_sort)
        return key if key.removeprefix("-") in self.sortable else self.default_sort

    def sorted(self, request: HttpRequest, qs: QuerySet[Any]) -> QuerySet[Any]:
        if not self.sortable:
            return qs.order_by(*self.order) if self.order else qs
        key = self.sort_key(request)
        name = key.removeprefix("-")
        if name in self.sort_by:
            rank = f"{name}_rank"
            qs = qs.annotate(**{rank: self.sort_by[name]})
            key = key.replace(name, rank)
        return qs.order_by(key, self.tiebreak)

    def query(self, request: HttpRequest, base: QuerySet[Any]) -> tuple[Any, QuerySet[Any]]:
        """(FilterSet, the filtered and sorted queryset): the rows of the list, unpaged."""
        filterset, qs = self.filtered(request, base)
        return filterset, self.sorted(request, qs)

    def per_page(self, request: HttpRequest) -> int:
        if self.page_size_param is None:
            return self.page_size
        try:
            size = int(request.GET.get(self.page_size_param, self.page_size))
        except ValueError:
            return self.page_size
        return max(1, min(self.max_page_size, size))

    def listing(
        self,
        request: HttpRequest,
        base: QuerySet[Any],
        *,
        count: int | Callable[[QuerySet[Any]], int] | None = None,
        extra_filters: list[dict[str, Any]] | None = None,
    ) -> Listing:
        """Filter, sort and page `base` as the query string asks. `count`: the total when
        known (or a function of the filtered queryset that returns it, e.g. cached)."""
        filterset, qs = self.query(request, base)
        if filterset is not None:
            checkbox_lists(filterset.form)
        total = count(qs) if callable(count) else count
        page = paginate(
            request, qs, self.per_page(request), count=total, deferred_join=self.deferred_join
        )
        return Listing(
            filterset=filterset,
            sort=request.GET.get("sort", self.default_sort),
            page=page,
            queryset=qs,
            extra_filters=list(extra_filters or []),
        )


def section_page(
    request: HttpRequest,
    qs: Any,
    param: str,
    label: str,
    per_page: int = 50,
    *,
    count: int | None = None,
    deferred_join: bool = False,
) -> dict[str, Any]:
    """One page of one list on a page with several (`param` names its page number), with
    links to the neighbouring pages that keep the other lists where they are (and, with
    `deferred_join`, carry the keyset cursor of the page they lead to)."""
    page = paginate(request, qs, per_page, param=param, count=count, deferred_join=deferred_join)

    def url(number: int, cursor: str) -> str:
        query = request.GET.copy()
        query[param] = str(number)
        query.pop(cursor_param(param), None)
        if cursor:
            query[cursor_param(param)] = cursor
        return "?" + query.urlencode()

    previous = getattr(page, "previous_cursor", "")
    following = getattr(page, "next_cursor", "")
    return {
        "page": page,
        "rows": page.object_list,
        "count": page.paginator.count,
        "label": label,
        "prev_url": url(page.previous_page_number(), previous) if page.has_previous() else "",
        "next_url": url(page.next_page_number(), following) if page.has_next() else "",
    }
