# The two commands. `make run`: the demo site on http://127.0.0.1:8000. `make test`: the whole suite.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test quick browser audit

run: $(VENV)/.installed
	DEBUG=$${DEBUG:-true} $(BIN)/python manage.py rundemo

test: $(VENV)/.installed-test browser
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/python -m pytest -n 2 --dist loadfile

# For ourselves while working: no browser, no real services (they run in `make test`).
# The test database is built from the models, not by running every migration (30 s saved per
# worker); the seeded rows come from the post_migrate handlers either way; `make test` migrates.
quick: $(VENV)/.installed-test
	$(BIN)/python -m pytest -n 2 --dist loadfile -q -m "not browser and not services" --nomigrations

# What runs the service (`make run`, a production install) ...
$(VENV)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

# ... and the test tools on top, only for the tests.
$(VENV)/.installed-test: $(VENV)/.installed requirements.txt requirements-test.txt
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-test.txt
	touch $@

# Browser tests use Debian's Chromium (never a downloaded browser). Installed when we can.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null); \
	  else echo "Chromium is not installed: browser tests will skip (they fail in CI)."; fi; }

# Known vulnerabilities in the pinned dependencies (needs the PyPI JSON API or OSV to be reachable).
audit: $(VENV)/.installed
	$(BIN)/pip install --quiet pip-audit==2.10.1
	$(BIN)/pip-audit -r requirements.txt -r requirements-test.txt --progress-spinner off
