# Two commands a new user needs: `make site` and `make test`. Both bootstrap .venv on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Building needs only Handbook and what it depends on; the test extras (Playwright, Zensical,
# Hypothesis) are installed by the first `make test`, so `make site` stays small and quick.
STAMP := $(VENV)/.installed-build
TEST_STAMP := $(VENV)/.installed-test

.PHONY: site serve test check lint bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	touch $(STAMP)

$(TEST_STAMP): $(STAMP)
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(TEST_STAMP)

# The sample's history is its own story (docs/sample/story.yml), replayed into .story/ and
# built from there: this repository's commits say nothing about Fieldstone.
site: $(STAMP)  ## build the sample hub, with its year of history, into site/
	$(BIN)/python docs/sample/story.py --site site

serve: $(STAMP)  ## preview the working copy (this repository's history) with live reload on :8000
	$(BIN)/handbook serve

check: $(STAMP)  ## validate the hub
	$(BIN)/handbook check

test: $(TEST_STAMP)  ## run the whole test suite
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(TEST_STAMP)  ## ruff and mypy (strict), as docs/testing.md describes
	$(BIN)/pip install --quiet -e '.[lint]'
	$(BIN)/ruff check generator tests benchmarks docs/sample
	$(BIN)/mypy generator

bench: $(TEST_STAMP)  ## benchmarks against plain MkDocs: builds, then search on a phone
	$(BIN)/pip install --quiet -e '.[test,bench]'
	$(BIN)/python benchmarks/build_times.py
	$(BIN)/python benchmarks/search_latency.py

clean:
	rm -rf site .story .venv .pytest_cache
