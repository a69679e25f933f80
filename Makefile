# Two commands do all the set-up: `make run` and `make test`. See README.md.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install install-dev assets messages migrate demo lint format bench screenshots worker beat check-deploy clean

$(VENV)/bin/activate:
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(VENV)/bin/activate
	$(PIP) install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml $(VENV)/.installed
	$(PIP) install --quiet -e ".[dev]"
	touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

# Front-end assets come from the npm registry at set-up (package-lock.json), never a CDN.
node_modules/.package-lock.json: package.json package-lock.json
	@command -v npm >/dev/null || { echo "npm is needed once to install the design system CSS (apt-get install npm)"; exit 1; }
	npm ci --no-audit --no-fund --loglevel=error

static/vendor/.stamp: node_modules/.package-lock.json
	mkdir -p static/vendor/designsystemet static/vendor/axe-core
	cp node_modules/@digdir/designsystemet-css/dist/src/index.css static/vendor/designsystemet/index.css
	cp node_modules/@digdir/designsystemet-theme/brand/digdir.css static/vendor/designsystemet/theme.css
	cp node_modules/axe-core/axe.min.js static/vendor/axe-core/axe.min.js
	touch $@

assets: static/vendor/.stamp

# Translation catalogs compiled in pure Python (babel), so GNU gettext is not needed.
messages: $(VENV)/.installed
	$(PY) -m core.compile_messages

migrate: install assets messages
	$(PY) manage.py migrate --noinput

demo: migrate
	$(PY) manage.py load_demo

run: demo
	@echo "Serving on http://$(HOST):$(PORT)/  (Ctrl-C to stop)"
	DEBUG=1 $(PY) manage.py runserver $(HOST):$(PORT)

# Two pytest-xdist workers (CI has 2 cores); `make test TEST_WORKERS=0` runs in one process.
TEST_WORKERS ?= 2

test: install-dev assets messages
	bash scripts/ensure_chromium.sh
	$(PY) -m ruff check .
	$(PY) -m pytest -q -n $(TEST_WORKERS)

lint: install-dev
	$(PY) -m ruff check . && $(PY) -m ruff format --check .

format: install-dev
	$(PY) -m ruff format . && $(PY) -m ruff check --fix .

check-deploy: install
	PRODUCTION=1 SECRET_KEY=$$($(PY) -c 'import secrets;print(secrets.token_urlsafe(60))') ALLOWED_HOSTS=portefolje.example.no $(PY) manage.py check --deploy --fail-level WARNING

worker: install
	$(VENV)/bin/celery -A config worker -l info --concurrency 2

beat: install
	$(VENV)/bin/celery -A config beat -l info

bench: install-dev
	$(PY) bench/run_all.py

screenshots: install-dev assets messages
	$(PY) scripts/screenshots.py

clean:
	rm -rf $(VENV) node_modules static/vendor var
