# Two commands on a fresh machine: `make run` and `make test` (both idempotent).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test setup system-deps golden clean

# The project's own bytecode is written beside its sources at set-up (compileall rewrites only what
# changed), so every batch worker starts without compiling them, even where PYTHONDONTWRITEBYTECODE
# is set: Python still reads what is there and ignores what is stale (~40 ms of each worker's start).
setup: system-deps $(STAMP)
	@$(BIN)/python -m compileall -q pipeline extractors >/dev/null

# Debian packages for legacy .doc (LibreOffice, and python3-uno for the batch workers' warm
# LibreOffice driven through UNO by the system Python), scanned PDFs (Tesseract with Vietnamese data),
# the review desk's browser tests (Chromium), the calendar import test (calcurse), the workbook
# test (LibreOffice Calc) and the PDFs drawn by the tests (DejaVu, a font with
# Vietnamese letters), installed when missing and the set-up runs as root;
# otherwise a note says what to install.
system-deps:
	@missing=""; \
	command -v soffice >/dev/null 2>&1 || missing="$$missing libreoffice-writer-nogui"; \
	[ -e /usr/lib/libreoffice/program/libsclo.so ] || missing="$$missing libreoffice-calc-nogui"; \
	/usr/bin/python3 -c "import uno" >/dev/null 2>&1 || missing="$$missing python3-uno"; \
	command -v tesseract >/dev/null 2>&1 || missing="$$missing tesseract-ocr"; \
	tesseract --list-langs 2>/dev/null | grep -qx vie || missing="$$missing tesseract-ocr-vie"; \
	command -v chromium >/dev/null 2>&1 || missing="$$missing chromium"; \
	[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || missing="$$missing fonts-dejavu-core"; \
	command -v calcurse >/dev/null 2>&1 || missing="$$missing calcurse"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "installing:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	  else echo "note: install$$missing (Debian packages) to read .doc files and scanned PDFs and run the browser tests"; fi; \
	fi

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dask,serve,test]'
	touch $(STAMP)

# The main job on samples/: one output per document, the citation graph, the store, and the
# task workbook of every plan among them.
run: setup
	$(BIN)/vanban batch samples -o output
	$(BIN)/vanban tasks $$(ls output/*.json | grep -v '/summary.json$$') --format xlsx -o output/tasks.xlsx

test: setup
	$(BIN)/python -m pytest -q

# Regenerate the golden JSON files under tests/golden after a deliberate change of output.
golden: setup
	$(BIN)/python -m tests.regen_golden

clean:
	rm -rf $(VENV) output/*.json output/vanban.sqlite* output/summary.json
