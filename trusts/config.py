"""Reading configuration from the environment, with errors that name the variable."""
import os

import environ
from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}
# Only for DEBUG and test runs: a production start-up without SECRET_KEY stops.
INSECURE_DEV_KEY = "django-insecure-development-only-key-not-for-production-use-0123456789"


class Config:
    def __init__(self, environ_map=None):
        self.environ = os.environ if environ_map is None else environ_map
        self.env = environ.Env()
        self.env.ENVIRON = self.environ
        # pytest sets PYTEST_VERSION for the whole run
        self.testing = "PYTEST_VERSION" in self.environ

    def _raw(self, name):
        return self.environ.get(name)

    def _missing(self, name, default):
        if default is None:
            raise ImproperlyConfigured(f"Set the {name} environment variable.")
        return default

    def str(self, name, *, default=None):
        value = self._raw(name)
        return self._missing(name, default) if value is None else value

    def bool(self, name, *, default=None):
        value = self._raw(name)
        if value is None:
            return self._missing(name, default)
        lowered = value.strip().lower()
        if lowered in _TRUE:
            return True
        if lowered in _FALSE:
            return False
        raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}.")

    def int(self, name, *, default=None):
        value = self._raw(name)
        if value is None:
            return self._missing(name, default)
        try:
            return int(value)
        except ValueError:
            raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}.") from None

    def list(self, name, *, default=None):
        value = self._raw(name)
        if value is None:
            return self._missing(name, default)
        return [item.strip() for item in value.split(",") if item.strip()]

    def path(self, name, *, default=None):
        value = self._raw(name)
        return self._missing(name, default) if value is None else value

    def secret_key(self, *, debug):
        value = self._raw("SECRET_KEY")
        if value:
            if not debug and (len(value) < 50 or value == INSECURE_DEV_KEY):
                raise ImproperlyConfigured("SECRET_KEY must be at least 50 random characters in production.")
            return value
        if debug or self.testing:
            return INSECURE_DEV_KEY
        raise ImproperlyConfigured("Set the SECRET_KEY environment variable (required when DEBUG is off).")

    def database(self, name, *, default):
        value = self._raw(name) or default
        scheme = value.split(":", 1)[0] if "://" in value else ""
        if scheme not in environ.Env.DB_SCHEMES:
            raise ImproperlyConfigured(
                f"{name} is not a valid database URL: use postgres://user@host:5432/name or sqlite:///path"
            )
        try:
            parsed = environ.Env.db_url_config(value)
        except Exception as exc:  # django-environ raises several kinds for a bad URL
            raise ImproperlyConfigured(f"{name} is not a valid database URL ({exc}).") from None
        if not parsed.get("ENGINE"):
            raise ImproperlyConfigured(f"{name} is not a valid database URL: unknown scheme in {value!r}.")
        return parsed

    def email(self, name, *, default):
        value = self._raw(name) or default
        try:
            parsed = environ.Env.email_url_config(value)
        except Exception as exc:
            raise ImproperlyConfigured(f"{name} is not a valid e-mail URL ({exc}).") from None
        return {key: val for key, val in parsed.items() if val not in (None, "")}
