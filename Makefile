# npgov — the two commands: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY_STAMP := $(VENV)/.installed
NODE_STAMP := node_modules/.installed
PORT ?= 8000

.PHONY: demo test assets serve lint clean bench

$(PY_STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

assets: $(PY_STAMP) $(NODE_STAMP)
	node scripts/vendor.mjs
	$(BIN)/npgov compile-messages

## Set everything up, load reference and demo data into SQLite, and serve on 127.0.0.1:$(PORT).
demo: assets
	$(BIN)/npgov demo --port $(PORT)

## Set everything up and run the whole test suite on SQLite, then on PostgreSQL if reachable.
test: assets
	$(BIN)/python scripts/run_tests.py

lint: $(PY_STAMP)
	$(BIN)/ruff check src tests bench scripts

bench: assets
	$(BIN)/python bench/run_all.py

clean:
	rm -rf $(VENV) node_modules src/npgov/static/vendor var
