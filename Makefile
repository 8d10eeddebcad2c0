# `make demo` and `make test` do all set-up on a fresh machine.
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: install browser-deps lint typecheck test test-fast demo bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

# Debian's chromium and CJK fonts for the browser tests; never a browser download.
browser-deps:
	@if [ ! -x /usr/bin/chromium ] || ! fc-list 2>/dev/null | grep -qi "noto.*cjk"; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null; \
	  else echo "browser tests need: sudo apt-get install chromium fonts-noto-cjk"; fi; \
	fi

lint: install
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/mypy

test: install browser-deps lint
	$(BIN)/pytest -q

test-fast: install
	$(BIN)/pytest -q -x -m "not slow"

demo: install
	$(BIN)/yinren check examples/graduate-renting.json
	$(BIN)/yinren check examples/employer-hires.json --lang en
	$(BIN)/yinren demo

bench: install
	$(PY) benchmarks/check_single.py
	$(PY) benchmarks/evaluate_batch.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
