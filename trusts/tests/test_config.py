"""Configuration comes only from the environment; production passes check --deploy."""
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from trusts.config import Config

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "k3P9v!2mQx#7Lr8sT0wZ4yB6nC1dF5gH9jK2mN4pQ7sV0xZ3aD6fG8hJ1kL4nP7r",
    "ALLOWED_HOSTS": "trusts.example.org",
    "DATABASE_URL": "sqlite:////tmp/deploy-check.sqlite3",
    "EMAIL_URL": "smtp+tls://mailer:secret@smtp.example.org:587",
}


def _run(args, env_extra):
    env = {k: v for k, v in os.environ.items() if k not in {"PYTEST_VERSION", "DEBUG", "SECRET_KEY", "REDIS_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}}
    env.update(env_extra)
    env["DJANGO_SETTINGS_MODULE"] = "trusts.settings"
    return subprocess.run([sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


def test_config_production_passes_check_deploy_with_no_warnings():
    result = _run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues (0 silenced)" in result.stdout


def test_config_production_without_secret_key_names_the_variable():
    env = dict(PRODUCTION)
    del env["SECRET_KEY"]
    result = _run(["-c", "import django; django.setup()"], env)
    assert result.returncode != 0
    assert "Set the SECRET_KEY environment variable" in result.stderr


def test_config_production_without_allowed_hosts_names_the_variable():
    env = dict(PRODUCTION)
    del env["ALLOWED_HOSTS"]
    result = _run(["-c", "import django; django.setup()"], env)
    assert "ALLOWED_HOSTS" in result.stderr and result.returncode != 0


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("DEBUG", "maybe", "DEBUG must be true or false"),
        ("DATABASE_URL", "nosuchdb://x/y", "DATABASE_URL is not a valid database URL"),
        ("AXES_FAILURE_LIMIT", "five", "AXES_FAILURE_LIMIT must be a whole number"),
    ],
)
def test_config_malformed_variable_stops_start_up(name, value, message):
    env = dict(PRODUCTION, **{name: value})
    result = _run(["-c", "import django; django.setup()"], env)
    assert result.returncode != 0
    assert message in result.stderr


def test_config_short_secret_key_refused_in_production():
    with pytest.raises(ImproperlyConfigured, match="at least 50"):
        Config({"SECRET_KEY": "short"}).secret_key(debug=False)


def test_config_redis_url_switches_broker_and_cache():
    code = (
        "from django.conf import settings as s;"
        "print(s.CELERY_BROKER_URL, s.CELERY_TASK_ALWAYS_EAGER, s.CACHES['default']['BACKEND'])"
    )
    with_redis = _run(["-c", "import django; django.setup();" + code], dict(PRODUCTION, REDIS_URL="redis://h:6379/3"))
    without = _run(["-c", "import django; django.setup();" + code], PRODUCTION)
    assert with_redis.stdout.split() == ["redis://h:6379/3", "False", "django.core.cache.backends.redis.RedisCache"]
    assert without.stdout.split() == ["memory://", "True", "django.core.cache.backends.locmem.LocMemCache"]


def test_config_london_time_and_british_english(settings):
    assert settings.TIME_ZONE == "Europe/London"
    assert settings.LANGUAGE_CODE == "en-gb"
