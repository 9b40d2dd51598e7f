# Two commands on a fresh machine: `make run` and `make test`. `make` alone lists every target.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
SUDO := $(shell [ "$$(id -u)" -eq 0 ] || echo sudo)
UV := $(VENV)/bin/uv
PY_STAMP := $(VENV)/.installed
BENCH_STAMP := $(VENV)/.bench-installed
TOOLS_STAMP := $(VENV)/.tools-installed
SBOM := var/sbom/secure-welfare.cdx.json
SBOM_ENV := var/sbom-env
NODE_STAMP := node_modules/.installed
CSS := site/static/site/application.css

.DEFAULT_GOAL := help
.PHONY: help install chromium fonts db run test lint format bench lock lock-check sbom

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  make %-10s %s\n", $$1, $$2}'

# Python packages come only from the hashed lock files in requirements/ (`make lock` writes them from the ranges in
# pyproject.toml): pip and setuptools first, then runtime + dev, then the project itself, editable and without
# dependencies, built by that locked setuptools (no build isolation, so nothing unhashed is fetched).
$(PY_STAMP): pyproject.toml requirements/build.lock requirements/dev.lock
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --require-hashes -r requirements/build.lock
	$(PY) -m pip install --quiet --require-hashes -r requirements/dev.lock
	$(PY) -m pip install --quiet --quiet --no-deps --no-build-isolation -e .
	@touch $@

$(BENCH_STAMP): $(PY_STAMP) requirements/bench.lock
	$(PY) -m pip install --quiet --require-hashes -r requirements/bench.lock
	@touch $@

# uv and cyclonedx-bom (requirements/tools.in), pinned to dev.lock's versions of anything they share.
$(TOOLS_STAMP): $(PY_STAMP) requirements/tools.lock
	$(PY) -m pip install --quiet --require-hashes -r requirements/tools.lock
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

lint: install lock-check ## ruff, djhtml, mypy, the import layers (import-linter) and the lock files
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/djhtml --check $$(git ls-files '*.html')
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports

format: install ## Apply ruff and djhtml formatting
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .
	$(VENV)/bin/djhtml $$(git ls-files '*.html')

bench: install fonts $(BENCH_STAMP) ## Run the benchmarks in bench/ and print their ratios
	$(PY) bench/run.py

lock: $(TOOLS_STAMP) ## Re-resolve requirements/*.lock after editing pyproject.toml (UPGRADE=1: newest versions)
	UV=$(UV) requirements/lock $(if $(UPGRADE),--upgrade)

lock-check: $(TOOLS_STAMP) ## Fail when requirements/*.lock no longer match pyproject.toml
	UV=$(UV) requirements/lock --check

# The SBOM describes what production installs: requirements/base.lock in a venv of its own (runtime packages only,
# with their licences and dependency graph), the project from pyproject.toml as the root component. It is dated
# by the last commit, so the same commit gives the same file.
sbom: $(TOOLS_STAMP) ## Write the CycloneDX SBOM of the runtime packages to var/sbom/secure-welfare.cdx.json
	rm -rf $(SBOM_ENV)
	$(PY) -m venv --without-pip $(SBOM_ENV)
	$(UV) pip install --quiet --no-config --python $(SBOM_ENV)/bin/python --require-hashes -r requirements/base.lock
	@mkdir -p $(dir $(SBOM))
	SOURCE_DATE_EPOCH=$$(git log -1 --format=%ct 2>/dev/null || date +%s) $(VENV)/bin/cyclonedx-py environment \
	  $(SBOM_ENV)/bin/python --pyproject pyproject.toml --mc-type application --sv 1.6 --output-reproducible -o $(SBOM)
	@$(PY) -c 'import json, sys; print(sys.argv[1], "has", len(json.load(open(sys.argv[1]))["components"]), "packages")' \
	  $(SBOM)
