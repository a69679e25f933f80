"""Fixtures for the intake: categories, a working group with two assessors, a steering member."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache

from people import roles


@pytest.fixture(autouse=True)
def _intake_settings(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = str(tmp_path / "media")
    cache.clear()


@pytest.fixture
def categories(reference_data: None) -> dict[str, Any]:
    from covid_intake.models import Category

    return {
        code: Category.objects.create(code=code, name=name, sort_order=i)
        for i, (code, name) in enumerate(
            [("smittesporing", "Smittesporing"), ("video", "Video"), ("annet", "Annet")]
        )
    }


@pytest.fixture
def assessors(make_user: Any) -> list[Any]:
    return [make_user("vera", roles.WORKING_GROUP), make_user("viggo", roles.WORKING_GROUP)]


@pytest.fixture
def working_group(assessors: list[Any]) -> Any:
    from covid_intake.models import WorkingGroup

    group = WorkingGroup.objects.create(name="Arbeidsgruppe smittevern")
    group.members.add(*assessors)
    return group


@pytest.fixture
def steering_user(make_user: Any) -> Any:
    return make_user("siri", roles.STEERING_GROUP)


@pytest.fixture
def make_suggestion(reference_data: None):  # type: ignore[no-untyped-def]
    from covid_intake import services

    def build(
        title: str = "Smittesporingsapp", description: str = "En app som varsler.", **kw: Any
    ) -> Any:
        fields = {
            "title": title,
            "description": description,
            "submitter_name": kw.pop("submitter_name", "Ola Nordmann"),
            "submitter_email": kw.pop("submitter_email", "ola@example.no"),
        }
        return services.suggestion_submit(fields=fields, send_receipt=False, **kw)

    return build


def full_scores(value: int, **overrides: int) -> dict[str, int]:
    from covid_intake.criteria import CODES as CRITERIA

    return {c: value for c in CRITERIA} | overrides
