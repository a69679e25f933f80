"""Responses that cost nothing while the data has not changed.

`versioned_file`: a download produced once per data version (core.data_version). The first
request after a write streams the file while it is being written to disk (first byte at
once, memory flat); later requests get the stored file; every answer carries an `ETag` (the
data version) and `Last-Modified`, and a conditional request (`If-None-Match`,
`If-Modified-Since`) for the current version answers `304 Not Modified` with one query.

`versioned_page`: a rendered page (bytes) cached per data version with the same headers and
304 answers. `EarlyPageMiddleware` answers anonymous GETs of such pages before the session,
auth, CSRF and locale middleware, with the headers the whole stack gave them.
"""

from __future__ import annotations

import hashlib
import os
import re
import time
import uuid
from collections import OrderedDict
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.http import FileResponse, HttpRequest, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.middleware.csrf import CsrfViewMiddleware, get_token
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.http import http_date, parse_http_date_safe

from core import data_version, versioned_build
from core.streaming import in_one_transaction


def directory() -> Path:
    path = Path(getattr(settings, "VERSIONED_FILES_DIR", settings.VAR_DIR / "versioned"))
    path.mkdir(parents=True, exist_ok=True)
    return path


def _etag(key: str, version: str, name: str) -> str:
    salt = data_version.CACHE_SALT[:8]
    return f'"{key}-{version}{"-" + salt if salt else ""}-{name}"'


def _not_modified(request: HttpRequest, etag: str, last_modified: float | None) -> bool:
    if_none_match = request.headers.get("If-None-Match")
    if if_none_match is not None:
        tags = {t.strip().removeprefix("W/") for t in if_none_match.split(",")}
        return etag in tags or "*" in tags
    since = parse_http_date_safe(request.headers.get("If-Modified-Since", ""))
    return since is not None and last_modified is not None and int(last_modified) <= since


def _headers(response: HttpResponseBase, etag: str, last_modified: float) -> HttpResponseBase:
    response["ETag"] = etag
    response["Last-Modified"] = http_date(last_modified)
    response["Cache-Control"] = "public, max-age=0, must-revalidate"
    return response


def version_etag(keys: Sequence[str], name: str) -> str:
    """An ETag for a document derived from the data areas `keys` at their current versions
    (`name` tells documents apart: the query, the caller's scope, the language)."""
    return _etag("+".join(keys), data_version.current_many(keys), name)


def matches(request: HttpRequest, etag: str) -> bool:
    """The request's If-None-Match names `etag`: answer 304."""
    return _not_modified(request, etag, None)


def _not_modified_response(etag: str, last_modified: float) -> HttpResponse:
    response = HttpResponse(status=304)
    _headers(response, etag, last_modified)
    return response


def _tee(chunks: Iterator[bytes], path: Path, stem: str, stamp: float) -> Iterator[bytes]:
    """Yield `chunks` and write them to `path`; the file appears only when complete, with
    `stamp` (the Last-Modified already announced) as its modification time."""
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
    done = False
    try:
        with open(tmp, "wb") as out:
            for chunk in chunks:
                out.write(chunk)
                yield chunk
        os.utime(tmp, (stamp, stamp))
        os.replace(tmp, path)
        done = True
        for old in path.parent.glob(f"{stem}*"):  # earlier versions
            if old != path:
                old.unlink(missing_ok=True)
    finally:
        if not done:
            tmp.unlink(missing_ok=True)


def versioned_file(
    request: HttpRequest,
    *,
    keys: Sequence[str],
    name: str,
    content_type: str,
    produce: Callable[[], Iterator[bytes]],
) -> HttpResponseBase:
    """The file `name` of data areas `keys` at their current versions (see module doc)."""
    key = "+".join(keys)
    version = data_version.current_many(keys)
    etag = _etag(key, version, name)
    salt = data_version.CACHE_SALT or "live"
    stem = f"{salt}-{key}-{name}-v"
    path = directory() / f"{stem}{version}"
    last_modified = _mtime(path)
    if getattr(request, versioned_build.BUILD_MARKER, False):
        return _build(path, stem, produce)
    if last_modified is None and versioned_build.in_progress():
        previous = _previous(path, stem)
        if previous is not None:  # the new version is being built: the last one meanwhile
            served = _serve_previous(request, previous, stem, key, name, content_type)
            if served is not None:
                return served
            last_modified = _mtime(path)  # replaced meanwhile by the new version
    if _not_modified(request, etag, last_modified):
        return _not_modified_response(etag, last_modified or time.time())
    stored = None
    if last_modified is not None:
        try:
            stored = open(path, "rb")  # noqa: SIM115 (FileResponse closes it)
        except FileNotFoundError:  # replaced by a newer version meanwhile
            stored = None
    if stored is not None:
        response: HttpResponseBase = FileResponse(stored, content_type=content_type)
    else:
        last_modified = time.time()
        response = StreamingHttpResponse(
            _tee(in_one_transaction(produce), path, stem, last_modified),
            content_type=content_type,
        )
    return _headers(response, etag, last_modified)


