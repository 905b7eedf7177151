# Upward — the two commands a new developer needs are `make run` and `make test`.
SHELL := /bin/bash
.DEFAULT_GOAL := help

HOST ?= 127.0.0.1
PORT ?= 8000
# Links in emails follow the address the app is served at, unless SITE_URL is set
# (environment or `make run SITE_URL=https://…`).
SITE_URL ?= http://$(HOST):$(PORT)
# uv is bootstrapped with pip when it is missing (see `uv` below).
UV := $(shell command -v uv 2>/dev/null || echo $(HOME)/.local/bin/uv)
PYTHON := .venv/bin/python

.PHONY: help
help: ## List the commands
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

.PHONY: uv
uv:
	@command -v uv >/dev/null 2>&1 || test -x $(HOME)/.local/bin/uv || { \
	  echo "Installing uv (Python package manager) with pip…"; \
	  python3 -m pip install --user --quiet uv || python3 -m pip install --quiet uv; }

.PHONY: install
install: uv ## Install Python dependencies from the lock file
	@$(UV) sync --frozen --quiet
	@mkdir -p var/broker/out var/broker/processed var/broker/control var/mail var/screenshots

# The OpenID provider the sign-in tests start (tests/oidc_provider: node's oidc-provider, pinned
# by package-lock.json). `npm ci` only when the lock file changed since the last install; skipped,
# saying so, on a machine without node (those tests are then skipped too).
.PHONY: oidc-provider
oidc-provider: ## Install the test OpenID provider's npm packages (when node is present)
	@if command -v npm >/dev/null 2>&1; then \
	  cd tests/oidc_provider && if ! cmp -s package-lock.json node_modules/.upward-installed-lock; then \
	    echo "Installing the test OpenID provider (npm ci in tests/oidc_provider)…"; \
	    npm ci --no-audit --no-fund --loglevel=error && cp package-lock.json node_modules/.upward-installed-lock; fi; \
	else echo "npm not found: the company sign-in tests will be skipped (apt-get install nodejs npm)"; fi

.PHONY: run
run: install ## Migrate, seed the demo, start web + Celery worker + beat (SQLite, no servers needed)
	@env -u DATABASE_URL -u REDIS_URL -u CELERY_BROKER_URL DJANGO_SETTINGS_MODULE=config.settings.local \
	  SITE_URL=$(SITE_URL) bash -c '$(PYTHON) manage.py migrate --noinput -v0 && $(PYTHON) manage.py seed_demo --json > var/demo.json'
	@$(PYTHON) -c 'import json; d=json.load(open("var/demo.json")); print("\n  Upward is starting at http://$(HOST):$(PORT)/\n  Log in as  %s / %s\n  Demo escalation: http://$(HOST):$(PORT)%s\n  Its status page (no login): %s\n  As the executive, decide the asks at: %s\n  The executive\x27s desk (everything waiting on them): %s\n  Review past escalations at http://$(HOST):$(PORT)/admin/ as reviewer / upward-review-2026 (read-only)\n  Emails are written to var/mail/ (.eml files; their links point at $(SITE_URL)). Ctrl-C stops the web server, the worker and beat.\n" % (d["username"], d["password"] or "(the password you set)", d["escalation_url"], ("http://$(HOST):$(PORT)" + d["status_url"]) if d["status_url"] else "none (revoked; share a new link from the escalation page)", ("http://$(HOST):$(PORT)" + d["executive_url"]) if d.get("executive_url") else "none (revoked)", ("http://$(HOST):$(PORT)" + d["desk_url"]) if d.get("desk_url") else "none"))'
	@env -u DATABASE_URL -u REDIS_URL -u CELERY_BROKER_URL DJANGO_SETTINGS_MODULE=config.settings.local \
	  HOST=$(HOST) PORT=$(PORT) SITE_URL=$(SITE_URL) .venv/bin/honcho start -f Procfile.dev

.PHONY: services-check
services-check: install
	@$(PYTHON) -m config.check_services

.PHONY: lint
lint: install ## ruff (lint + format check) and mypy
	@$(UV) run --frozen ruff check .
	@$(UV) run --frozen ruff format --check .
	@$(UV) run --frozen mypy .

.PHONY: test
test: install oidc-provider services-check lint ## Lint, then the whole suite against PostgreSQL and Redis
	@$(UV) run --frozen pytest $(PYTEST_ARGS)

.PHONY: bench-smoke
bench-smoke: install services-check ## Every bench/ script at a tiny size (seconds each, no targets)
	@$(UV) run --frozen python bench/smoke.py

.PHONY: fmt
fmt: install ## Format and autofix
	@$(UV) run --frozen ruff format .
	@$(UV) run --frozen ruff check --fix .
