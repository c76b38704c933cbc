import subprocess

import pytest
from django.core.exceptions import ImproperlyConfigured

from sociable.core.env import env_bool, env_int
from sociable.core.startup import assert_safe_to_serve, production_problems
from tests.support import VENV_BIN, product_env


def test_production_mode_refuses_the_default_secret(settings):
    settings.DEBUG = False
    settings.SECRET_KEY = settings.DEFAULT_SECRET_KEY
    settings.ALLOWED_HOSTS = ["desk.example.nhs.uk"]
    with pytest.raises(ImproperlyConfigured, match="SECRET_KEY"):
        assert_safe_to_serve()


def test_production_mode_accepts_a_strong_secret_and_named_hosts(settings):
    settings.DEBUG = False
    settings.SECRET_KEY = "k3y-" + "".join(chr(65 + i % 26) for i in range(60))
    settings.ALLOWED_HOSTS = ["desk.example.nhs.uk"]
    assert production_problems() == []


def test_production_mode_needs_allowed_hosts(settings):
    settings.DEBUG = False
    settings.SECRET_KEY = "k3y-" + "".join(chr(65 + i % 26) for i in range(60))
    settings.ALLOWED_HOSTS = []
    assert any("ALLOWED_HOSTS" in p for p in production_problems())


def test_the_server_will_not_start_in_production_with_the_default_secret(tmp_path):
    env = product_env(tmp_path, DEBUG="0", ALLOWED_HOSTS="localhost")
    env.pop("SECRET_KEY", None)
    done = subprocess.run(
        [str(VENV_BIN / "sociable"), "run", "--bind", "127.0.0.1:1", "--max-seconds", "1"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode != 0
    assert "Refusing to start in production mode" in done.stderr
    assert not (tmp_path / "sociable.sqlite3").exists() or "Database is up" not in done.stdout


def test_the_wsgi_application_refuses_too(tmp_path):
    env = product_env(tmp_path, DEBUG="0", ALLOWED_HOSTS="localhost")
    env.pop("SECRET_KEY", None)
    done = subprocess.run(
        [str(VENV_BIN / "python"), "-c", "import sociable.wsgi"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode != 0 and "SECRET_KEY" in done.stderr


def test_bad_environment_values_get_a_clear_error(monkeypatch):
    monkeypatch.setenv("DEBUG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="DEBUG must be one of"):
        env_bool("DEBUG", False)
    monkeypatch.setenv("EMAIL_PORT", "twenty-five")
    with pytest.raises(ImproperlyConfigured, match="EMAIL_PORT must be a whole number"):
        env_int("EMAIL_PORT", 25)


def test_the_time_zone_defaults_to_london(settings):
    assert settings.TIME_ZONE == "Europe/London"
