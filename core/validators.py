from __future__ import annotations

import ipaddress
import socket
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_MOD11_WEIGHTS = (3, 2, 7, 6, 5, 4, 3, 2)


def organisation_number_is_valid(value: str) -> bool:
    """A Norwegian organisation number: 9 digits, the last a MOD11 check digit."""
    if len(value) != 9 or not value.isdigit():
        return False
    remainder = sum(int(d) * w for d, w in zip(value[:8], _MOD11_WEIGHTS, strict=True)) % 11
    check = 0 if remainder == 0 else 11 - remainder
    return check != 10 and check == int(value[8])


def validate_organisation_number(value: str) -> None:
    if len(value) != 9 or not value.isdigit():
        raise ValidationError(
            _("Organisation number must be exactly 9 digits (got “%(value)s”)."),
            code="org_number_format",
            params={"value": value},
        )
    if not organisation_number_is_valid(value):
        raise ValidationError(
            _("Organisation number “%(value)s” has a wrong MOD11 check digit."),
            code="org_number_checksum",
            params={"value": value},
        )


RATE_PERIODS = ("second", "minute", "hour", "day")


def validate_rate_limit(value: str) -> None:
    """A rate like "1000/hour": a positive whole number, a slash and a period."""
    count, _sep, period = (value or "").strip().partition("/")
    if not (count.isdigit() and int(count) > 0 and period in RATE_PERIODS):
        raise ValidationError(
            _("Write the rate limit as a number and a period, e.g. “1000/hour” (%(periods)s)."),
            code="rate_limit_format",
            params={"periods": ", ".join(RATE_PERIODS)},
        )


TEXT_MAX_LENGTH = 10_000


def validate_text_length(value: str | None, limit: int = TEXT_MAX_LENGTH) -> None:
    """Long text fields (descriptions, comments, notes) hold at most `limit` characters."""
    if value and len(value) > limit:
        raise ValidationError(
            _("At most %(limit)s characters (this text has %(length)s)."),
            code="max_length",
            params={"limit": limit, "length": len(value)},
        )


def _address_is_public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def webhook_target_problem(url: str) -> str | None:
    """Why a webhook may not be posted to `url` now, or None when it may.

    The scheme must be https (http only with WEBHOOK_ALLOW_HTTP, for development), and every
    address the host name resolves to must be public: loopback, private, link-local (cloud
    metadata), reserved and shared addresses are refused, so a webhook cannot be aimed at the
    register's own network. Checked when a subscription is saved and again before each
    delivery (a name may resolve differently later). A name that does not resolve is left to
    fail at delivery."""
    parts = urlsplit(url or "")
    schemes = ("https", "http") if getattr(settings, "WEBHOOK_ALLOW_HTTP", False) else ("https",)
    if parts.scheme.lower() not in schemes:
        return str(_("Use an https:// URL."))
    host = parts.hostname
    if not host:
        return str(_("The URL has no host name."))
    try:
        port = parts.port or (443 if parts.scheme.lower() == "https" else 80)
    except ValueError:
        return str(_("The URL has an invalid port."))
    try:
        infos = socket.getaddrinfo(host, port, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError, OSError):
        return None
    if not all(_address_is_public(str(info[4][0])) for info in infos):
        return str(_("The URL points to a private, loopback or link-local address."))
    return None


def validate_webhook_url(value: str) -> None:
    """Webhooks are only posted to public https URLs (see webhook_target_problem)."""
    problem = webhook_target_problem(value)
    if problem:
        raise ValidationError(problem, code="webhook_url")


def check_period(start: Any, end: Any, *, end_field: str = "end") -> None:
    """THE date rule of the register: a period may be open at either side, but its end must
    not come before its start. Raises a ValidationError naming `end_field` (forms, serializers
    and `Model.clean` all accept that shape)."""
    if start and end and end < start:
        raise ValidationError({end_field: _("End must not be before start.")})
