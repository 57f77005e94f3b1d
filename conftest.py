"""Every test's shared fixtures are in ``tests/support/fixtures.py``; helpers to import are
beside it in ``tests/support/`` and in each app's ``tests/factories.py``."""
pytest_plugins = ["tests.support.fixtures"]
