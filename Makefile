# Two commands on a fresh machine: `make run` and `make test` (both idempotent).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SAMPLES := $(wildcard samples/*.txt samples/*.md)

.PHONY: run test setup golden clean

setup: $(STAMP)

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

run: setup
	mkdir -p output
	$(BIN)/vanban convert -q $(SAMPLES) -o output

test: setup
	$(BIN)/python -m pytest -q

# Regenerate the golden JSON files under tests/golden after a deliberate change of output.
golden: setup
	$(BIN)/python -m tests.regen_golden

clean:
	rm -rf $(VENV) output/*.json
