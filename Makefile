# Two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: run test lint typecheck fmt bench lock clean install messages

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip>=24"
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

## Start the service on SQLite (var/samverka.db) with the demo data, and print
## a sign-in link for the demo moderator (Bengt Stavenow) to open in a browser.
run: $(STAMP)
	$(BIN)/samverka demo load
	@echo "Sign in as the demo moderator (the link works once, within 15 minutes):"
	@$(BIN)/samverka login-link bengt.stavenow@example.se
	$(BIN)/samverka serve

## The whole suite: lint, types, architecture, unit, integration, e2e.
test: $(STAMP) lint typecheck
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy

fmt: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

## Texts for people: pull new and changed texts from the code into the gettext
## catalogs (services/i18n/locale), then translate the empty `sv` entries.
LOCALE := services/i18n/locale
messages: $(STAMP)
	$(BIN)/pybabel extract -F babel.cfg -k t -k N_ --no-location --sort-output \
		--omit-header -o $(LOCALE)/messages.pot .
	$(BIN)/pybabel update -i $(LOCALE)/messages.pot -d $(LOCALE) -D messages -w 100 \
		--ignore-obsolete --ignore-pot-creation-date --no-fuzzy-matching

## Benchmarks; results go to bench/RESULTS.md.
bench: $(STAMP)
	$(BIN)/python -m bench.run

## Re-pin every dependency after changing pyproject.toml.
lock:
	rm -rf .lockvenv
	$(PYTHON) -m venv .lockvenv
	.lockvenv/bin/python -m pip install --quiet --upgrade "pip>=24"
	.lockvenv/bin/python -m pip install --quiet '.[dev]'
	.lockvenv/bin/python -m pip freeze --exclude samverka | grep -v '^-e ' > constraints.txt
	rm -rf .lockvenv

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache .hypothesis build *.egg-info
