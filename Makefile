# Portal: `make run` serves the portal with demo content; `make test` runs every check.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MANAGE := DEBUG=true $(BIN)/python manage.py
HOST ?= 127.0.0.1:8000
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: install run test lint serve lock messages clean

install: $(VENV)/.installed

$(VENV)/.installed: requirements.lock
	@# python-ldap (django-auth-ldap, directory sign-in) is built from source against OpenLDAP's and SASL's headers.
	@if command -v dpkg >/dev/null && ! dpkg -s libldap2-dev libsasl2-dev >/dev/null 2>&1; then \
		echo "== installing libldap2-dev and libsasl2-dev, which python-ldap builds against"; \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq libldap2-dev libsasl2-dev; \
	fi
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -r requirements.lock
	touch $@

# A task worker runs beside the development server (photo renditions, e-mail) and stops with it; it reports
# failures only (TASKS_LOG_LEVEL). The demo sign-ins and the address to open come last, once the server answers.
run: install
	$(MANAGE) migrate --noinput
	$(MANAGE) load_demo
	$(MANAGE) db_worker --queue-name '*' --no-reload & worker=$$!; \
		trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
		$(MANAGE) load_demo --sign-ins-only --url http://$(HOST)/ & \
		$(MANAGE) runserver $(HOST)

# SQLite always; PostgreSQL too when TEST_DATABASE_URL points at one. The browser journeys (tests/browser,
# Debian's Chromium, axe-core from `npm ci`) run once, last, on SQLite; the other runs leave them out, and
# without pytest-playwright, whose start would empty test-results/ where the journeys' screenshots go.
# The suite runs on every core (pytest-xdist; PYTEST_WORKERS=1 for one process); each stage's wall time and the
# whole's are printed.
PYTEST_WORKERS ?= auto
# Tests are dealt out one by one (--dist load): each worker loads the demo's clocks it needs, which costs less
# than keeping them on one worker (measured: 195 s against 246 s on SQLite, 2 cores).
SUITE := $(BIN)/pytest --ignore=tests/browser -p no:playwright -n $(PYTEST_WORKERS) --dist load
elapsed = echo "== $(1): $$(( $$(date +%s) - $(2) )) s"
test: install
	@started=$$(date +%s); $(MAKE) --no-print-directory test-stages; status=$$?; \
		$(call elapsed,make test took,$$started); exit $$status

.PHONY: test-stages
test-stages: lint
	$(MANAGE) makemigrations --check --dry-run
	@command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || \
		echo "== nginx not installed: tests/test_nginx.py skipped (apt-get install nginx)"
	@command -v slapd >/dev/null || [ -x /usr/sbin/slapd ] || \
		echo "== slapd not installed: directory sign-in tests skipped (apt-get install slapd)"
	@{ command -v java >/dev/null && [ -f node_modules/vnu-jar/build/dist/vnu.jar ]; } || \
		echo "== Java or vnu-jar missing: the Nu HTML Checker test skipped (npm ci; apt-get install default-jre-headless)"
	@started=$$(date +%s); env -u TEST_DATABASE_URL $(SUITE) && $(call elapsed,SQLite,$$started)
	@if [ -n "$$TEST_DATABASE_URL" ]; then \
		echo "== again on $${TEST_DATABASE_URL%%@*}@… (PostgreSQL)"; \
		started=$$(date +%s); $(SUITE) && $(call elapsed,PostgreSQL,$$started); \
	else \
		echo "== TEST_DATABASE_URL is not set: PostgreSQL run skipped"; \
	fi
	@if [ -x /usr/bin/chromium ]; then \
		echo "== browser journeys in Chromium (SQLite; screenshots in test-results/)"; \
		started=$$(date +%s); env -u TEST_DATABASE_URL $(BIN)/pytest tests/browser -p no:cacheprovider && \
			$(call elapsed,browser journeys,$$started); \
	else \
		echo "== Chromium not found: browser tests skipped"; \
	fi

# ruff, and the architecture's import contracts ([tool.importlinter] in pyproject.toml).
lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

serve: install
	$(BIN)/python manage.py collectstatic --noinput
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/gunicorn portal.wsgi --bind $(HOST) --workers $${WEB_CONCURRENCY:-3}

# Re-pin requirements.lock from the ranges in pyproject.toml.
lock:
	rm -rf /tmp/portal-lock && $(PYTHON) -m venv /tmp/portal-lock
	$(PYTHON) -c "import tomllib; p = tomllib.load(open('pyproject.toml', 'rb'))['project']; \
		print('\n'.join(p['dependencies'] + p['optional-dependencies']['test']))" > /tmp/portal-lock/requirements.txt
	/tmp/portal-lock/bin/pip install -q -r /tmp/portal-lock/requirements.txt
	(echo "# Pinned by 'make lock' from pyproject.toml; 'make' installs exactly these."; \
		/tmp/portal-lock/bin/pip freeze | sort -f) > requirements.lock

# Refresh the catalogues from the code (needs GNU gettext): translate the new vi and ru entries,
# then compile. English is the source language: its catalogue is the msgids themselves (msgen).
EN_CATALOGUE := news/locale/en/LC_MESSAGES/django.po
messages: install
	$(MANAGE) makemessages -l vi -l ru -l en --no-obsolete -i ".venv/*" -i "tests/*" -i "news/migrations/*" \
		-i "staticfiles/*" -i "bench/*"
	msgattrib --clear-fuzzy --empty -o $(EN_CATALOGUE).new $(EN_CATALOGUE)
	msgen -o $(EN_CATALOGUE) $(EN_CATALOGUE).new && rm $(EN_CATALOGUE).new
	$(MANAGE) compilemessages -i ".venv"

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles .pytest_cache

# Time the photo renditions (news/images.py) against a naive Pillow pipeline, then a 60-photo "Add photos"
# upload and the task workers that make its renditions (bench/uploads.py): docs/PERFORMANCE.md.
.PHONY: bench-images
bench-images: install
	$(BIN)/python bench/images.py
	$(BIN)/python bench/uploads.py

# Back up the database, MEDIA_ROOT and a manifest into backups/<YYYYMMDD-HHMMSS>/ (OUTPUT=DIR for elsewhere);
# restore one into an empty database and media folder. Both use the real environment (.env, DATABASE_URL,
# MEDIA_ROOT), as `serve` does: DEBUG is not forced, so a shell without the production settings stops
# with an error instead of working on the development SQLite. On a development machine: DEBUG=true.
.PHONY: backup restore
backup: install
	$(BIN)/python manage.py backup_portal $(if $(OUTPUT),--output "$(OUTPUT)")

restore: install
	@if [ -z "$(BACKUP)" ]; then echo "usage: make restore BACKUP=backups/YYYYMMDD-HHMMSS" >&2; exit 2; fi
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py restore_portal "$(BACKUP)"

# Serve a 50,000-article PostgreSQL portal (portal_bench on 127.0.0.1:5432, built once by bench/data.py) with
# gunicorn, load it (wrk if installed, else a Python generator) with caching off and on, soak it, measure each
# reader page's CPU per request at 5,000, 50,000 and 250,000 articles (portal_bench_5k, portal_bench_250k, built
# once too), and stop its database and cache on private servers (bench/faults.py): docs/PERFORMANCE.md,
# "Serving". Fails on a soak or fault failure; the speed and growth targets are reported. BENCH_ARGS passes
# options, e.g. BENCH_ARGS="--load python" or BENCH_ARGS="--skip-sizes".
.PHONY: bench
bench: install
	$(BIN)/python bench/run.py $(BENCH_ARGS)
