# Akhbar — `make help` lists the targets.
SHELL := /bin/bash
.SHELLFLAGS := -eo pipefail -c
# This machine's pip config names local mirrors that may be absent; their warnings are noise.
QUIET_PIP := { grep -v "is ignored: it is neither a file nor a directory" || true; }
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.DEFAULT_GOAL := help

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-10s %s\n", $$1, $$2}'

$(STAMP): requirements.txt requirements-dev.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip 2>&1 | $(QUIET_PIP)
	$(BIN)/pip install -q -r requirements-dev.txt 2>&1 | $(QUIET_PIP)
	$(BIN)/pip install -q --no-deps -e . 2>&1 | $(QUIET_PIP)
	touch $(STAMP)

install: $(STAMP) ## Create the virtualenv and install the pinned dependencies

run: $(STAMP) ## Start the whole stack (embedded Postgres/Redis unless AKHBAR_DATABASE_URL/AKHBAR_REDIS_URL are set)
	$(BIN)/akhbar up

test: $(STAMP) ## Run the whole suite (unit + integration); uses AKHBAR_TEST_* servers or embedded ones
	$(BIN)/python -m pytest -q -p no:cacheprovider $(PYTEST_ARGS)

unit: $(STAMP) ## Run the unit tests only (no sockets)
	$(BIN)/python -m pytest -q -p no:cacheprovider tests/unit

lint: $(STAMP) ## ruff check + format check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

demo: $(STAMP) ## Start the stack (loopback fetches allowed) and push the bundled Arabic demo pages through it
	$(BIN)/akhbar up --demo

bench: $(STAMP) ## Run the benchmarks (never part of make test)
	$(BIN)/python -m bench.run_all

.PHONY: help install run test unit lint demo bench
