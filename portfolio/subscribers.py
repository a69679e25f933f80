"""What the portfolio does when something happens (core.events)."""

from __future__ import annotations

from core import versioned_build

FORMATS = ("csv", "json", "xlsx")
OPEN_DATA = [
    (f"public:{name}", {"fmt": fmt}) for name in ("measures", "budget-lines") for fmt in FORMATS
]


def register() -> None:
    # Any logged change in the portfolio (measures, budget lines, status reports, actors, …)
    # rebuilds the open-data files once, in the background, after a burst of writes.
    versioned_build.register("portfolio.", OPEN_DATA)
