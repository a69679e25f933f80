"""Page budget: every page, download and API read on a generated national-scale portfolio.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ehelse_bench .venv/bin/python bench/generate_portfolio.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ehelse_bench .venv/bin/python bench/page_budget.py [--runs 3] [--only /public/]

Enumerates every URL pattern of the URLconf (Django's own admin only with `--admin`) and
every GET operation of the OpenAPI document, fills their parameters with real ids from the
database (a published generated measure, a roadmap item, a suggestion, …), and requests each
as anonymous and as the office (user "kontor") in-process with Django's test client. For each
it prints the status, the first (cold) time, the median of `--runs` further requests, the
size and the number of queries, and flags:

- a page or API read over 300 ms (median) or over 200 kB;
- a download (a streamed or attachment response) whose first byte takes over 1 s, on the
  cold request (which reads the whole download and prints its total as the median) or in the
  median of the others (which read only the first chunk);
- anything cut off after `--limit` seconds (default 20, the server's timeout) before its
  headers, or answering 5xx. A streamed download may take up to 10 minutes in all (serve
  downloads with gunicorn's gthread workers, which are not killed by the timeout while
  streaming); its total time is printed as the median.

POST-only views answer 405 to GET and are listed as such. Exit status 1 when anything is
flagged.
"""

from __future__ import annotations

import argparse
import re
import signal
import statistics
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _setup import django_on_postgres  # noqa: E402

PAGE_MS, PAGE_BYTES, FIRST_BYTE_MS = 300.0, 200_000, 1000.0
# route keyword -> model label of its <pk>, first match wins
PK_MODELS = [
    ("attachments", "covid_intake.Attachment"),
    ("suggestions", "covid_intake.Suggestion"),
    ("categories", "covid_intake.Category"),
    ("working-groups", "covid_intake.WorkingGroup"),
    ("items", "roadmap.RoadmapItem"),
    ("dependencies", "roadmap.Dependency"),
    ("adoption-plans", "roadmap.AdoptionPlan"),
    ("challenges", "roadmap.Challenge"),
    ("models", "scoring.ScoringModel"),
    ("jobs", "scoring.Job"),
    ("scenarios", "scoring.Scenario"),
    ("webhooks", "core.WebhookSubscription"),
    ("tokens", "core.IntegratorToken"),
    ("people", "auth.User"),
    ("baselines", "portfolio.Baseline"),
    ("actors", "portfolio.Actor"),
    ("segments", "portfolio.Segment"),
    ("national-solutions", "portfolio.NationalSolution"),
    ("strategic-goals", "portfolio.StrategicGoal"),
    ("reporting-periods", "portfolio.ReportingPeriod"),
    ("measures", "portfolio.Measure"),
]


# (the route up to a parameter, as a regex on the filled-in path) -> model label of its value;
# tried before PK_MODELS, for routes whose keyword is ambiguous or whose objects are few
ROUTE_MODELS = [
    (r"committees/meetings/\d+/items/$", "committees.AgendaItem"),
    (r"committees/meetings/$", "committees.Meeting"),
    (r"committees/agenda-items/$", "committees.AgendaItem"),
    (r"committees/decisions/$", "committees.Decision"),
    (r"api/v1/committees/$", "committees.Committee"),
    (r"reporting/rounds/\d+/measures/$", "portfolio.Measure"),
    (r"reporting/rounds/$", "reporting.ReportingRound"),
    (r"reports/$", "reporting.PortfolioReport"),
    (r"roadmap/scenarios/$", "roadmap.RoadmapScenario"),
    (r"roadmap/adoption/$", "roadmap.AdoptionPlan"),
]
# the published one first where the public may see some
PUBLISHED_FIRST = {
    "committees.Meeting": "-agenda_published_at",
    "reporting.PortfolioReport": "-published_at",
}


class CutOff(Exception):
    pass


