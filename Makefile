# Expo Portal — the two commands: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
PIP    := $(VENV)/bin/pip --disable-pip-version-check
PY     := $(VENV)/bin/python
# The suite runs on two processes (pytest-xdist); `make test PYTEST_ARGS=` runs it in one.
PYTEST_ARGS ?= -n 2

.PHONY: install run test lint lock bench bench-env bench-load clean-var

install: $(VENV)/.installed

$(VENV)/.installed: requirements/lock.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -r requirements/lock.txt
	@touch $@

run: install
	$(PY) manage.py run_portal

test: install
	$(VENV)/bin/pytest $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	$(VENV)/bin/mypy

# Re-pin requirements/lock.txt from requirements/*.in (needs network access to the package index).
lock:
	$(PIP) install --quiet pip-tools
	$(VENV)/bin/pip-compile --quiet --strip-extras --no-header requirements/dev.in -o requirements/lock.txt

bench-env: .venv-bench/.installed

.venv-bench/.installed: requirements/bench.txt
	@test -x .venv-bench/bin/python || $(PYTHON) -m venv .venv-bench
	.venv-bench/bin/pip install --quiet --disable-pip-version-check -r requirements/bench.txt
	@touch $@

# 50 users for 60 s against gunicorn + worker + beat on DATABASE_URL's server and a Redis.
bench-load: install bench-env
	$(PY) bench/load.py --users 50 --seconds 60

clean-var:
	rm -rf var/broker var/mail
