"""The API's JSON parser: a document whose text holds a NUL character is refused whole.

PostgreSQL cannot store NUL in text or jsonb, and a lookup by such a text (a target group's
code) fails in the database; a 400 that names where the character sits is the honest answer,
wherever in the document it is (a value, a list entry, a key)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, parsers

NUL = "\x00"
NULL_CHARACTERS = _("Null characters are not allowed.")  # Django's wording (translated)


def nul_position(data: Any, path: str | None = None) -> str | None | bool:
    """Where in a parsed JSON document the first NUL character sits: the field path in the
    error shape's convention (dotted names, `[i]` for list entries), None for the top level,
    False when there is none."""
    if isinstance(data, str):
        return path if NUL in data else False
    if isinstance(data, dict):
        for key, value in data.items():
            name = f"{path}.{key}" if path else str(key)
            if NUL in str(key):
                return path
            found = nul_position(value, name)
            if found is not False:
                return found
    elif isinstance(data, list):
        for i, value in enumerate(data):
            found = nul_position(value, f"{path}[{i}]" if path else f"[{i}]")
            if found is not False:
                return found
    return False


class JSONParser(parsers.JSONParser):
    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        data = super().parse(stream, media_type, parser_context)
        where = nul_position(data)
        if where is not False:
            raise exceptions.ValidationError(
                {where: [NULL_CHARACTERS]} if where else [NULL_CHARACTERS],
                code="null_characters",
            )
        return data