@dataclass
class Result:
    url: str
    who: str
    status: int = 0
    cold_ms: float = 0.0
    median_ms: float = 0.0
    first_byte_ms: float | None = None
    size: int = 0
    queries: int = 0
    cold_first_byte_ms: float | None = None
    flags: list[str] = field(default_factory=list)


def _walk(patterns: Any, prefix: str = "") -> Iterator[tuple[str, Any]]:
    from django.urls import URLResolver

    for p in patterns:
        if isinstance(p, URLResolver):
            yield from _walk(p.url_patterns, prefix + str(p.pattern))
        else:
            yield prefix + str(p.pattern), p


def _samples() -> dict[str, Any]:
    """Real values for URL parameters."""
    from django.apps import apps

    from portfolio import selectors
    from portfolio.models import Actor, Measure, NationalSolution

    public = selectors.public_measures().filter(code__startswith="B-").order_by("code")
    measure = public[5000:5001].first() or public.first()
    measure = measure or Measure.objects.order_by("id").first()
    values: dict[str, Any] = {"measure": measure}
    for keyword, label in PK_MODELS:
        model = apps.get_model(label)
        if label == "portfolio.Measure":
            values[keyword] = measure.pk if measure else None
        elif label == "roadmap.RoadmapItem":
            item = model.objects.filter(published=True, code__startswith="B-").order_by("id")
            values[keyword] = (item[1000:1001].first() or model.objects.first() or measure).pk
        elif label == "covid_intake.Suggestion":
            values[keyword] = (
                model.objects.filter(reference__startswith="B-").order_by("id")[1000:1001].first()
                or model.objects.first()
            ).pk
        else:
            obj = model.objects.order_by("pk").first()
            values[keyword] = obj.pk if obj else 0
    for _route, label in ROUTE_MODELS:
        model = apps.get_model(label)
        if label == "portfolio.Measure":
            values[label] = measure.pk if measure else 0
            continue
        first = model.objects.order_by(PUBLISHED_FIRST.get(label, "pk"), "pk").first()
        values[label] = first.pk if first else 0
    # an agenda item of a meeting whose agenda is published, and that meeting
    agenda = apps.get_model("committees.AgendaItem").objects.order_by("pk")
    item = agenda.filter(meeting__agenda_published_at__isnull=False).first() or agenda.first()
    if item is not None:
        values["committees.AgendaItem"], values["committees.Meeting"] = item.pk, item.meeting_id
    committee = apps.get_model("committees.Committee").objects.order_by("pk").first()
    values["slug"] = committee.slug if committee else "x"
    scenarios = list(
        apps.get_model("scoring.Scenario").objects.order_by("pk").values_list("pk", flat=True)[:2]
    )
    baseline = apps.get_model("portfolio.Baseline").objects.order_by("pk").first()
    values["query"] = {
        "slip_days": 90,
        "a": scenarios[0] if scenarios else 0,
        "b": scenarios[-1] if scenarios else 0,
        "base": baseline.pk if baseline else 0,
    }
    values["code"] = measure.code if measure else "X"
    values["reference"] = (
        apps.get_model("covid_intake.Suggestion").objects.get(pk=values["suggestions"]).reference
    )
    values["actor_pk"] = (
        Actor.objects.filter(roadmap_items__isnull=False).values_list("pk", flat=True).first()
    )
    values["solution_code"] = (
        NationalSolution.objects.filter(parent__isnull=True).values_list("code", flat=True).first()
    )
    return values


