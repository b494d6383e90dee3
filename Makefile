# One command to set up and run the review UI on the seed, one to set up and run the tests.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install run test test-all check-seed bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	# The CPU build of torch first: a plain resolve would pull the 6 GB CUDA build.
	$(BIN)/pip install --quiet torch==2.13.0
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/streamlit run app.py

check-seed: $(STAMP)
	$(BIN)/align check seeds/blog-iraq-sofa-2008-06-09.txt --fail-on never

# The tests that use the real model are not yet verified end to end: run them with `make test-all`.
test: $(STAMP)
	ALIGN_CACHE_DIR=$(CURDIR)/.cache/align $(BIN)/pytest -q -m "not model"

test-all: $(STAMP)
	ALIGN_CACHE_DIR=$(CURDIR)/.cache/align $(BIN)/pytest -q

bench: $(STAMP)
	$(BIN)/python scripts/build_suite.py
	$(BIN)/python scripts/run_bench.py

clean:
	rm -rf $(VENV) .cache .pytest_cache
