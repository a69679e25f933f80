"""Date inputs with the browser's date picker. The value of <input type="date"> is always
ISO (the browser shows it in the reader's form, dd.mm.åååå for bokmål); forms also accept
dd.mm.åååå typed by hand (DATE_INPUT_FORMATS in config/formats)."""

from __future__ import annotations

from django import forms


def date_picker() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
