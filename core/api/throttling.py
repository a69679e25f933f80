from __future__ import annotations

from typing import Any

from rest_framework.throttling import SimpleRateThrottle

from core.api.permissions import token_of


class IntegratorTokenRateThrottle(SimpleRateThrottle):
    """Each integrator token has its own rate limit (IntegratorToken.rate_limit)."""

    scope = "integrator"

    def allow_request(self, request: Any, view: Any) -> bool:
        token = token_of(request)
        if token is None:
            return True
        self.rate = token.rate_limit or self.get_rate()
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request, view)

    def get_cache_key(self, request: Any, view: Any) -> str | None:
        token = token_of(request)
        return (
            None if token is None else self.cache_format % {"scope": self.scope, "ident": token.pk}
        )
