# Quick start: `make run` (set up, build, validate, write build/) and `make test` (set up, lint, run the suite).
# Scale benchmark (issue 11): `make bench` (N = 1, 100, 1000, 10000: builds, add/change/remove one article,
# helpers against their reference queries, cold calls, the focused page; hours) writes
# bench/results/scale.{md,json,png}; `make bench-quick` (N = 1, 10, 30; about ten minutes) writes the same
# files to /tmp/adkg-bench-quick/.
# Cold start: `make bench-coldstart` writes bench/results/coldstart.{md,json}.
# Import scale (issue 12): `make bench-import` (a synthetic 1M-edge KGX archive through `kg import`) writes
# bench/results/import.{md,json}.
# Network page (issue 14): `make bench-page` (open and search the whole-graph page in Chromium, up to
# ~5,000 nodes) writes bench/results/page.{md,json}.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
RUN_STAMP := $(VENV)/.installed-run
BENCH_STAMP := $(VENV)/.installed-bench

.PHONY: run test lint build clean chromium virtuoso graphviz bench bench-quick bench-coldstart bench-import bench-page

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# `make run` installs only what running needs; `make test` adds the test extra (pytest, browser
# driver, ruff, mypy and stubs).
$(RUN_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	@touch $(RUN_STAMP)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $(STAMP)

run: $(RUN_STAMP) graphviz
	$(BIN)/kg build
	$(BIN)/kg viz
	$(BIN)/kg ontology

# The browser tests drive Debian's Chromium; install it when missing (as root, as on CI).
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "installing Debian's chromium for the browser tests"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

# `kg ontology` draws the model diagram with Graphviz's dot; install Debian's graphviz when missing
# (as root, as on CI).
graphviz:
	@command -v dot >/dev/null 2>&1 || { \
	  echo "installing Debian's graphviz for the model diagram"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq graphviz >/dev/null; }

# The Virtuoso parity test (tests/test_virtuoso.py) starts Debian's Virtuoso Open Source on its own
# loopback ports and database folder; install the package when missing (as root, as on CI). The
# package's own service is not started (the test runs virtuoso-t itself).
virtuoso:
	@command -v virtuoso-t >/dev/null 2>&1 || { \
	  echo "installing Debian's virtuoso-opensource for the Virtuoso parity test"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq virtuoso-opensource >/dev/null; }

build: run

# The benchmark's extra (matplotlib for the plot), on top of the project's own set-up.
$(BENCH_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[test,bench]'
	@touch $(BENCH_STAMP)

bench: $(BENCH_STAMP)
	$(BIN)/python bench/scale_bench.py

bench-quick: $(BENCH_STAMP)
	$(BIN)/python bench/scale_bench.py --quick

# A fresh `kg query` against a bare pyoxigraph script on the same store (builds build/ first if stale).
bench-coldstart: $(STAMP)
	$(BIN)/python bench/coldstart_bench.py

# A 1M-edge KGX import end to end, against a fresh build in a temporary folder.
bench-import: $(STAMP)
	$(BIN)/python bench/import_bench.py

# The whole-graph page: write, open and search it in Chromium (the real graph, ~5,000 synthetic nodes).
bench-page: $(STAMP) chromium
	$(BIN)/python bench/page_bench.py

# Lint (ruff over the repository, mypy over kg/) before the suite.
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy

test: lint chromium virtuoso graphviz
	$(BIN)/python -m pytest

clean:
	rm -rf build .venv *.egg-info
