import datetime

import pytest
from django.utils import timezone


class Moments:
    """Times relative to now, for visibility tests (as djangoproject.com's blog tests do)."""

    @property
    def now(self):
        return timezone.now()

    @property
    def yesterday(self):
        return self.now - datetime.timedelta(days=1)

    @property
    def tomorrow(self):
        return self.now + datetime.timedelta(days=1)


@pytest.fixture
def moments():
    return Moments()


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache: pages cached by one test must not leak into the next."""
    from django.core.cache import cache

    cache.clear()
    yield
