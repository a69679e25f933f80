"""Compile every catalog (locale/ and each app's <app>/locale/) to .mo in pure Python (babel).

No GNU gettext needed. Apps may keep their own catalog in <app>/locale/ (Django reads it
automatically), so that new apps do not all edit one file.
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent


def compile_all(root: Path = ROOT) -> int:
    count = 0
    catalogs = [*root.glob("locale/*/LC_MESSAGES/*.po"), *root.glob("*/locale/*/LC_MESSAGES/*.po")]
    for po_path in sorted(catalogs):
        mo_path = po_path.with_suffix(".mo")
        if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        with po_path.open("rb") as fh:
            catalog = read_po(fh, locale=po_path.parts[-3])
        with mo_path.open("wb") as fh:
            write_mo(fh, catalog, use_fuzzy=False)
        count += 1
    return count


if __name__ == "__main__":
    n = compile_all()
    print(f"compiled {n} translation catalog(s)")
    sys.exit(0)
