# The README's two commands: `make demo` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint typecheck pytest install bench bench-directory messages clean

$(STAMP): requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip>=24"
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(STAMP)

install: $(STAMP)

demo: install
	mkdir -p var
	ACOLLIDA_SKIP_2FA=true $(BIN)/acollida migrate --no-input
	ACOLLIDA_SKIP_2FA=true $(BIN)/acollida demo
	@echo "Starting acollida on http://127.0.0.1:8000/ (Ctrl-C to stop)"
	ACOLLIDA_SKIP_2FA=true $(BIN)/acollida runserver 127.0.0.1:8000

lint: install
	$(BIN)/ruff check acollida tests bench
	$(BIN)/ruff format --check acollida tests bench

typecheck: install
	$(BIN)/mypy acollida

pytest: install
	$(BIN)/pytest -n 2 --dist loadfile

test: lint typecheck pytest

# Refresh the catalogues in acollida/locale/ (the six languages of settings.LANGUAGES), then compile.
messages: install
	cd acollida && ../$(BIN)/acollida makemessages -l ca -l es -l en -l fr -l ar -l uk --no-obsolete --add-location=never
	cd acollida && ../$(BIN)/acollida compilemessages

bench: install
	$(BIN)/python bench/http.py

# The public directory with 10,000 fictitious services (SQLite unless DATABASE_URL is set; needs
# npm and Chromium for Lighthouse, or pass BENCH_ARGS=--no-lighthouse). See bench/directory.py.
bench-directory: install
	$(BIN)/python bench/directory.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) var/test-* .pytest_cache .mypy_cache .ruff_cache
