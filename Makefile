# Two commands a new user needs: `make site` and `make test`. Both bootstrap .venv on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: site serve test check bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

site: $(STAMP)  ## build the sample hub into site/
	$(BIN)/handbook build --strict

serve: $(STAMP)  ## preview with live reload on http://127.0.0.1:8000
	$(BIN)/handbook serve

check: $(STAMP)  ## validate the hub
	$(BIN)/handbook check

test: $(STAMP)  ## run the whole test suite
	$(BIN)/python -m pytest $(PYTEST_ARGS)

bench: $(STAMP)  ## build-time benchmarks against plain MkDocs
	$(BIN)/python benchmarks/build_times.py

clean:
	rm -rf site .venv .pytest_cache
