"""Downloads streamed from the database as they are read."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from django.db import transaction


def in_one_transaction(produce: Callable[[], Iterable[bytes]]) -> Iterator[bytes]:
    """The chunks of `produce()`, made while the response is sent, inside one transaction.

    Outside a transaction Django declares a server-side cursor `WITH HOLD`, and PostgreSQL
    then computes the whole result before the first row (100 000 measures with their joins:
    about a second before anything is sent). Inside one, the cursor hands over rows as the
    plan yields them, memory stays flat, and every row comes from the same snapshot. A client
    that stops reading closes the generator, which ends the transaction."""
    with transaction.atomic():
        yield from produce()
