# jichitai — two commands on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
export DJANGO_SETTINGS_MODULE ?= jichitai.config.settings.dev
HOST   ?= 127.0.0.1
PORT   ?= 8000
DEMO_RESIDENTS ?= 2000

.PHONY: demo test install migrate seed serve lint browser-deps test-sqlite test-postgres clean ha-up ha-down \
	backup-drill backup-drill-clean

## Install, migrate the embedded SQLite database, load the demo and serve it.
demo: install migrate seed serve

## The whole suite: lint, import rules, types (mypy), and every test (SQLite unless DATABASE_URL is set).
test: install browser-deps lint
	DJANGO_SETTINGS_MODULE=jichitai.config.settings.test $(BIN)/pytest -q -p no:cacheprovider

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml requirements/dev.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -r requirements/dev.lock
	$(BIN)/python -m pip install -q --no-deps -e .
	touch $@

migrate: install
	mkdir -p var/static
	$(BIN)/jichitai migrate --noinput -v 0
	$(BIN)/jichitai migrate --database linkage --noinput -v 0

seed: install
	$(BIN)/jichitai load-municipalities
	$(BIN)/jichitai seed-demo --residents $(DEMO_RESIDENTS) --cards 2 --base-url http://$(HOST):$(PORT)

## The product's own error pages unless JICHITAI_DEBUG=true; WhiteNoise serves the static files.
## The task queue's worker (mails, SMS, reminders) runs beside the server and stops with it.
serve: install
	$(BIN)/jichitai db_worker --queue-name '*' --no-reload & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	JICHITAI_DEBUG=$${JICHITAI_DEBUG:-false} $(BIN)/jichitai runserver $(HOST):$(PORT)

lint: install
	$(BIN)/ruff check src
	$(BIN)/lint-imports
	$(BIN)/mypy

## Page tests drive Debian's Chromium; certificates need a Japanese font (fonts-noto-cjk) and
## their tests read PDFs with poppler-utils. Installed here if missing.
browser-deps:
	@if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/pdffonts ] || ! fc-list 2>/dev/null | grep -qi "Noto Serif CJK"; then \
		echo "installing chromium, fonts-noto-cjk and poppler-utils (apt-get)"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk poppler-utils >/dev/null; \
	fi

test-sqlite:
	env -u DATABASE_URL $(MAKE) test

test-postgres:
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/jichitai} $(MAKE) test

## PostgreSQL HA on loopback (docs/operations.md): etcd, Patroni (primary + synchronous standby),
## HAProxy, two app servers; data under var/ha. `make ha-down WIPE=1` also removes var/ha.
ha-up: install
	scripts/ha/ha.sh up

ha-down:
	WIPE=$(WIPE) scripts/ha/ha.sh down

## Point-in-time recovery drill (docs/operations.md): pgBackRest archiving on a throwaway
## PostgreSQL 15 under var/backup (ports 5450, 5451), a full backup, writes, a restore to a
## chosen minute checked row by row and by the audit chains. Not part of `make test` (apt-get).
backup-drill: install
	scripts/backup/drill.sh

backup-drill-clean:
	scripts/backup/drill.sh clean

clean:
	rm -rf $(VENV) var build *.egg-info
