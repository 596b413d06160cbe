# Two commands do all set-up on a fresh machine:
#   make run   creates .venv, installs the app, indexes the sample corpus (first time), serves it
#   make test  creates .venv, installs the app and what the tests need, runs the tests
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
INDEX ?= var/index
HOST ?= 127.0.0.1
PORT ?= 8000
# The department's seed documents belong to the archive; they are read from ../shared, not copied.
SEEDS := $(wildcard ../shared/seeds)
CORPUS_SOURCES := corpus/site corpus/archive $(SEEDS)
# Wishes already matched to entries; ranking lets the nearest ones vote (README "Example wishes");
# EXAMPLES= (empty) leaves the index's example wishes as they are; several files are joined.
EXAMPLES ?= corpus/train/wishes.jsonl corpus/train/translated.jsonl

export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: run index serve test bench install install-test clean browser-deps screenshots

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

# torch is installed first and pinned: the CPU wheel lies on the machine, an unpinned one pulls CUDA.
$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(BIN)/pip install --quiet "torch==2.13.0"
	$(BIN)/pip install --quiet -e '.[sentence-transformers,test]'
	touch $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

# Incremental: the first run embeds the corpus (a few minutes), later runs reuse every embedding.
index: install
	$(BIN)/kba index $(CORPUS_SOURCES) --index $(INDEX) $(foreach f,$(EXAMPLES),--examples $(f))

serve: install
	$(BIN)/kba serve --index $(INDEX) --host $(HOST) --port $(PORT)

run: index serve

test: install-test browser-deps
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# Browser tests: Debian's chromium (installed once as root; quick when present) and axe-core from npm
# (pinned in package-lock.json). Where neither can be installed the browser tests skip and say why.
browser-deps: node_modules/.installed
	@if command -v chromium >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	  echo "Installing Debian's chromium for the browser tests"; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) || \
	  echo "WARNING: chromium could not be installed: the browser tests will be skipped"; \
	else echo "NOTE: chromium is missing; as root: apt-get install chromium (the browser tests skip until then)"; fi

node_modules/.installed: package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
	  (npm ci --no-audit --no-fund --ignore-scripts --loglevel=error && touch $@) || \
	  echo "WARNING: npm ci failed: the accessibility check (axe-core) will be skipped"; \
	else echo "WARNING: npm is missing: the accessibility check (axe-core) will be skipped"; fi

# PNGs of the chat page, the widget and the archive page at desktop and phone width (README.md).
screenshots: install-test browser-deps index
	$(BIN)/python web/screenshots.py --index $(INDEX) --out docs/screenshots

# Speed and quality targets; figures go to var/bench/*.json (see README).
bench: install-test
	$(BIN)/kba bench $(BENCH_TOPICS)

clean:
	rm -rf $(VENV) var
