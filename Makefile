# make run   - set everything up and start the program
# make test  - set everything up and run the tests (what CI runs): lint-imports, lint, pytest
# make lint  - ruff and mypy (pyproject.toml configures both)
# make bench - run the benchmarks in bench/ and print one table
# make fuzz  - 100,000 mutated design files through every stage (seeded; FUZZ_ARGS to change)
# make package       - build the one-folder app into dist/msc-ards-trial-designer/ (build.spec)
# make package-smoke - build it, then run the frozen binary once: --version, --smoke, commands

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

APP := msc-ards-trial-designer
FROZEN := dist/$(APP)/$(APP)
# The frozen smoke test runs with a throwaway home: it never touches the user's settings.
SMOKE_HOME := $(CURDIR)/build/smoke-home
SMOKE_ENV := HOME=$(SMOKE_HOME) XDG_CONFIG_HOME=$(SMOKE_HOME)/.config \
	XDG_DATA_HOME=$(SMOKE_HOME)/.local/share XDG_CACHE_HOME=$(SMOKE_HOME)/.cache \
	XDG_STATE_HOME=$(SMOKE_HOME)/.local/state QT_QPA_PLATFORM=offscreen
SMOKE := $(SMOKE_ENV) $(FROZEN)

.PHONY: venv run test lint lint-imports bench fuzz package package-smoke clean

venv: $(STAMP)

# Recreated whenever the pinned requirements change.
$(STAMP): requirements.txt requirements-dev.txt requirements-usdm.txt constraints.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt -c constraints.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -r requirements-usdm.txt -c constraints.txt
	touch $(STAMP)

run: venv
	$(BIN)/python main.py

lint-imports: venv
	$(BIN)/lint-imports --no-cache

# ruff (pyflakes, bugbear, syntax) over the whole tree, then mypy over main.py, models, reports,
# cli and ui (pyproject.toml says which modules are not clean yet and why).
lint: venv
	$(BIN)/ruff check --quiet .
	$(BIN)/mypy

test: venv lint-imports lint
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest

bench: venv
	QT_QPA_PLATFORM=offscreen $(BIN)/python bench/run.py

# About 5 minutes on 2 cores; bounded at 50 minutes. Prints a summary table; exit 1 when anything
# escaped or a stage missed its time goal. E.g. make fuzz FUZZ_ARGS="--cases 5000 --seed 7".
FUZZ_ARGS ?= --cases 100000 --seed 1 --seconds 3000
fuzz: venv
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m tools.fuzz_designs $(FUZZ_ARGS)

# Always rebuilt (about half a minute on 2 cores): PyInstaller's own cache keeps it short.
package: venv
	$(BIN)/pyinstaller --noconfirm --log-level WARN --distpath dist --workpath build build.spec

# The check that catches a module or data file missing from the bundle. `check` exits 0 on the
# example (no errors); `evidence` reads the bundled trials, which the wizard defers.
package-smoke: package
	@rm -rf $(SMOKE_HOME) && mkdir -p $(SMOKE_HOME)
	@echo "$(FROZEN) --version" && $(SMOKE) --version
	@test "$$($(SMOKE) --version)" = "$$($(BIN)/python main.py --version)" \
		|| { echo "package-smoke: the frozen --version differs from models/version.py"; exit 1; }
	@echo "$(FROZEN) --smoke" && $(SMOKE) --smoke
	@echo "$(FROZEN) check (bundled example)" \
		&& $(SMOKE) check dist/$(APP)/_internal/resources/examples/core-protocol.trial.json >/dev/null
	@echo "$(FROZEN) evidence" && $(SMOKE) evidence >/dev/null
	@echo "$(FROZEN) sample-size" \
		&& $(SMOKE) sample-size --endpoint binary --control 0.4 --treatment 0.25 >/dev/null
	@echo "$(FROZEN) sample-size (group-sequential, time to event)" \
		&& $(SMOKE) sample-size --endpoint binary --control 0.4 --treatment 0.25 --looks 3 \
			--spending obf --futility beta --sided 1 --alpha 0.025 >/dev/null \
		&& $(SMOKE) sample-size --endpoint time_to_event --hr 0.7 --control 0.3 \
			--timepoint 90 >/dev/null
	@echo "$(FROZEN) simulate (bundled EV example)" \
		&& $(SMOKE) simulate dist/$(APP)/_internal/resources/examples/ev-trial.trial.json \
			--n-sims 1000 >/dev/null
	@echo "$(FROZEN) export (Word, USDM)" \
		&& $(SMOKE) export dist/$(APP)/_internal/resources/examples/core-protocol.trial.json \
			-o $(SMOKE_HOME)/summary.docx >/dev/null \
		&& $(SMOKE) export dist/$(APP)/_internal/resources/examples/core-protocol.trial.json \
			-o $(SMOKE_HOME)/study.usdm.json >/dev/null
	@echo "package-smoke: ok: dist/$(APP)/ ($$(du -sh dist/$(APP) | cut -f1))"

clean:
	rm -rf $(VENV) build dist .pytest_cache .hypothesis
