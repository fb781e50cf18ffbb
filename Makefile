# Every target sets up .venv once and reuses it: the stamp is redone only when pyproject.toml
# or the lock changes, so a second `make test` installs nothing.
#
# The lock (requirements-dev.txt) pins every package make run and make test install, with
# hashes, so a fresh machine gets exactly the versions CI tested, whatever the registry
# serves that day. `make lock` refreshes it to the newest versions pyproject.toml allows.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
LOCK := requirements-dev.txt
# pip-tools lives in a venv of its own, so that refreshing the lock adds nothing to .venv.
LOCK_TOOLS := $(VENV)/lock-tools

.PHONY: run test bench lint format lock clean

# tracker itself is installed last, built by the locked hatchling rather than whatever the
# registry serves that day (hence --no-build-isolation).
$(STAMP): pyproject.toml $(LOCK)
	$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "tracker needs Python 3.11 or newer (set PYTHON=...)"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check \
		--require-hashes --no-deps -r $(LOCK)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check \
		--no-deps --no-build-isolation -e .
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/tracker

test: $(STAMP)
	$(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/python bench/run.py

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

lock: $(STAMP)
	test -x $(LOCK_TOOLS)/bin/python || $(PYTHON) -m venv $(LOCK_TOOLS)
	$(LOCK_TOOLS)/bin/python -m pip install --quiet --disable-pip-version-check 'pip-tools>=7.4,<8'
	$(LOCK_TOOLS)/bin/pip-compile --quiet --upgrade --generate-hashes --allow-unsafe \
		--no-emit-index-url --no-emit-find-links --strip-extras \
		--extra dev --extra postgresql -o $(LOCK) pyproject.toml

clean:
	rm -rf $(VENV) build dist .pytest_cache .ruff_cache .hypothesis
