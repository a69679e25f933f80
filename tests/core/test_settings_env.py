import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from config import env

ROOT = Path(__file__).resolve().parents[2]


def test_env_bool_refuses_malformed_value(monkeypatch):
    monkeypatch.setenv("DEBUG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="DEBUG"):
        env.env_bool("DEBUG")


def test_env_url_refuses_unknown_scheme(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "mysql//nope")
    with pytest.raises(ImproperlyConfigured, match="DATABASE_URL"):
        env.env_url("DATABASE_URL", ("sqlite", "postgres"))


def test_env_list_refuses_empty_entry(monkeypatch):
    monkeypatch.setenv("ALLOWED_HOSTS", "a.no,,b.no")
    with pytest.raises(ImproperlyConfigured, match="ALLOWED_HOSTS"):
        env.env_list("ALLOWED_HOSTS", [])


def _manage(*args: str, **extra_env: str) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "PRODUCTION"}}
    environment.update(extra_env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
    )


def test_malformed_redis_url_fails_at_start():
    result = _manage("check", REDIS_URL="http://localhost:6379")
    assert result.returncode != 0
    assert "REDIS_URL" in result.stderr


def test_check_deploy_with_production_settings_is_clean():
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        PRODUCTION="1",
        SECRET_KEY="x" * 20 + "-production-secret-key-for-the-deploy-check-0123456789",
        ALLOWED_HOSTS="portefolje.example.no",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNINGS" not in result.stdout + result.stderr


def test_production_refuses_default_secret_key():
    result = _manage("check", PRODUCTION="1", ALLOWED_HOSTS="x.no", SECRET_KEY="")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr
