# Two commands on a fresh machine: `make run` and `make test`. `make` alone lists every target.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
SUDO := $(shell [ "$$(id -u)" -eq 0 ] || echo sudo)
PY_STAMP := $(VENV)/.installed
NODE_STAMP := node_modules/.installed
CSS := site/static/site/application.css

.DEFAULT_GOAL := help
.PHONY: help install chromium fonts db run test lint format bench

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  make %-10s %s\n", $$1, $$2}'

$(PY_STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	@touch $@

$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

$(CSS): $(NODE_STAMP) site/build.mjs $(wildcard site/scss/*.scss)
	npm run --silent build

install: $(PY_STAMP) $(CSS) ## Install Python and npm packages and build the static assets

chromium: ## Install Debian's Chromium for the browser tests, when missing
	@command -v chromium >/dev/null || { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq chromium; }

fonts: ## Install Debian's Liberation fonts (Arial metrics, Welsh letters) for the PDF packs, when missing
	@test -f /usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf || { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq fonts-liberation; }

db: install fonts ## Apply migrations and create the cache table
	$(PY) manage.py migrate --noinput
	$(PY) manage.py createcachetable

run: db ## Set up, load demo data, start the web server and a q cluster on http://127.0.0.1:8000
	$(PY) manage.py seed_demo
	@bin/serve

test: install chromium fonts ## Run every test (SQLite, or PostgreSQL and Redis when DATABASE_URL/REDIS_URL are set)
	$(PY) -m pytest

lint: install ## ruff, djhtml, mypy and the import layers (import-linter)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/djhtml --check $$(git ls-files '*.html')
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports

format: install ## Apply ruff and djhtml formatting
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .
	$(VENV)/bin/djhtml $$(git ls-files '*.html')

bench: install fonts ## Run the benchmarks in bench/ and print their ratios
	$(PY) -m pip install --quiet -e '.[dev,bench]'
	$(PY) bench/run.py
