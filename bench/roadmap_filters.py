"""Size and time of the roadmap pages with a large portfolio, and what their measure filter shows.

The measure filter used to list every measure (drafts included) on every roadmap page: with
100 000 measures the anonymous page was about 6 MB and took 30 s. The filter now offers only the
measures the caller may see, and above `core.policy.OPTION_LIMIT` options it becomes a text
search, so the page no longer grows with the portfolio.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ehelse_bench .venv/bin/python bench/generate_portfolio.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ehelse_bench .venv/bin/python bench/roadmap_filters.py
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _setup import django_on_postgres  # noqa: E402

PAGES = ["/roadmap/", "/roadmap/graph/", "/roadmap/phases/", "/roadmap/violations/"]


def main() -> None:
    django_on_postgres()
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.test.utils import setup_test_environment

    from portfolio.models import Measure

    setup_test_environment()
    drafts = list(
        Measure.objects.exclude(published=True, state="accepted").values_list("code", flat=True)[
            :2000
        ]
    )
    print(f"measures: {Measure.objects.count()}, unpublished sampled: {len(drafts)}")
    office = get_user_model().objects.filter(groups__name="portfolio_office").first()
    for who in ("anonymous", "office"):
        client = Client(HTTP_HOST="localhost")
        if who == "office" and office is not None:
            client.force_login(office)
        for path in PAGES:
            start = time.perf_counter()
            response = client.get(path)
            ms = (time.perf_counter() - start) * 1000
            body = response.content.decode()
            leaked = sum(1 for code in drafts if f">{code} " in body or f'"{code}"' in body)
            print(
                f"{who:9} {path:22} {response.status_code} {len(body) / 1024:8.1f} KiB "
                f"{ms:8.0f} ms  options: {body.count('<option')}  unpublished codes shown: "
                f"{leaked if who == 'anonymous' else '-'}"
            )


if __name__ == "__main__":
    main()
