"""Who is changing things right now: set once per request, API call, task or command.

Every change-logged save reads this context, so history rows carry the user, the
integrator token and the request id without each service passing them around.
"""

from __future__ import annotations

import contextvars
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from typing import Any


@dataclass(frozen=True)
class ChangeContext:
    user: Any = None
    token: Any = None
    request_id: uuid.UUID = field(default_factory=uuid.uuid4)
    action: str | None = None  # replaces "update" on the rows written in this context
    message: str = ""
    version: int | None = None  # the version the changes in this context make (optional)
    # True: `action` replaces every row's action, creations and deletions included (an import
    # logs all it writes as "import")
    action_for_all: bool = False


_context: contextvars.ContextVar[ChangeContext | None] = contextvars.ContextVar(
    "change_context", default=None
)


def current_change_context() -> ChangeContext:
    return _context.get() or ChangeContext()


@contextmanager
def change_context(**overrides: Any) -> Iterator[ChangeContext]:
    """Nest a change context; unset keys are inherited from the enclosing one."""
    base = _context.get() or ChangeContext()
    if overrides.get("user") is not None and getattr(overrides["user"], "is_anonymous", False):
        overrides["user"] = None
    ctx = replace(base, **overrides)
    token = _context.set(ctx)
    try:
        yield ctx
    finally:
        _context.reset(token)
