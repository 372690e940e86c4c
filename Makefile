# Quick start: `make demo`, then `make test`. Everything comes from the package registries.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STATE := .local
EXT_DIR := $(STATE)/extensions/durabletask
VERSION := $(shell sed -n "s/^VERSION = '\(.*\)'/\1/p" setup.py)
export AZURE_CORE_COLLECT_TELEMETRY := no

.PHONY: setup demo test test-unit test-scenario test-standin test-e2e lint record bench wheel clean

$(VENV)/.installed: requirements-dev.txt setup.py
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

# The working tree as the installed extension (az does not find `pip install -e`; see CONTRIBUTING.md).
$(EXT_DIR)/.linked: setup.py
	rm -rf $(EXT_DIR) && mkdir -p $(EXT_DIR)/durabletask-$(VERSION).dist-info
	ln -s ../../../azext_durabletask $(EXT_DIR)/azext_durabletask
	printf 'Metadata-Version: 2.1\nName: durabletask\nVersion: %s\n' '$(VERSION)' > $(EXT_DIR)/durabletask-$(VERSION).dist-info/METADATA
	touch $@

setup: $(VENV)/.installed $(EXT_DIR)/.linked

demo: setup
	scripts/demo

test: setup
	$(PY) -m pytest -q tests

test-unit: setup
	$(PY) -m pytest -q tests/unit

test-scenario: setup
	$(PY) -m pytest -q tests/scenario

test-standin: setup
	$(PY) -m pytest -q tests/standin

test-e2e: setup
	$(PY) -m pytest -q tests/e2e

# All three always run (one report); fails if any fails. Alone, in about a second: .venv/bin/python scripts/check_commands.py
lint: setup
	@status=0; \
	$(PY) -m flake8 azext_durabletask armstandin scripts/*.py tests || status=1; \
	$(PY) -m pylint --rcfile=pylintrc --score=n azext_durabletask || status=1; \
	$(PY) scripts/check_commands.py || status=1; \
	exit $$status

# Re-record every cassette against a fresh stand-in (see README, "Re-recording").
record: setup
	scripts/record

bench: setup
	$(PY) scripts/bench.py

wheel: setup
	rm -rf build dist && $(PY) -m pip wheel --quiet --no-deps --wheel-dir dist .

clean:
	rm -rf $(VENV) $(STATE) build dist *.egg-info
