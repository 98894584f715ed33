# Two commands matter: `make run` (set up everything, serve the demo) and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1:8000
# Dev server defaults; production sets its own environment (docs/deploy.md).
DEV_ENV := DEBUG=$${DEBUG:-1}
# This machine sets PYTHONDONTWRITEBYTECODE=1, which makes every pytest start
# recompile its plugins; tests and tools run without it.
RUN := env -u PYTHONDONTWRITEBYTECODE

.PHONY: run setup test lint fmt migrations-check messages bench bench-anchors clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.runtime: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: requirements-dev.txt requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $(VENV)/.runtime $@

setup: $(VENV)/.runtime
	$(RUN) $(DEV_ENV) $(BIN)/python manage.py migrate --noinput
	$(RUN) $(DEV_ENV) $(BIN)/python manage.py load_catalogue
	$(RUN) $(DEV_ENV) $(BIN)/python manage.py seed_demo

# The background worker (uploads, large exports) runs beside the server, as in
# production (docs/deploy.md), and stops with it.
run: setup
	@echo "Serving http://$(HOST)/ with the background worker"
	$(RUN) $(DEV_ENV) $(BIN)/python manage.py db_worker --no-reload & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(RUN) $(DEV_ENV) $(BIN)/python manage.py runserver $(HOST)

test: $(VENV)/.dev
	$(RUN) $(BIN)/pytest $(PYTEST_ARGS)

lint: $(VENV)/.dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache --no-logo

fmt: $(VENV)/.dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

migrations-check: $(VENV)/.dev
	$(RUN) DEBUG=1 $(BIN)/python manage.py makemigrations --check --dry-run

# Chinese msgids in the code; English in locale/en. The compiled .mo is committed
# so that a fresh clone needs no gettext tools.
messages: $(VENV)/.dev
	$(RUN) DEBUG=1 $(BIN)/python manage.py makemessages -l en --ignore=.venv --ignore=var --ignore=tests --ignore=bench
	$(RUN) DEBUG=1 $(BIN)/python manage.py compilemessages -l en --ignore=.venv

bench: $(VENV)/.dev
	@for script in bench/[!_]*.py; do echo "== $$script"; $(RUN) DEBUG=1 $(BIN)/python $$script || exit 1; done

# The read API against Datasette and a raw SELECT (docs/benchmarks.md). Demo scale by
# default; BENCH_DATABASE_URL=postgres://…/indicators_scale for the province.
bench-anchors: $(VENV)/.dev
	$(RUN) $(BIN)/python bench/bench_anchors.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) var/db.sqlite3 var/static
