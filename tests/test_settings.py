import datetime
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django import forms
from django.conf import settings
from django.utils import formats, translation

ROOT = Path(__file__).resolve().parent.parent


def run_settings(**env):
    """Import the project's settings in a fresh interpreter with the given environment."""
    environment = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "DEBUG", "DJANGO_SETTINGS_MODULE")}
    environment.update(env)
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import portal.settings as s; print(s.LANGUAGE_CODE, s.TIME_ZONE, s.DATABASES['default']['ENGINE'])",
        ],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
    )


def test_refuses_to_start_without_a_secret_when_debug_is_off():
    result = run_settings(DEBUG="false")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_refuses_the_development_secret_in_production():
    result = run_settings(DEBUG="false", SECRET_KEY="django-insecure-portal-development-only")
    assert result.returncode != 0


def test_development_defaults_vietnamese_ho_chi_minh_and_sqlite():
    result = run_settings(DEBUG="true")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["vi", "Asia/Ho_Chi_Minh", "django.db.backends.sqlite3"]


def test_database_url_is_read_from_the_environment():
    result = run_settings(SECRET_KEY="x" * 50, DATABASE_URL="postgres://u:p@db.example:5432/portal")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[-1] == "django.db.backends.postgresql"


def test_project_defaults():
    assert settings.LANGUAGE_CODE == "vi"
    assert settings.TIME_ZONE == "Asia/Ho_Chi_Minh"
    assert settings.USE_TZ


@pytest.mark.parametrize("language", ["vi", "en", "ru"])
@pytest.mark.parametrize(
    ("typed", "expected"),
    [("25/12/2019", datetime.date(2019, 12, 25)), ("05/03/2020", datetime.date(2020, 3, 5))],
)
def test_dates_are_read_day_first(language, typed, expected):
    with translation.override(language):
        assert forms.DateField().clean(typed) == expected


def test_date_times_are_read_day_first_in_local_time():
    with translation.override("vi"):
        value = forms.DateTimeField().clean("25/12/2019 08:30")
    local = value.astimezone(datetime.timezone(datetime.timedelta(hours=7)))
    assert (local.year, local.month, local.day, local.hour, local.minute) == (2019, 12, 25, 8, 30)


def test_dates_display_day_first_in_vietnamese():
    with translation.override("vi"):
        assert formats.date_format(datetime.date(2019, 12, 30), "SHORT_DATE_FORMAT") == "30/12/2019"
        assert formats.date_format(datetime.date(2019, 12, 30)) == "30/12/2019"
        assert formats.localize_input(datetime.date(2019, 12, 30)) == "30/12/2019"