def _fill(route: str, values: dict[str, Any]) -> list[str]:
    """Concrete paths for a route (several for a choice group like csv|json|xlsx)."""
    route = route.replace("^", "").replace("$", "").replace("\\.", ".")
    choice = re.search(r"\(\?P<(\w+)>([\w|]+)\)", route)
    if choice:
        return [
            p
            for option in choice.group(2).split("|")
            for p in _fill(route[: choice.start()] + option + route[choice.end() :], values)
        ]

    def value(name: str, before: str) -> str:
        for pattern, label in ROUTE_MODELS:
            if name in ("pk", "id", "item_pk", "round_pk") and re.search(pattern, before):
                return str(values[label])
        if name == "round_pk":
            return str(values["reporting.ReportingRound"])
        if name in ("pk", "id", "object_id"):
            if name == "object_id":
                return str(values["measures"])
            for keyword, _label in PK_MODELS:
                if keyword in before.rsplit("/", 3)[-3:] or f"/{keyword}/" in before[-40:]:
                    return str(values[keyword])
            return str(values["measures"])
        if name == "target":
            return "measure"
        if name == "transition":
            return "submit"
        return str(values.get(name, 1))

    out, pos = [], 0
    pattern = re.compile(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>[^)]*\)|\{(\w+)\}")
    for m in pattern.finditer(route):
        name = m.group(1) or m.group(2) or m.group(3)
        out.append(route[pos : m.start()])
        out.append(value(name, route[: m.start()]))
        pos = m.end()
    out.append(route[pos:])
    return ["/" + "".join(out).lstrip("/")]


def urls(include_admin: bool) -> list[str]:
    from django.urls import get_resolver
    from drf_spectacular.generators import SchemaGenerator

    values = _samples()
    found: list[str] = []
    for route, _pattern in _walk(get_resolver().url_patterns):
        if route.startswith("api/v1/"):
            continue  # from the OpenAPI document below
        if route.startswith("admin/") and not include_admin:
            continue
        if route.startswith("admin/") and ("<path:" in route or ".*" in route):
            continue
        if route.startswith("i18n/") or route in ("logout/",):
            continue
        found.extend(_fill(route, values))
    schema = SchemaGenerator().get_schema(request=None, public=True)
    shared = schema.get("components", {}).get("parameters", {})
    for path, operations in schema["paths"].items():
        if "get" in operations:
            query = _required_query(operations["get"], shared, values)
            found.extend(f"{url}?{query}" if query else url for url in _fill(path, values))
    return list(dict.fromkeys(found))


def _required_query(operation: dict[str, Any], shared: dict[str, Any], values: dict) -> str:
    """Real values for an operation's required query parameters (e.g. the slip of an
    impact read, the two scenarios of a comparison)."""
    pairs = []
    for param in operation.get("parameters", []):
        if "$ref" in param:
            param = shared[param["$ref"].rsplit("/", 1)[-1]]
        if param.get("in") == "query" and param.get("required"):
            pairs.append(f"{param['name']}={values['query'].get(param['name'], 1)}")
    return "&".join(pairs)


def _alarm(_signum: int, _frame: Any) -> None:
    raise CutOff


DOWNLOAD_LIMIT = 600.0


