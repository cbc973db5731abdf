# figurebot: `make run` starts the bot, `make test` runs the whole suite.
# Both create .venv on first use and install exactly what uv.lock pins, hash-checked, before going on.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
UV := $(BIN)/uv
# uv uses the Python that made .venv and never downloads one; its cache stays where the user keeps it.
export UV_PYTHON_DOWNLOADS := never
# Pinned in uv.lock, so output and checks are the same on every machine.
UV_SYNC := $(UV) sync --locked --all-extras --quiet

.PHONY: run test venv lock lint typecheck pytest bench check site clean

# First use: a venv from the user's Python, and uv in it from the lock's own pin (pip checks the hashes).
$(UV):
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@$(PYTHON) tools/uv_requirement.py uv.lock > $(VENV)/uv-requirement.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps \
		--only-binary :all: -r $(VENV)/uv-requirement.txt
	@# pip only carried uv in; from here on .venv holds what the lock names and nothing else.
	@$(UV) pip uninstall --quiet --python $(BIN)/python pip setuptools 2>/dev/null

# Every time: make .venv hold exactly the lock (a no-op in well under a second when it already does).
# --locked stops with a message when pyproject.toml and uv.lock disagree, instead of resolving anew.
venv: $(UV)
	@$(UV_SYNC) || { \
		echo "make: could not install from uv.lock. If uv says the lockfile needs to be updated," \
		     "pyproject.toml and uv.lock disagree: run 'make lock' and commit uv.lock." >&2; exit 1; }

run: venv
	$(BIN)/figurebot run $(ARGS)

test: lint typecheck pytest

lint: venv
	$(BIN)/ruff check bot tests bench tools
	$(BIN)/ruff format --check bot tests bench tools

typecheck: venv
	$(BIN)/mypy

pytest: venv
	$(BIN)/python -m pytest $(PYTEST_ARGS)

check: venv
	$(BIN)/figurebot check facts.yaml

# The book as a static website in site/ (git-ignored): publish that folder on any static host.
# ARGS="--base-url https://facts.example.org/met/" makes its canonical and feed links absolute.
site: venv
	$(BIN)/figurebot site -o site $(ARGS)

bench: venv
	@for b in bench/bench_*.py; do echo "== $$b"; $(BIN)/python $$b || exit 1; done

# Refresh uv.lock from pyproject.toml (keeps current pins that still fit; `make lock ARGS=--upgrade`
# moves everything to the newest allowed versions). Commit uv.lock with the change that needed it.
lock: $(UV)
	$(UV) lock $(ARGS)

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
