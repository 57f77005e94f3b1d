"""Configuration comes only from the environment; production passes check --deploy."""
import pytest
from django.core.exceptions import ImproperlyConfigured

from tests.support.processes import PRODUCTION_CONFIG, run_python
from trusts.config import Config


def test_config_production_passes_check_deploy_with_no_warnings():
    result = run_python(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], PRODUCTION_CONFIG)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues (0 silenced)" in result.stdout


def test_config_production_without_secret_key_names_the_variable():
    env = dict(PRODUCTION_CONFIG)
    del env["SECRET_KEY"]
    result = run_python(["-c", "import django; django.setup()"], env)
    assert result.returncode != 0
    assert "Set the SECRET_KEY environment variable" in result.stderr


def test_config_production_without_allowed_hosts_names_the_variable():
    env = dict(PRODUCTION_CONFIG)
    del env["ALLOWED_HOSTS"]
    result = run_python(["-c", "import django; django.setup()"], env)
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
    env = dict(PRODUCTION_CONFIG, **{name: value})
    result = run_python(["-c", "import django; django.setup()"], env)
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
    with_redis = run_python(["-c", "import django; django.setup();" + code],
                            dict(PRODUCTION_CONFIG, REDIS_URL="redis://h:6379/3"))
    without = run_python(["-c", "import django; django.setup();" + code], PRODUCTION_CONFIG)
    assert with_redis.stdout.split() == ["redis://h:6379/3", "False", "django.core.cache.backends.redis.RedisCache"]
    assert without.stdout.split() == ["memory://", "True", "django.core.cache.backends.locmem.LocMemCache"]


def test_config_london_time_and_british_english(settings):
    assert settings.TIME_ZONE == "Europe/London"
    assert settings.LANGUAGE_CODE == "en-gb"