def request(
    client: Any, url: str, limit: float, whole: bool = True
) -> tuple[int, float, float | None, int, int]:
    """status, total ms, first-byte ms (downloads), size, queries. A streamed download is read
    to its end when `whole`, else only to its first chunk (the connection is then closed, as a
    client that stops reading)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, limit)
    try:
        with CaptureQueriesContext(connection) as ctx:
            start = time.perf_counter()
            response = client.get(url)
            first: float | None = None
            if response.streaming:
                # the headers came within the page limit; a download may take longer in all
                signal.setitimer(signal.ITIMER_REAL, DOWNLOAD_LIMIT)
                size = 0
                for chunk in response.streaming_content:
                    if first is None:
                        first = (time.perf_counter() - start) * 1000
                    size += len(chunk)
                    if not whole:
                        break
                if hasattr(response, "close"):
                    response.close()
            else:
                size = len(response.content)
                if "attachment" in response.get("Content-Disposition", ""):
                    first = (time.perf_counter() - start) * 1000
            took = (time.perf_counter() - start) * 1000
        return response.status_code, took, first, size, len(ctx.captured_queries)
    except CutOff:
        connection.close()
        return 0, limit * 1000, None, 0, 0
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)


def measure(client: Any, url: str, who: str, runs: int, limit: float) -> Result:
    result = Result(url, who)
    status, cold, first, size, queries = request(client, url, limit)
    result.status, result.cold_ms, result.size, result.queries = status, cold, size, queries
    times, firsts = [cold], [first]
    result.cold_first_byte_ms = first
    if status and runs:
        times, firsts = [], []
        for _ in range(runs):
            status, took, first, _size, queries = request(client, url, limit, whole=False)
            times.append(took)
            firsts.append(first)
        result.queries = queries
    result.median_ms = statistics.median(times)
    if firsts[0] is not None:
        result.first_byte_ms = statistics.median([f or 0.0 for f in firsts])
        result.median_ms = cold  # a download's whole time: the cold request read it all
    download = result.first_byte_ms is not None
    if status == 0:
        result.flags.append(f"cut off after {limit:.0f} s")
    elif status >= 500:
        result.flags.append(f"HTTP {status}")
    elif download:
        if max(result.first_byte_ms, result.cold_first_byte_ms or 0.0) > FIRST_BYTE_MS:
            result.flags.append("first byte > 1 s")
    else:
        if result.median_ms > PAGE_MS:
            result.flags.append("> 300 ms")
        if result.size > PAGE_BYTES:
            result.flags.append("> 200 kB")
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="timed requests after the cold one")
    parser.add_argument("--limit", type=float, default=20.0, help="cut-off in seconds")
    parser.add_argument("--only", default="", help="only URLs containing this text")
    parser.add_argument("--admin", action="store_true", help="include Django's admin pages")
    parser.add_argument(
        "--skip", action="append", default=[], help="leave out URLs containing this"
    )
    parser.add_argument("--who", choices=["both", "anonymous", "office"], default="both")
    args = parser.parse_args()
    django_on_postgres()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client

    from portfolio.models import BudgetLine, Measure

    settings.ALLOWED_HOSTS = ["*"]
    print(
        f"portfolio: {Measure.objects.count():,} measures, {BudgetLine.objects.count():,} "
        f"budget lines; database {connection.settings_dict['NAME']}"
    )
    # as browsers and HTTP libraries do: sizes are the bytes sent (only the OpenAPI
    # document is compressed by the application; proxies may compress more)
    browser = {"raise_request_exception": False, "HTTP_ACCEPT_ENCODING": "gzip, deflate"}
    anonymous = Client(**browser)
    office = Client(**browser)
    office.force_login(get_user_model().objects.get(username="kontor"))
    clients = {"anonymous": anonymous, "office": office}
    if args.who != "both":
        clients = {args.who: clients[args.who]}
    all_urls = [
        u for u in urls(args.admin) if args.only in u and not any(s in u for s in args.skip)
    ]
    print(
        f"{len(all_urls)} URLs × {len(clients)} callers, median of {args.runs} after a cold one\n"
    )
    header = f"{'who':<9} {'st':>3} {'cold ms':>8} {'med ms':>8} {'1st B ms':>8} {'kB':>8} {'q':>4}  url  flags"
    print(header)
    print("-" * len(header))
    flagged: list[Result] = []
    for url in all_urls:
        for who, client in clients.items():
            r = measure(client, url, who, args.runs, args.limit)
            first = f"{'':>8}"
            if r.first_byte_ms is not None:  # the cold request's first byte / the median's
                first = f"{r.cold_first_byte_ms or 0:.0f}/{r.first_byte_ms:.0f}".rjust(8)
            print(
                f"{who:<9} {r.status:>3} {r.cold_ms:8.0f} {r.median_ms:8.0f} {first} "
                f"{r.size / 1000:8.1f} {r.queries:>4}  {url}  {' '.join(r.flags)}",
                flush=True,
            )
            if r.flags:
                flagged.append(r)
    print(f"\n{len(flagged)} flagged of {len(all_urls) * len(clients)} requests")
    for r in flagged:
        print(f"  {r.who:<9} {r.url}  {', '.join(r.flags)}")
    sys.exit(1 if flagged else 0)


if __name__ == "__main__":
    main()
