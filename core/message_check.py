"""Which translatable strings in the code and templates have no bokmål translation?

Pure Python (babel), since GNU gettext's makemessages is not available:
`python -m core.message_check` lists every msgid found in Python files (gettext, gettext_lazy,
_, ngettext, pgettext …) and Django templates ({% translate %}, {% blocktranslate %}, _("…"))
that is missing from, or untranslated in, the bokmål catalogs (locale/nb and <app>/locale/nb).
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from pathlib import Path

from babel.messages.extract import extract_python
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
APPS = ("core", "portfolio", "roadmap", "covid_intake", "scoring", "config")
SKIP_PARTS = {"migrations", "tests", "locale", ".venv", "node_modules", "management"}
KEYWORDS = {
    "_": None,
    "gettext": None,
    "gettext_lazy": None,
    "gettext_noop": None,
    "ngettext": (1, 2),
    "ngettext_lazy": (1, 2),
    "pgettext": ((1, "c"), 2),
    "pgettext_lazy": ((1, "c"), 2),
    "npgettext": ((1, "c"), 2, 3),
    "npgettext_lazy": ((1, "c"), 2, 3),
}

_TRANS = re.compile(
    r"""\{%\s*trans(?:late)?\s+(?P<q>["'])(?P<s>.*?)(?P=q)(?:\s+context\s+(?P<cq>["'])(?P<c>.*?)(?P=cq))?"""
)
_UNDERSCORE = re.compile(r"""_\((?P<q>["'])(?P<s>.*?)(?P=q)\)""")
_BLOCK = re.compile(
    r"\{%\s*blocktrans(?:late)?(?P<args>[^%]*)%\}(?P<body>.*?)\{%\s*endblocktrans(?:late)?\s*%\}",
    re.S,
)
_VAR = re.compile(r"\{\{\s*([\w.]+)\s*\}\}")


def _block_text(body: str) -> str:
    return _VAR.sub(lambda m: f"%({m.group(1)})s", body.replace("%", "%%"))


def template_messages(text: str) -> Iterator[tuple[str | None, str]]:
    for m in _TRANS.finditer(text):
        yield m.group("c"), m.group("s")
    for m in _UNDERSCORE.finditer(text):
        yield None, m.group("s")
    for m in _BLOCK.finditer(text):
        args, body = m.group("args"), m.group("body")
        ctx = re.search(r"""context\s+["'](.*?)["']""", args)
        if "trimmed" in args:
            body = " ".join(line.strip() for line in body.strip().splitlines() if line.strip())
        singular = body.split("{% plural %}")[0]
        yield (ctx.group(1) if ctx else None), _block_text(singular)


_ALIAS = re.compile(r"\b(n?p?gettext(?:_lazy|_noop)?|ngettext(?:_lazy)?)\s+as\s+(\w+)")


def python_messages(path: Path) -> Iterator[tuple[str | None, str]]:
    keywords = dict(KEYWORDS)
    for real, alias in _ALIAS.findall(path.read_text(encoding="utf-8")):
        keywords[alias] = KEYWORDS.get(real)
    with path.open("rb") as fh:
        for _lineno, _func, message, _comments in extract_python(fh, keywords, [], {}):
            if isinstance(message, tuple):
                if (
                    len(message) >= 2
                    and path.suffix
                    and _func.startswith(("pgettext", "npgettext"))
                ):
                    yield message[0], message[1]
                else:
                    yield None, message[0]
            elif message:
                yield None, message


def source_messages(root: Path = ROOT) -> dict[tuple[str | None, str], str]:
    """(context, msgid) -> where it was first seen."""
    found: dict[tuple[str | None, str], str] = {}
    for app in APPS:
        for path in sorted((root / app).rglob("*.py")):
            if SKIP_PARTS & set(path.relative_to(root).parts):
                continue
            for key in python_messages(path):
                if key[1]:
                    found.setdefault(key, str(path.relative_to(root)))
    for path in sorted(root.glob("templates/**/*")) + sorted(root.glob("*/templates/**/*")):
        if path.is_file() and path.suffix in {".html", ".txt", ".svg", ".xml"}:
            for key in template_messages(path.read_text(encoding="utf-8")):
                if key[1]:
                    found.setdefault(key, str(path.relative_to(root)))
    return found


def catalog_entries(root: Path = ROOT, lang: str = "nb") -> dict[tuple[str | None, str], str]:
    """(context, msgid) -> msgstr (first form for plurals) from every catalog of the language."""
    entries: dict[tuple[str | None, str], str] = {}
    paths = [*root.glob(f"locale/{lang}/LC_MESSAGES/django.po")]
    paths += [*root.glob(f"*/locale/{lang}/LC_MESSAGES/django.po")]
    for po in paths:
        with po.open("rb") as fh:
            catalog = read_po(fh, locale=lang)
        for msg in catalog:
            if not msg.id:
                continue
            msgid = msg.id[0] if isinstance(msg.id, tuple) else msg.id
            msgstr = msg.string
            if isinstance(msgstr, tuple):
                msgstr = msgstr[0] if all(msgstr) else ""
            if msg.fuzzy:
                msgstr = ""
            entries[(msg.context, msgid)] = msgstr or entries.get((msg.context, msgid), "")
    return entries


def missing(root: Path = ROOT) -> list[tuple[str | None, str, str]]:
    catalog = catalog_entries(root)
    return [
        (ctx, msgid, where)
        for (ctx, msgid), where in sorted(source_messages(root).items(), key=lambda kv: kv[1])
        if not catalog.get((ctx, msgid))
    ]


if __name__ == "__main__":
    rows = missing()
    for ctx, msgid, where in rows:
        print(f"{where}\t{ctx or ''}\t{msgid!r}")
    print(f"{len(rows)} string(s) without a bokmål translation", file=sys.stderr)
    sys.exit(1 if rows else 0)
