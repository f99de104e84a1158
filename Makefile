# Portal: `make run` serves the portal with demo content; `make test` runs every check.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MANAGE := DEBUG=true $(BIN)/python manage.py
HOST ?= 127.0.0.1:8000

.PHONY: install run test lint serve lock messages clean

install: $(VENV)/.installed

$(VENV)/.installed: requirements.lock
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -r requirements.lock
	touch $@

run: install
	$(MANAGE) migrate --noinput
	$(MANAGE) load_demo
	$(MANAGE) runserver $(HOST)

# SQLite always; PostgreSQL too when TEST_DATABASE_URL points at one.
test: install lint
	$(MANAGE) makemigrations --check --dry-run
	env -u TEST_DATABASE_URL $(BIN)/pytest
	@if [ -n "$$TEST_DATABASE_URL" ]; then \
		echo "== again on $${TEST_DATABASE_URL%%@*}@… (PostgreSQL)"; \
		$(BIN)/pytest; \
	else \
		echo "== TEST_DATABASE_URL is not set: PostgreSQL run skipped"; \
	fi

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

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
	msgen -o $(EN_CATALOGUE).new $(EN_CATALOGUE) && mv $(EN_CATALOGUE).new $(EN_CATALOGUE)
	$(MANAGE) compilemessages -i ".venv"

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles .pytest_cache

# Time the photo renditions (news/images.py) against a naive Pillow pipeline: docs/PERFORMANCE.md.
.PHONY: bench-images
bench-images: install
	$(BIN)/python bench/images.py
