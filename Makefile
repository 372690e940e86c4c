# Quick start: `make demo`, then `make test`. Everything comes from the package registries.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
# azdev (the Azure CLI team's linter) in a virtualenv of its own: it pins tools the tests must not inherit.
AZDEV_VENV := .venv-azdev
AZDEV_PY := $(AZDEV_VENV)/bin/python
STATE := .local
EXT_DIR := $(STATE)/extensions/durabletask
VERSION := $(shell sed -n "s/^VERSION = '\(.*\)'/\1/p" setup.py)
export AZURE_CORE_COLLECT_TELEMETRY := no

.PHONY: setup setup-azdev demo test test-unit test-scenario test-standin test-e2e lint record bench wheel clean

$(VENV)/.installed: requirements-dev.txt setup.py
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

$(AZDEV_VENV)/.installed: requirements-azdev.txt
	test -x $(AZDEV_PY) || $(PYTHON) -m venv $(AZDEV_VENV)
	$(AZDEV_PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(AZDEV_PY) -m pip install --quiet --disable-pip-version-check -r requirements-azdev.txt
	touch $@

setup-azdev: $(AZDEV_VENV)/.installed

# The working tree as the installed extension (az does not find `pip install -e`; see CONTRIBUTING.md).
$(EXT_DIR)/.linked: setup.py
	rm -rf $(EXT_DIR) && mkdir -p $(EXT_DIR)/durabletask-$(VERSION).dist-info
	ln -s ../../../azext_durabletask $(EXT_DIR)/azext_durabletask
	printf 'Metadata-Version: 2.1\nName: durabletask\nVersion: %s\n' '$(VERSION)' > $(EXT_DIR)/durabletask-$(VERSION).dist-info/METADATA
	touch $@

setup: $(VENV)/.installed $(EXT_DIR)/.linked

demo: setup
	scripts/demo

test: setup setup-azdev
	$(PY) -m pytest -q tests

test-unit: setup
	$(PY) -m pytest -q tests/unit

test-scenario: setup
	$(PY) -m pytest -q tests/scenario

test-standin: setup
	$(PY) -m pytest -q tests/standin

test-e2e: setup
	$(PY) -m pytest -q tests/e2e

# All always run (one report); fails if any fails: flake8 on everything, the Azure CLI team's own `azdev linter`
# (medium and above) and `azdev style` (pylint + flake8 on the extension, with azdev's rules) run offline by
# scripts/azdev_lint.py, and scripts/check_commands.py for what azdev does not check (about a second alone).
lint: setup setup-azdev
	@status=0; \
	$(PY) -m flake8 azext_durabletask armstandin scripts/*.py tests || status=1; \
	$(AZDEV_PY) scripts/azdev_lint.py || status=1; \
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
	rm -rf $(VENV) $(AZDEV_VENV) $(STATE) build dist *.egg-info
