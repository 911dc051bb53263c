# The whole set-up on a fresh machine with python3, make and the package registries.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
DEMO_OUT ?= out/demo

.PHONY: install demo test bench model lint typecheck clean

# setup.py compiles multivector/text/_perceptron.c and multivector/actors/_tokens.c (gcc and the Python
# headers); a change rebuilds them.
$(STAMP): pyproject.toml setup.py multivector/text/_perceptron.c multivector/actors/_tokens.c
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	rm -f $(DEMO_OUT)/multivector.duckdb
	$(BIN)/multivector analyze examples/corpus --out $(DEMO_OUT)
	$(BIN)/multivector relations KAZ RUS --db $(DEMO_OUT)/multivector.duckdb
	$(BIN)/multivector timeline --actor Tokayev --db $(DEMO_OUT)/multivector.duckdb --limit 15
	$(BIN)/multivector outlets --db $(DEMO_OUT)/multivector.duckdb
	$(BIN)/multivector contradictions --db $(DEMO_OUT)/multivector.duckdb --limit 3
	@echo "demo report: $(DEMO_OUT)/report.html (open it in a browser; it works offline)"

test: $(STAMP)
	$(BIN)/ruff check multivector tests bench
	$(BIN)/mypy
	$(BIN)/python -m pytest -q

bench: $(STAMP)
	$(BIN)/python -m bench.run

# Retrain the part-of-speech tagger and lemmatiser from UD English EWT (../shared).
model: $(STAMP)
	$(BIN)/python -m multivector.text.train_tagger --ud ../shared/data/ud_english_ewt --out multivector/data/models/tagger-en.json.gz
	$(BIN)/python -m multivector.text.train_parser --ud ../shared/data/ud_english_ewt --out multivector/data/models/parser-en.json.gz

lint: $(STAMP)
	$(BIN)/ruff check multivector tests bench

typecheck: $(STAMP)
	$(BIN)/mypy

clean:
	rm -rf $(VENV) out build *.egg-info multivector/text/*.so multivector/actors/*.so