def _mtime(path: Path) -> float | None:
    try:
        return path.stat().st_mtime
    except FileNotFoundError:
        return None


def _build(path: Path, stem: str, produce: Callable[[], Iterator[bytes]]) -> HttpResponse:
    """Write the file for the current version (a background build), unless it exists."""
    if not path.exists():
        for _chunk in _tee(in_one_transaction(produce), path, stem, time.time()):
            pass
    return HttpResponse(status=204)


def _previous(path: Path, stem: str) -> Path | None:
    """The newest complete file of an earlier version (temporary files start with a dot)."""
    files = []
    for candidate in path.parent.glob(f"{stem}*"):
        try:
            files.append((candidate.stat().st_mtime, candidate))
        except FileNotFoundError:
            continue
    return max(files)[1] if files else None


def _serve_previous(
    request: HttpRequest, previous: Path, stem: str, key: str, name: str, content_type: str
) -> HttpResponseBase | None:
    etag = _etag(key, previous.name.removeprefix(stem), name)
    try:
        stored = open(previous, "rb")  # noqa: SIM115 (FileResponse closes it)
        last_modified = os.fstat(stored.fileno()).st_mtime
    except FileNotFoundError:  # the new version has just replaced it
        return None
    if _not_modified(request, etag, last_modified):
        stored.close()
        return _not_modified_response(etag, last_modified)
    return _headers(FileResponse(stored, content_type=content_type), etag, last_modified)


# Each process keeps the pages it served last in memory (no cache round trip) and asks the
# database for the data versions at most every VERSIONED_PAGE_VERSION_TTL seconds (default
# 1 s: a public page may trail a write by that long; 0 asks on every request).
_LOCAL: OrderedDict[str, tuple[bytes, str, float]] = OrderedDict()
_LOCAL_MAX = 128
_VERSIONS: dict[tuple[str, ...], tuple[str, float]] = {}


def _recent_version(keys: Sequence[str]) -> str:
    ttl = float(getattr(settings, "VERSIONED_PAGE_VERSION_TTL", 1.0))
    now = time.monotonic()
    known = _VERSIONS.get(tuple(keys))
    if ttl > 0 and known and now - known[1] < ttl and known[0].startswith(data_version.CACHE_SALT):
        return known[0].removeprefix(data_version.CACHE_SALT)
    version = data_version.current_many(keys)
    _VERSIONS[tuple(keys)] = (data_version.CACHE_SALT + version, now)
    return version


def _remember(digest: str, entry: tuple[bytes, str, float]) -> None:
    _LOCAL[digest] = entry
    _LOCAL.move_to_end(digest)
    while len(_LOCAL) > _LOCAL_MAX:
        _LOCAL.popitem(last=False)


def _digest(key: str, version: str, language: str, full_path: str) -> str:
    parts = (data_version.CACHE_SALT, key, version, language, full_path)
    return hashlib.md5("|".join(parts).encode(), usedforsecurity=False).hexdigest()


CSRF_INPUT = re.compile(rb'(name="csrfmiddlewaretoken" value=")[^"]*(")')
CSRF_PLACEHOLDER = b"@@csrf@@"


def versioned_page(
    request: HttpRequest,
    *,
    keys: Sequence[str],
    render: Callable[[], HttpResponse],
) -> HttpResponse:
    """`render()`'s body cached under the data versions of `keys`, the full path and the
    language, with ETag/Last-Modified and 304 answers. Only for anonymous visitors (the
    page must not depend on who asks); CSRF tokens in forms are filled in per request."""
    if request.user.is_authenticated:
        return render()
    key = "+".join(keys)
    version = _recent_version(keys)
    language = translation.get_language() or ""
    digest = _digest(key, version, language, request.get_full_path())
    etag = _etag(key, version, digest[:12])
    request._versioned_page = (tuple(keys), language, digest)  # type: ignore[attr-defined]
    entry = _LOCAL.get(digest) or cache.get("page:" + digest)
    if entry is None:
        response = render()
        if response.status_code != 200:
            return response
        body = CSRF_INPUT.sub(rb"\g<1>" + CSRF_PLACEHOLDER + rb"\g<2>", response.content)
        entry = (body, response["Content-Type"], time.time())
        cache.set("page:" + digest, entry, data_version.CACHE_SECONDS)
    _remember(digest, entry)
    body, content_type, stamp = entry
    if _not_modified(request, etag, stamp):
        return _not_modified_response(etag, stamp)
    if CSRF_PLACEHOLDER in body:
        body = body.replace(CSRF_PLACEHOLDER, get_token(request).encode())
    response = HttpResponse(body, content_type=content_type)
    response["Content-Language"] = language
    _headers(response, etag, stamp)
    patch_vary_headers(response, ["Accept-Language", "Cookie"])
    return response


