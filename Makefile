# make run   - set everything up and start the program
# make test  - set everything up and run the tests (what CI runs)
# make bench - run the benchmarks in bench/ and print one table

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: venv run test lint-imports bench clean

venv: $(STAMP)

# Recreated whenever the pinned requirements change.
$(STAMP): requirements.txt requirements-dev.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $(STAMP)

run: venv
	$(BIN)/python main.py

lint-imports: venv
	$(BIN)/lint-imports --no-cache

test: venv lint-imports
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest

bench: venv
	QT_QPA_PLATFORM=offscreen $(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) build dist .pytest_cache .hypothesis
