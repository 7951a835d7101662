# Körpü — `make demo` runs the platform with demo data; `make test` runs the whole suite.
SHELL := /bin/bash
.DEFAULT_GOAL := help
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
PG_URL ?= postgres://postgres@127.0.0.1:5432/korpu
HOST ?= 127.0.0.1
PORT ?= 8000

# Django 6.1 needs Python 3.12 or newer. Look on PATH first, then in pyenv (whose plain
# `python3.12` shim refuses unless that version is selected).
find_python = $(shell \
  for c in python3.14 python3.13 python3.12; do \
    if command -v $$c >/dev/null 2>&1 && $$c -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then command -v $$c; exit 0; fi; \
  done; \
  if command -v pyenv >/dev/null 2>&1; then \
    for v in $$(pyenv versions --bare 2>/dev/null | grep -E '^3\.1[2-9](\.[0-9]+)?$$' | sort -rV); do \
      p=$$(PYENV_VERSION=$$v pyenv which python3 2>/dev/null) && "$$p" -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null && { echo "$$p"; exit 0; }; \
    done; \
  fi)

.PHONY: help demo test test-sqlite test-postgres test-browser lint messages system-packages postgres clean

help:
	@echo "make demo   run Körpü with demo data on http://$(HOST):$(PORT)/ (SQLite under ./var/)"
	@echo "make test   run the whole test suite (SQLite, PostgreSQL, headless Chromium)"

$(VENV)/.created:
	@python="$(find_python)"; \
	if [ -z "$$python" ]; then \
	  echo "Körpü needs Python 3.12 or newer (Django 6.1). Install one, e.g. 'apt-get install python3.12 python3.12-venv'"; \
	  echo "or 'pyenv install 3.12', then run make again."; exit 1; \
	fi; \
	echo "Using $$python"; "$$python" -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	touch $@

$(VENV)/.installed: $(VENV)/.created pyproject.toml
	$(BIN)/pip install -q -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(BIN)/pip install -q -e ".[test]"
	touch $@

system-packages:
	@scripts/system-packages.sh $(SYSTEM_PACKAGES)

messages: $(VENV)/.installed
	@cd korpu && ../$(BIN)/korpu manage compilemessages -v 0 --ignore='.venv'

demo: SYSTEM_PACKAGES = gettext
demo: system-packages $(VENV)/.installed messages
	$(BIN)/korpu demo --host $(HOST) --port $(PORT)

postgres:
	@scripts/ensure-postgres.sh

test: SYSTEM_PACKAGES = gettext chromium
test: system-packages $(VENV)/.installed-test messages postgres lint test-sqlite test-postgres test-browser

lint: $(VENV)/.installed-test
	$(BIN)/ruff check korpu tests bench
	$(BIN)/mypy korpu
	$(BIN)/korpu manage makemigrations --check --dry-run -v 0

test-sqlite: $(VENV)/.installed-test
	$(BIN)/pytest -m "not browser" -p no:cacheprovider

test-postgres: $(VENV)/.installed-test
	DATABASE_URL=$(PG_URL) $(BIN)/pytest -m "not browser and not pure" -p no:cacheprovider

test-browser: $(VENV)/.installed-test
	$(BIN)/pytest -m browser -p no:cacheprovider

clean:
	rm -rf $(VENV) var test-artifacts
