from __future__ import annotations

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


def validate_webhook_url(value: str) -> None:
    """Webhooks are only ever posted to http(s) URLs."""
    if not (value or "").lower().startswith(("http://", "https://")):
        raise ValidationError(_("Use an http:// or https:// URL."), code="webhook_url_scheme")
