# Two commands for a newcomer: `make run` and `make test`. CI calls the same targets (.ci/run).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
HOST ?= 127.0.0.1:8000

.PHONY: run setup test journeys lint format messages migrations-check deploy-check bench stack clean assets

# The local PostgreSQL and Redis of `make stack` (and of CI).
STACK_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/commsplan
STACK_REDIS_URL ?= redis://127.0.0.1:6379/0
STACK_PORT ?= 8000

$(VENV)/.installed: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

## Create the virtual environment, install, migrate and load the demo plans and users.
setup: $(VENV)/.installed
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo

## Set everything up and serve on http://127.0.0.1:8000 (SQLite, tasks in-process).
run: setup
	$(PY) manage.py runserver $(HOST)

## The whole test suite (SQLite by default; DATABASE_URL=postgres://… for PostgreSQL).
test: $(VENV)/.installed
	$(BIN)/pytest -m "not browser"

## The browser journeys (Debian chromium driven by Playwright, axe-core checks); .ci/run runs them.
journeys: $(VENV)/.installed
	$(BIN)/pytest -m browser 

## ruff, and the layer contract: each app imports only the apps below it (.importlinter).
lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache

format: $(VENV)/.installed
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

## Refresh the English catalogue from the Spanish source strings and compile it (needs gettext).
messages: $(VENV)/.installed
	$(PY) manage.py makemessages --locale en --no-obsolete --ignore '.venv/*' --ignore 'staticfiles/*' --ignore 'node_modules/*'
	$(PY) scripts/compile_messages.py

migrations-check: $(VENV)/.installed
	$(PY) manage.py makemigrations --check --dry-run

## `check --deploy` under production settings with throwaway secrets.
deploy-check: $(VENV)/.installed
	DJANGO_SETTINGS_MODULE=commsplan.settings.production \
	DJANGO_SECRET_KEY=$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(64))') \
	DJANGO_ALLOWED_HOSTS=plan.example.gov.co \
	DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \
	REDIS_URL=redis://127.0.0.1:6379/0 \
	$(PY) manage.py check --deploy --fail-level WARNING

## Web (gunicorn), Celery worker and Celery beat from the Procfile, against the local
## PostgreSQL and Redis: the production layout on one machine.
stack: $(VENV)/.installed
	createdb -h 127.0.0.1 -U postgres commsplan 2>/dev/null || true
	DATABASE_URL=$(STACK_DATABASE_URL) REDIS_URL=$(STACK_REDIS_URL) $(PY) manage.py migrate --noinput
	DATABASE_URL=$(STACK_DATABASE_URL) REDIS_URL=$(STACK_REDIS_URL) $(PY) manage.py load_demo
	PATH=$(abspath $(BIN)):$$PATH DATABASE_URL=$(STACK_DATABASE_URL) REDIS_URL=$(STACK_REDIS_URL) \
	DJANGO_SETTINGS_MODULE=commsplan.settings.local BIND=127.0.0.1 PORT=$(STACK_PORT) $(BIN)/honcho start

## Benchmarks, each against its reference: roll-up, dashboard, import, daily pages, consolidated view
## (DATABASE_URL=postgres://… for PostgreSQL).
bench: $(VENV)/.installed
	$(PY) bench/rollup.py --logs $${LOGS:-200000}
	$(PY) bench/dashboard.py --logs $${LOGS:-200000}
	$(PY) bench/import.py --rows $${ROWS:-10000}
	$(PY) bench/pages.py
	$(PY) bench/consolidated.py

## Reinstall the front-end packages from package-lock.json (needs npm) and copy their built files
## into static/vendor/, which is what the app serves: `make run` needs no npm.
assets:
	npm ci --no-audit --no-fund
	mkdir -p static/vendor/chartjs
	cp node_modules/chart.js/dist/chart.umd.min.js node_modules/chart.js/dist/chart.umd.min.js.map \
	   node_modules/chart.js/LICENSE.md static/vendor/chartjs/
	cp node_modules/@kurkle/color/LICENSE.md static/vendor/chartjs/LICENSE-kurkle-color.md

clean:
	rm -rf $(VENV) db.sqlite3 db.sqlite3-* staticfiles .pytest_cache
