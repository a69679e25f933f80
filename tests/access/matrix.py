"""The access matrix machinery: enumerate every page (from the URLconf) and every API operation
(from the OpenAPI document), fill their parameters with the world's objects, request them as
each role and search every answer (HTML, JSON, CSV, XLSX, SVG, ICS, PDF, headers) for sentinels
the role may not see. Nothing here names a page or an operation: a new one is covered as is."""

from __future__ import annotations

import contextlib
import io
import re
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db import connection
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.access.world import SESSION_ROLES, World

SKIP_PREFIXES = ("admin/", "i18n/", "login/", "logout/", "api/", "static/", "media/")
APPS = ("core", "portfolio", "roadmap", "covid_intake", "scoring")

# The segment in front of a path parameter names the kind of object it takes.
SEGMENT_KIND = {
    "measures": "measure",
    "measure": "measure",
    "items": "item",
    "suggestions": "suggestion",
    "actors": "actor",
    "scores": "measure",
}
# Which of the world's objects a read is tried with (a spread of states and both actors).
READ_OBJECTS = {
    "measure": [
        "measure:a:draft",
        "measure:a:unpublished",
        "measure:a:published",
        "measure:a:archived",
        "measure:b:draft",
    ],
    "item": ["item:a:published", "item:a:hidden", "item:b:hidden"],
    "suggestion": ["suggestion:form", "suggestion:api"],
    "actor": ["actor:a", "actor:b"],
}
WRITE_OBJECTS = {
    "measure": ["measure:a:draft", "measure:b:published"],
    "item": ["item:a:hidden", "item:b:published"],
    "suggestion": ["suggestion:form"],
    "actor": ["actor:a"],
}
CHOICES = {
    "target": ["measure", "suggestion"],
    "transition": ["submit", "accept"],
}
WRITE_BODY = {
    "name": "ZQCHANGEDQ",
    "title": "ZQCHANGEDQ",
    "comment": "x",
    "reason": "x",
    "note": "x",
    "published": True,
    "outcome": "prioritised",
}


@dataclass(frozen=True)
class Target:
    """One concrete request: a path, and the world object it is about (if any)."""

    path: str
    obj: str | None  # world object key
    methods: frozenset[str]


def _param_values(world: World, name: str, before: str, write: bool) -> list[tuple[Any, str]]:
    """(value, world key or "") pairs for a path parameter."""
    if name in CHOICES:
        return [(v, "") for v in CHOICES[name]]
    if name == "fmt":
        return []
    kind = SEGMENT_KIND.get(before)
    if kind is None and name in ("code",):
        kind = "measure"
    if kind is None and name == "reference":
        kind = "suggestion"
    keys = (WRITE_OBJECTS if write else READ_OBJECTS).get(kind or "", [])
    if not keys:
        return [(1, "")]
    out = []
    for key in keys:
        obj = world.objects[key]
        if name == "code":
            out.append((obj.code, key))
        elif name == "reference":
            out.append((obj.reference, key))
        elif name.endswith("code"):
            out.append((getattr(obj, "code", 1), key))
        else:
            out.append((obj.pk, key))
    return out


def _combine(world: World, params: list[tuple[str, str]], write: bool) -> Iterator[dict[str, Any]]:
    """Every combination of candidate values; the last object-like parameter names the object."""
    combos: list[dict[str, Any]] = [{}]
    for name, before in params:
        values = _param_values(world, name, before, write)
        combos = [
            {**c, name: v, "__obj": k or c.get("__obj", "")} for c in combos for v, k in values
        ]
    yield from combos


def _regex_choices(regex: str) -> dict[str, list[str]]:
    return {
        m.group(1): m.group(2).split("|") for m in re.finditer(r"\(\?P<(\w+)>([\w|]+)\)", regex)
    }


def ui_targets(world: World, *, write: bool = False) -> list[Target]:
    """Every named page of the URLconf with its parameters filled in."""
    out: list[Target] = []

    def walk(patterns: list[Any], prefix: str, ns: str) -> None:
        for p in patterns:
            route = prefix + str(p.pattern)
            if route.startswith(SKIP_PREFIXES):
                continue
            if isinstance(p, URLResolver):
                walk(p.url_patterns, route, f"{ns}{p.namespace}:" if p.namespace else ns)
            elif isinstance(p, URLPattern) and p.name:
                add(p, route, ns + p.name)

    def add(p: URLPattern, route: str, name: str) -> None:
        regex_choices = _regex_choices(getattr(p.pattern, "_regex", "") or "")
        names = list(getattr(p.pattern, "converters", {}) or p.pattern.regex.groupindex)
        segments = re.split(r"/", route)
        params = []
        for param in names:
            if param in regex_choices:
                continue
            idx = next(
                (i for i, s in enumerate(segments) if f"<{param}>" in s or f":{param}>" in s), 0
            )
            params.append((param, segments[idx - 1] if idx else ""))
        extra = [{k: v} for k, vs in regex_choices.items() for v in vs] or [{}]
        for combo in _combine(world, params, write):
            obj = combo.pop("__obj", "") or None
            for e in extra:
                try:
                    path = reverse(name, kwargs={**combo, **e})
                except Exception:  # noqa: BLE001 - a value the converter refuses
                    continue
                out.append(Target(path, obj, frozenset({"get", "post"})))

    walk(get_resolver().url_patterns, "", "")
    return out


