"""Absolute links for e-mails: SITE_URL (settings) plus the path of a page."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.urls import reverse


def absolute_url(viewname: str, *args: Any, query: str = "") -> str:
    """https://register.example.no/measures/12/ — the page an e-mail is about."""
    path = reverse(viewname, args=args)
    return f"{settings.SITE_URL}{path}{'?' + query if query else ''}"
