# Akhbar — `make help` lists the targets.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.DEFAULT_GOAL := help

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-10s %s\n", $$1, $$2}'

$(STAMP): requirements.txt requirements-dev.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -r requirements-dev.txt
	$(BIN)/pip install -q --no-deps -e .
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
