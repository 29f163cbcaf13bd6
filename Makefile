# Two commands set everything up: `make run` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
DATASET := data/seed/manifest.json
CHROMIUM := /usr/bin/chromium
# One test worker per core; a file's tests stay on one worker so they share its fixtures.
TEST_WORKERS ?= 2

.PHONY: run test data eval bench lint clean

run: $(INSTALLED) $(DATASET)
	$(BIN)/streamlit run dashboard/serve.py

test: $(INSTALLED) $(DATASET) $(CHROMIUM)
	$(BIN)/pytest -n $(TEST_WORKERS) --dist loadfile

# Accuracy on the development set beside the checkout, against the committed baseline.
eval: $(INSTALLED)
	$(BIN)/python -m ingest.evaluate --check

data: $(INSTALLED)
	$(BIN)/python -m ingest build seeds --out data/seed

bench: $(INSTALLED) $(DATASET)
	$(BIN)/python benchmarks/bench_geo.py
	$(BIN)/python benchmarks/bench_extract.py
	$(BIN)/python benchmarks/bench_exports.py
	$(BIN)/python benchmarks/bench_dashboard.py

lint: $(INSTALLED)
	$(BIN)/ruff check .

$(INSTALLED): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

$(DATASET): $(wildcard seeds/*.txt) $(wildcard seeds/sources.csv) | $(INSTALLED)
	$(BIN)/python -m ingest build seeds --out data/seed

# The browser tests drive Debian's Chromium; install it when it is missing.
$(CHROMIUM):
	@if [ "$$(id -u)" = 0 ]; then \
		apt-get update -qq && apt-get install -y -qq chromium; \
	else \
		echo "Chromium is missing: run 'sudo apt-get install -y chromium' (needed by the browser tests)."; exit 2; \
	fi

clean:
	rm -rf $(VENV) .pytest_cache tests/artifacts
