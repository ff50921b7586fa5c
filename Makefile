# Clusterdesk: `make run` serves the demo, `make test` runs every check.
SHELL := /bin/bash
VENV ?= .venv
PYTHON ?= python3
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
HOST ?= 127.0.0.1
PORT ?= 8000

.DEFAULT_GOAL := help
.PHONY: help install run test demo migrate bench messages clean lint

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  make %-10s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev,bench]"
	touch $(STAMP)

install: $(STAMP) ## Create .venv and install the app with its dev tools

migrate: install ## Apply database migrations
	$(PY) manage.py migrate --noinput

run: migrate ## Migrate, seed the demo and serve http://127.0.0.1:8000
	$(PY) manage.py seed_demo
	@echo ""
	@echo "Clusterdesk is starting on http://$(HOST):$(PORT)/ (Ctrl-C stops it)"
	$(PY) manage.py runserver $(HOST):$(PORT)

demo: migrate ## Reseed the demo data and reset the demo passwords
	$(PY) manage.py seed_demo --reset-passwords

lint: install ## ruff
	$(PY) -m ruff check .

test: install ## ruff, manage.py check, makemigrations --check, pytest
	$(PY) -m ruff check .
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) -m pytest

SCALE ?= 1
bench: install ## Measure at national scale (SCALE=10 for 10,000 firms): BENCHMARKS.md
	$(PY) manage.py bench --scale $(SCALE)

messages: install ## Extract and compile the Swedish and Russian translations
	$(PY) manage.py makemessages -l sv -l ru --ignore=.venv --ignore=tests --no-obsolete
	$(PY) manage.py compilemessages --ignore=.venv

clean: ## Remove the virtual environment and the demo database
	rm -rf $(VENV) clusterdesk.sqlite3
