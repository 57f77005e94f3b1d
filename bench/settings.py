"""The settings of the server ``manage.py bench`` starts: the service's own, with the URL conf
that adds the floor view."""
from trusts.settings import *  # noqa: F401,F403

ROOT_URLCONF = "bench.urls"
