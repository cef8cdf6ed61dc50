# The two commands the README promises: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install run test lint clean

install: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	test -x $(BIN)/uv || $(BIN)/pip install --quiet uv
	$(BIN)/uv pip install --quiet --python $(BIN)/python -e '.[test]'
	touch $(STAMP)

run: install
	$(BIN)/civcas demo
	$(BIN)/civcas statement --month 2018-06

lint: install
	$(BIN)/ruff check civcas tests bench
	$(BIN)/ruff format --check civcas tests bench
	$(BIN)/mypy

test: install lint
	$(BIN)/pytest

clean:
	rm -rf $(VENV) civcas.db