_SCHEMA: dict[str, Any] | None = None


def openapi() -> dict[str, Any]:
    global _SCHEMA
    if _SCHEMA is None:
        from drf_spectacular.generators import SchemaGenerator

        _SCHEMA = SchemaGenerator().get_schema(request=None, public=True)
    return _SCHEMA


def api_targets(world: World, *, write: bool = False) -> list[Target]:
    """Every operation of the OpenAPI document with its path parameters filled in."""
    out: list[Target] = []
    for template, ops in openapi()["paths"].items():
        methods = frozenset(m for m in ops if m in {"get", "post", "put", "patch", "delete"})
        if write:
            methods = methods - {"get"}
        elif "get" not in methods:
            continue
        if not methods:
            continue
        segments = template.strip("/").split("/")
        params = [
            (s[1:-1], segments[i - 1] if i else "")
            for i, s in enumerate(segments)
            if s.startswith("{")
        ]
        for combo in _combine(world, params, write):
            obj = combo.pop("__obj", "") or None
            path = template
            for k, v in combo.items():
                path = path.replace("{" + k + "}", str(v))
            out.append(Target(path, obj, methods))
    return out


def client_for(world: World, role: str) -> Client:
    client = Client()
    if role in SESSION_ROLES and role != "anonymous":
        client.force_login(world.users[role])
    elif role not in SESSION_ROLES:
        client.defaults["HTTP_AUTHORIZATION"] = f"Token {world.keys[role]}"
    return client


def _inflate_pdf(data: bytes) -> bytes:
    parts = [data]
    for m in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", data, re.S):
        with contextlib.suppress(zlib.error):
            parts.append(zlib.decompress(m.group(1)))
    return b"\n".join(parts)


def text_of(response: Any) -> str:
    """Everything a response says: body (unzipped / inflated when needed) and headers."""
    if getattr(response, "streaming", False):
        data = b"".join(response.streaming_content)
    else:
        data = response.content
    if data[:2] == b"PK":
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            data = b"\n".join(z.read(n) for n in z.namelist())
    elif data[:4] == b"%PDF":
        data = _inflate_pdf(data)
    headers = "\n".join(f"{k}: {v}" for k, v in response.items())
    return headers + "\n" + data.decode("utf-8", "replace")


def leaks_in(world: World, role: str, text: str) -> list[str]:
    return [s for s, roles in world.expected.items() if role not in roles and s in text]


def sweep_reads(world: World, role: str, targets: list[Target]) -> list[str]:
    """GET every target as the role; report each sentinel it may not see but got."""
    client = client_for(world, role)
    found = []
    for t in targets:
        response = client.get(t.path)
        for s in leaks_in(world, role, text_of(response)):
            found.append(f"{role} GET {t.path} [{response.status_code}] shows {s}")
    return found


_FINGERPRINT_SQL: str | None = None


def fingerprint() -> tuple[Any, ...]:
    """Row count and newest change (`updated`, else the highest id) of every table of the
    project's apps, in one query."""
    global _FINGERPRINT_SQL
    if _FINGERPRINT_SQL is None:
        parts = []
        for label in APPS:
            for model in apps.get_app_config(label).get_models():
                table = connection.ops.quote_name(model._meta.db_table)
                fields = {f.name for f in model._meta.fields}
                latest = "updated" if "updated" in fields else model._meta.pk.column
                latest = connection.ops.quote_name(latest)
                parts.append(f"(SELECT COUNT(*) FROM {table})")
                parts.append(f"(SELECT MAX({latest}) FROM {table})")
        _FINGERPRINT_SQL = "SELECT " + ", ".join(parts)
    with connection.cursor() as cursor:
        cursor.execute(_FINGERPRINT_SQL)
        return tuple(cursor.fetchone())


REFUSED = {302, 400, 401, 403, 404, 405, 409, 412}


def sweep_writes(world: World, role: str, targets: list[Target], *, api: bool) -> list[str]:
    """Send every write to objects the role may not write: each must be refused, change
    nothing and name nothing the role may not see."""
    client = client_for(world, role)
    problems = []
    for t in targets:
        writers = world.writers.get(t.obj or "", frozenset({"office"}))
        if t.obj is None and (not api or role not in ("anonymous", "token_ro")):
            continue  # creations: only callers who may never write are tried generically
        if role in writers:
            continue
        for method in sorted(t.methods - {"get"}):
            before = fingerprint()
            if api:
                response = getattr(client, method)(
                    t.path, WRITE_BODY, content_type="application/json"
                )
            else:
                response = client.post(t.path, {k: str(v) for k, v in WRITE_BODY.items()})
            after = fingerprint()
            where = f"{role} {method.upper()} {t.path} [{response.status_code}]"
            if after != before:
                problems.append(f"{where} changed the database")
            if api and response.status_code not in REFUSED:
                problems.append(f"{where} was not refused")
            for s in leaks_in(world, role, text_of(response)):
                problems.append(f"{where} shows {s}")
    return problems
