"""Benchmark: similar suggestions and measures for one new suggestion among 100 000.

Usage:
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ehelse_bench_intake \
        .venv/bin/python bench/intake_similarity.py [--rows 100000] [--runs 25]

Migrates, fills the suggestion table with `--rows` generated suggestions (bulk_create; kept
between runs), then times `similar_suggestion_scores` + `similar_measure_scores` for new
texts that are not in the table (half of them near-copies of stored ones). Prints the median,
the 90th percentile and the slowest run. Target: under 100 ms on PostgreSQL.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/ehelse_bench_intake")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402

from covid_intake import selectors, similarity  # noqa: E402
from covid_intake.demo import data as d  # noqa: E402
from covid_intake.models import Suggestion  # noqa: E402
from portfolio.models import Measure  # noqa: E402

WORDS = [
    "pasient",
    "kommune",
    "sykehus",
    "fastlege",
    "legevakt",
    "sykehjem",
    "hjemmetjeneste",
    "innbygger",
    "app",
    "portal",
    "melding",
    "varsel",
    "skjema",
    "journal",
    "prøvesvar",
    "test",
    "karantene",
    "isolasjon",
    "smitte",
    "vaksine",
    "respirator",
    "intensiv",
    "kapasitet",
    "oversikt",
    "dashbord",
    "rapport",
    "statistikk",
    "register",
    "data",
    "samhandling",
    "deling",
    "tilgang",
    "innlogging",
    "helsenorge",
    "kjernejournal",
    "resept",
    "video",
    "chat",
    "telefon",
    "sms",
    "e-post",
    "oppfølging",
    "måling",
    "puls",
    "temperatur",
    "symptom",
    "vurdering",
    "triage",
    "bemanning",
    "turnus",
    "vikar",
    "student",
    "pensjonist",
    "opplæring",
    "kurs",
    "veileder",
    "rutine",
    "prosess",
    "leverandør",
    "integrasjon",
    "standard",
    "personvern",
    "sikkerhet",
    "drift",
    "forvaltning",
    "gevinst",
]


PREFIXES = [
    "smitte",
    "helse",
    "pasient",
    "lege",
    "sykehus",
    "kommune",
    "video",
    "journal",
    "prøve",
    "test",
    "varsel",
    "data",
    "hjemme",
    "fjern",
    "digital",
    "mobil",
    "nett",
    "bruker",
    "tjeneste",
    "behandling",
    "oppfølging",
    "karantene",
    "vaksine",
    "medisin",
    "resept",
    "sykepleie",
    "omsorg",
    "rehab",
    "psykisk",
    "barne",
    "eldre",
    "familie",
    "skole",
    "arbeids",
    "reise",
    "grense",
    "flyplass",
    "hotell",
    "buss",
    "tog",
    "butikk",
    "matvare",
    "apotek",
    "lab",
    "røntgen",
    "intensiv",
    "akutt",
    "ambulanse",
    "legevakt",
    "tannlege",
    "jordmor",
    "fysio",
    "ernæring",
    "søvn",
    "trening",
    "avstand",
    "hånd",
    "munnbind",
    "hanske",
    "beskyttelse",
    "lager",
    "innkjøp",
    "logistikk",
    "transport",
]
SUFFIXES = [
    "sporing",
    "overvåking",
    "konsultasjon",
    "register",
    "app",
    "portal",
    "løsning",
    "system",
    "tjeneste",
    "oversikt",
    "dashbord",
    "varsling",
    "melding",
    "skjema",
    "kalender",
    "booking",
    "chat",
    "robot",
    "sensor",
    "måling",
    "analyse",
    "rapport",
    "statistikk",
    "kart",
    "plan",
    "rutine",
    "veileder",
    "kurs",
    "opplæring",
    "kapasitet",
    "bemanning",
    "kø",
    "triage",
    "vurdering",
    "screening",
    "prøve",
    "svar",
    "resultat",
    "arkiv",
    "deling",
    "tilgang",
    "signatur",
    "integrasjon",
    "standard",
    "sikkerhet",
    "personvern",
    "drift",
]
VOCABULARY = [p + s for p in PREFIXES for s in SUFFIXES] + WORDS
# Zipf-like: a few words are common, most are rare, as in real text.
WEIGHTS = [1 / (rank + 1) for rank in range(len(VOCABULARY))]


def _words(rng: random.Random, k: int) -> str:
    return " ".join(rng.choices(VOCABULARY, weights=WEIGHTS, k=k))


def _text(rng: random.Random) -> tuple[str, str]:
    """Plausible suggestion text: Zipf-distributed words from ~3 000 Norwegian compounds,
    a third of them built around one of the demo ideas (so topics repeat, as in 2020)."""
    title = _words(rng, rng.randint(3, 6))
    description = f"{_words(rng, rng.randint(20, 50))}. {rng.choice(d.EXTRA)}"
    if rng.random() < 0.33:
        code = rng.choice(d.CATEGORIES)[0]
        idea_title, desc, problem, _tg = rng.choice(d.IDEAS[code])
        title = f"{idea_title} {rng.choice(d.SETTINGS)}"
        description = f"{desc} {description} {problem}"
    return title, description


def fill(rows: int, rng: random.Random) -> float:
    have = Suggestion.objects.count()
    if have >= rows:
        return 0.0
    start = time.perf_counter()
    now = timezone.now()
    batch: list[Suggestion] = []
    for n in range(have, rows):
        title, description = _text(rng)
        batch.append(
            Suggestion(
                reference=f"B-{n:07d}",
                title=title[:200],
                description=description,
                submitter_name="Bench",
                received_at=now,
                search_text=similarity.search_text(title, description),
            )
        )
        if len(batch) == 5000:
            Suggestion.objects.bulk_create(batch)
            batch = []
    if batch:
        Suggestion.objects.bulk_create(batch)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE covid_intake_suggestion")
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=25)
    parser.add_argument("--regenerate", action="store_true", help="delete and refill the rows")
    args = parser.parse_args()
    rng = random.Random(42)

    print(f"database: {connection.vendor} {connection.settings_dict['NAME']}")
    call_command("migrate", verbosity=0)
    from portfolio.demo import measures as demo_measures
    from portfolio.demo import reference_data

    reference_data()
    demo_measures()
    if args.regenerate:  # no per-row signals: the bench table is just data
        with connection.cursor() as cursor:
            cursor.execute("TRUNCATE covid_intake_suggestion CASCADE")
    filled = fill(args.rows, rng)
    total = Suggestion.objects.count()
    measures = Measure.objects.all()
    print(f"suggestions: {total}  measures: {measures.count()}  (insert took {filled:.1f} s)")

    queries = []
    for i in range(args.runs):
        if i % 2:
            stored = Suggestion.objects.order_by("?").only("title", "description").first()
            queries.append(f"{stored.title} {stored.description.replace('og', 'samt')}")
        else:
            title, desc = _text(rng)
            queries.append(f"{title} {desc}")

    selectors.similar_suggestion_scores(queries[0])  # warm the cache and connection
    timings, found, top = [], [], []
    for text in queries:
        start = time.perf_counter()
        s = selectors.similar_suggestion_scores(text, limit=5)
        m = selectors.similar_measure_scores(text, measures, limit=5)
        timings.append((time.perf_counter() - start) * 1000)
        found.append(len(s) + len(m))
        top.append(s[0][1] if s else 0.0)
    timings.sort()
    p90 = timings[int(len(timings) * 0.9) - 1]
    print(f"runs: {len(timings)}  items found per run: median {statistics.median(found):.0f}")
    print(f"best suggestion score: median {statistics.median(top):.2f}")
    print(
        f"similar items for one new suggestion: median {statistics.median(timings):.1f} ms, "
        f"p90 {p90:.1f} ms, max {timings[-1]:.1f} ms  (target < 100 ms)"
    )


if __name__ == "__main__":
    main()
