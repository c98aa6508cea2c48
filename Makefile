# Crosscheck: `make run` serves the site, `make test` runs the suite. Both set up everything first.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8000
DOCS_PORT ?= 8001
# Test processes (pytest-xdist): one per core by default, each with its own test database.
PYTEST_WORKERS ?= auto
INSTALLED := $(VENV)/.installed

.PHONY: install run worker test lint migrate seed bench screenshots docs docs-serve

$(INSTALLED): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Crosscheck needs Python 3.11 or newer: set PYTHON=python3.11")'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	@touch $@

install: $(INSTALLED)

migrate: install
	DEBUG=$${DEBUG:-1} $(PY) manage.py migrate --no-input

seed: migrate
	DEBUG=$${DEBUG:-1} $(PY) manage.py load_seed
	DEBUG=$${DEBUG:-1} $(PY) manage.py create_demo_accounts

# The server and one worker beside it (imports, webhooks, purges, e-mails); Ctrl-C stops both.
run: seed
	@export DEBUG=$${DEBUG:-1}; \
	$(PY) manage.py procrastinate worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

# A worker alone (for a second one beside `make run`, or a machine that only runs jobs).
worker: migrate
	DEBUG=$${DEBUG:-1} exec $(PY) manage.py procrastinate worker

# Ruff, and the layer contracts in pyproject.toml ([tool.importlinter]).
lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports

test: install
	$(PY) -m pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

# Benchmarks print figures (they are not tests); they use their own database, crosscheck_bench
# (CROSSCHECK_BENCH_DB names another). BENCH_SIZES="10000 100000 1000000" adds the optional million.
bench: install
	$(PY) -m bench.figure_pairs
	$(PY) -m bench.matching_pairs
	$(PY) -m bench $(BENCH_SIZES)

# Refresh the screenshots the README and docs show (the browser tests save them).
screenshots: install
	CROSSCHECK_SCREENSHOT_DIR=docs/screenshots $(PY) -m pytest -m browser -q

# The documentation site (mkdocs.yml, docs/): built into site/; --strict fails on a broken link.
docs: install
	NO_MKDOCS_2_WARNING=1 $(VENV)/bin/mkdocs build --strict

docs-serve: install
	NO_MKDOCS_2_WARNING=1 $(VENV)/bin/mkdocs serve --dev-addr 127.0.0.1:$(DOCS_PORT)
