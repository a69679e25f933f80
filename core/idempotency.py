"""`Idempotency-Key` on API POST and PATCH.

An integrator may send `Idempotency-Key: <any text up to 255 characters>` with a POST or
PATCH under /api/. The first request with a key runs, and its answer is stored together
with the change (one transaction) for a day; a repeat with the same key and the same
request (method, path, query and body) gets the stored answer again with the header
`Idempotent-Replayed: true`, and nothing is applied twice. Keys are per caller (token, user,
or address when anonymous).

- same key, different request: 422 (`idempotency_key_reused`);
- same key while the first is still running: 409 (`idempotency_key_in_progress`), Retry-After;
- a 5xx or 429 answer is not stored (the change was rolled back): a retry runs again;
- a key whose first request died (claimed, never answered) is taken over after a minute.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
from collections.abc import Callable

from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.api.errors import error_response
from core.models import IdempotencyKey

HEADER = "Idempotency-Key"
KEEP_FOR = dt.timedelta(days=1)
ABANDONED_AFTER = dt.timedelta(seconds=60)
METHODS = {"POST", "PATCH"}
REPLAYED_HEADERS = ("Content-Type", "ETag", "Location", "Content-Language")


def _owner(request: HttpRequest) -> str:
    auth = request.META.get("HTTP_AUTHORIZATION", "")
    if auth:
        ident = f"auth:{auth}"
    elif getattr(request, "user", None) is not None and request.user.is_authenticated:
        ident = f"user:{request.user.pk}"
    else:
        ident = f"anon:{request.META.get('REMOTE_ADDR', '')}"
    return hashlib.sha256(ident.encode()).hexdigest()


def _request_hash(request: HttpRequest) -> str:
    digest = hashlib.sha256()
    for part in (request.method or "", request.get_full_path()):
        digest.update(part.encode() + b"\0")
    digest.update(request.body)
    return digest.hexdigest()


def _replay(record: IdempotencyKey) -> HttpResponse:
    response = HttpResponse(bytes(record.response_body), status=record.status_code)
    for name, value in (record.response_headers or {}).items():
        response[name] = value
    response["Idempotent-Replayed"] = "true"
    return response


def purge_expired(*, now: dt.datetime | None = None) -> int:
    return IdempotencyKey.objects.filter(created__lt=(now or timezone.now()) - KEEP_FOR).delete()[0]


class IdempotencyMiddleware:
    """Innermost middleware: the view and the stored answer commit together."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        key = request.headers.get(HEADER)
        if key is None or request.method not in METHODS or not request.path.startswith("/api/"):
            return self.get_response(request)
        key = key.strip()
        if not key or len(key) > 255 or not key.isprintable():
            return error_response(
                400, _("Idempotency-Key must be 1–255 printable characters."), "invalid"
            )
        owner, digest, now = _owner(request), _request_hash(request), timezone.now()
        record, answer = self._claim(owner, key, digest, now)
        if answer is not None:
            return answer
        try:
            with transaction.atomic():
                response = self.get_response(request)
                keep = response.status_code < 500 and response.status_code != 429
                if keep and not response.streaming:
                    headers = {h: response[h] for h in REPLAYED_HEADERS if h in response}
                    IdempotencyKey.objects.filter(pk=record.pk).update(
                        status_code=response.status_code,
                        response_body=response.content,
                        response_headers=headers,
                    )
                else:
                    transaction.set_rollback(True)
        except Exception:
            self._release(record)
            raise
        if not keep or response.streaming:
            self._release(record)
        return response

    @staticmethod
    def _release(record: IdempotencyKey) -> None:
        with contextlib.suppress(Exception):  # database gone: taken over after a minute
            IdempotencyKey.objects.filter(pk=record.pk, status_code__isnull=True).delete()

    @staticmethod
    def _claim(
        owner: str, key: str, digest: str, now: dt.datetime
    ) -> tuple[IdempotencyKey, HttpResponse | None]:
        for _attempt in range(2):
            try:
                with transaction.atomic():
                    record = IdempotencyKey.objects.create(
                        owner=owner, key=key, request_hash=digest, created=now
                    )
                return record, None
            except IntegrityError:
                pass
            existing = IdempotencyKey.objects.filter(owner=owner, key=key).first()
            if existing is None:
                continue
            expired = existing.created < now - KEEP_FOR
            abandoned = existing.status_code is None and existing.created < now - ABANDONED_AFTER
            if expired or abandoned:
                IdempotencyKey.objects.filter(pk=existing.pk, created=existing.created).delete()
                continue
            if existing.request_hash != digest:
                return existing, error_response(
                    422,
                    _("This Idempotency-Key was used for a different request."),
                    "idempotency_key_reused",
                )
            if existing.status_code is None:
                response = error_response(
                    409,
                    _("A request with this Idempotency-Key is still being processed."),
                    "idempotency_key_in_progress",
                )
                response["Retry-After"] = "5"
                return existing, response
            return existing, _replay(existing)
        return existing, error_response(  # type: ignore[possibly-undefined]
            409,
            _("A request with this Idempotency-Key is still being processed."),
            "idempotency_key_in_progress",
        )
