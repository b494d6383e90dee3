# One command to set up and run the review UI on the seed, one to set up and run the tests.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
CHROMIUM := /usr/bin/chromium

.PHONY: install run test check-seed bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	# The CPU build of torch first: a plain resolve would pull the 6 GB CUDA build.
	$(BIN)/pip install --quiet torch==2.13.0
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

# Debian's headless Chromium, for the browser test only (driven by playwright from the [test] extra).
$(CHROMIUM):
	sudo=$$([ "$$(id -u)" = 0 ] || echo sudo); \
	  $$sudo apt-get update && $$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y chromium

run: $(STAMP)
	$(BIN)/streamlit run app.py

check-seed: $(STAMP)
	$(BIN)/align check seeds/blog-iraq-sofa-2008-06-09.txt --fail-on never

# Type check the package, then all tests, the real default model included (converted once into .cache/align).
test: $(STAMP) $(CHROMIUM)
	$(BIN)/mypy
	ALIGN_CACHE_DIR=$(CURDIR)/.cache/align $(BIN)/pytest -q

# The development benchmark of the README (USE; about 20 minutes on 2 cores with an empty embedding cache).
bench: $(STAMP)
	$(BIN)/align bench --model use $(patsubst %,--suite bench/suite/%,clean perturbed literary legal mixed restructured paragraphs) --suite bench/quran --suite bench/quran-yusufali --scale 2000 --scale 20000

clean:
	rm -rf $(VENV) .cache .pytest_cache .mypy_cache