# Early answers. What the whole middleware stack made of a cached page for an anonymous
# visitor is recorded on the way out (headers per page digest and status, without cookies
# and the request id); later such visitors get the stored bytes with exactly those headers
# before sessions, auth, CSRF checks, locale, axes and the change context run.
_ROUTES: OrderedDict[tuple[str, str | None], tuple[tuple[str, ...], str]] = OrderedDict()
_TEMPLATES: OrderedDict[tuple[str, int], list[tuple[str, str]]] = OrderedDict()
_ROUTES_MAX = 512
_PER_REQUEST_HEADERS = {"x-request-id", "set-cookie"}


def _bounded_set(store: OrderedDict, key: object, value: object, limit: int) -> None:
    try:  # threads of one process may race here; losing an entry only costs a full answer
        store[key] = value
        store.move_to_end(key)
        while len(store) > limit:
            store.popitem(last=False)
    except KeyError:
        pass


def _anonymous_get(request: HttpRequest) -> bool:
    """A GET that cannot belong to a signed-in user or carry per-visitor state: no
    Authorization header and no cookie other than the CSRF and language cookies (no session,
    no messages). Pages only: the API's language follows Accept-Language."""
    if request.method != "GET" or request.path_info.startswith("/api/"):
        return False
    if "HTTP_AUTHORIZATION" in request.META:
        return False
    allowed = {settings.CSRF_COOKIE_NAME, settings.LANGUAGE_COOKIE_NAME}
    return all(name in allowed for name in request.COOKIES)


class EarlyPageMiddleware:
    """Answers anonymous GETs of pages cached by `versioned_page` from this process's memory,
    placed right after SecurityMiddleware and WhiteNoise (the middleware above it still add
    their headers). The data version is checked as `versioned_page` does, so a write changes
    the answer; the CSRF token in forms and the CSRF cookie are made as CsrfViewMiddleware
    makes them; anything unknown (first request for a page and version in this process, a
    session cookie, another cookie, a non-GET) goes through the whole stack."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response
        self.csrf = CsrfViewMiddleware(get_response)

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if not _anonymous_get(request):
            return self.get_response(request)
        route = (request.get_full_path(), request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME))
        early = self._early(request, route)
        if early is not None:
            return early
        response = self.get_response(request)
        self._record(request, route, response)
        return response

    def _early(self, request: HttpRequest, route: tuple[str, str | None]) -> HttpResponse | None:
        known = _ROUTES.get(route)
        if known is None:
            return None
        keys, language = known
        request.get_host()  # the Host check CommonMiddleware makes (DisallowedHost -> 400)
        key = "+".join(keys)
        version = _recent_version(keys)
        digest = _digest(key, version, language, route[0])
        entry = _LOCAL.get(digest)
        if entry is None:
            return None
        body, _content_type, stamp = entry
        etag = _etag(key, version, digest[:12])
        status = 304 if _not_modified(request, etag, stamp) else 200
        headers = _TEMPLATES.get((digest, status))
        if headers is None:
            return None
        response = HttpResponse(status=status)
        csrf = status == 200 and CSRF_PLACEHOLDER in body
        if csrf:
            self.csrf.process_request(request)
            body = body.replace(CSRF_PLACEHOLDER, get_token(request).encode())
        if status == 200:
            response.content = body
        for name, value in headers:
            response[name] = value
        if "Content-Length" in response:
            response["Content-Length"] = str(len(response.content))
        request.id = uuid.uuid4()  # type: ignore[attr-defined]
        response["X-Request-ID"] = str(request.id)  # type: ignore[attr-defined]
        if csrf:
            self.csrf.process_response(request, response)
        return response

    @staticmethod
    def _record(
        request: HttpRequest, route: tuple[str, str | None], response: HttpResponseBase
    ) -> None:
        marker = getattr(request, "_versioned_page", None)
        if marker is None or response.status_code not in (200, 304) or response.streaming:
            return
        if any(name != settings.CSRF_COOKIE_NAME for name in response.cookies):
            return
        user = getattr(request, "user", None)
        if user is None or user.is_authenticated:
            return
        keys, language, digest = marker
        if digest not in _LOCAL:
            return
        headers = [(k, v) for k, v in response.items() if k.lower() not in _PER_REQUEST_HEADERS]
        _bounded_set(_ROUTES, route, (keys, language), _ROUTES_MAX)
        _bounded_set(_TEMPLATES, (digest, response.status_code), headers, _ROUTES_MAX)
