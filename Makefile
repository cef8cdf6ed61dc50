# The two commands the README promises: `make run` and `make test`.
PYTHON ?= python3
UV_VERSION := 0.13.10
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
VENDOR := civcas/web/static/vendor
ASSETS := $(VENDOR)/.installed
CHROMIUM := /usr/bin/chromium
JAVA := /usr/bin/java
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install run test lint clean translations messages fuzz lock upgrade crash

install: $(STAMP) $(ASSETS) translations $(CHROMIUM) $(JAVA)

# Python packages: exactly the versions in uv.lock (the ones the tests passed with), never
# whatever is newest that day. See the README's "Dependencies" for upgrading.
$(STAMP): pyproject.toml uv.lock $(BIN)/uv
	$(BIN)/uv sync --quiet --locked --inexact --extra test --extra spark
	touch $(STAMP)

$(BIN)/uv:
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet uv==$(UV_VERSION)

# `make lock` after editing pyproject.toml; `make upgrade` takes every package's newest release
# within its range. Then `make test`, and commit uv.lock with the change it was tested with.
lock: $(BIN)/uv
	$(BIN)/uv lock

upgrade: $(BIN)/uv
	$(BIN)/uv lock --upgrade

# Front-end assets come from the npm registry (package-lock.json pins them), never from git.
$(ASSETS): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	mkdir -p $(VENDOR)/images
	cp node_modules/htmx.org/dist/htmx.min.js node_modules/chart.js/dist/chart.umd.min.js \
	   node_modules/leaflet/dist/leaflet.js node_modules/leaflet/dist/leaflet.css \
	   node_modules/topojson-client/dist/topojson-client.min.js \
	   node_modules/world-atlas/countries-50m.json node_modules/axe-core/axe.min.js \
	   node_modules/swagger-ui-dist/swagger-ui-bundle.js node_modules/swagger-ui-dist/swagger-ui.css \
	   $(VENDOR)/
	cp node_modules/leaflet/dist/images/* $(VENDOR)/images/
	touch $(ASSETS)

translations: $(STAMP)
	$(BIN)/pybabel compile --use-fuzzy -d civcas/translations -D messages 2>/dev/null

# The browser tests drive Debian's Chromium; never a browser downloaded by a test tool.
$(CHROMIUM):
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium

# Spark (civcas[spark], linkage at scale) runs on a JVM.
$(JAVA):
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless

run: install
	$(BIN)/civcas demo
	$(BIN)/civcas match > /dev/null
	$(BIN)/civcas statement --month 2018-06
	$(BIN)/civcas serve --host $(HOST) --port $(PORT)

lint: install
	$(BIN)/ruff check civcas tests bench
	$(BIN)/ruff format --check civcas tests bench
	$(BIN)/mypy

# Two workers, one per core (pytest-xdist; tests that share a costly start stay together, see
# tests/conftest.py). The crash tests run at their `ci` size here.
test: install lint
	$(BIN)/pytest -n 2

# The crash tests at full size: a 100,000-row import killed 20 times on SQLite and 6 times on
# PostgreSQL, `civcas demo` and a linkage run 5 times each; about 5 minutes on two cores. The
# last run is in docs/benchmarks.md.
crash: install
	CIVCAS_CRASH_SIZE=full $(BIN)/pytest -n 2 -rA tests/ledger/test_crash_safety.py

# Hostile input: schemathesis sends at least 10,000 generated requests to the REST API over the
# sample ledger; any server error (5xx) fails. tests/web/test_fuzz.py runs a short form of it.
fuzz: install
	cd tests && ../$(BIN)/python fuzzing.py --examples 300 --minimum 10000

clean:
	rm -rf $(VENV) $(VENDOR) node_modules civcas.db

# For translators: collect the texts to translate and merge them into the catalogs.
messages: install
	$(BIN)/pybabel extract -F babel.cfg -k _ -k N_ -o civcas/translations/messages.pot --no-location --omit-header .
	$(BIN)/pybabel update -i civcas/translations/messages.pot -d civcas/translations -D messages --no-fuzzy-matching
