"""Answers about the running portal rather than its content: the load balancer's health check, the
benchmark's trivial view, and the error page that says "try again shortly" while the database is down."""

import secrets
import sys

from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import HttpResponse, JsonResponse
from django.template import loader
from django.views import defaults
from django.views.decorators.cache import never_cache

from news.directory import directory_answers


def server_error(request):
    """A database that is down is a 503 ("try again shortly"), not a 500; everything else is a 500."""
    if isinstance(sys.exc_info()[1], DatabaseError):
        response = HttpResponse(loader.render_to_string("503.html"), status=503)
        response["Retry-After"] = "30"
        return response
    return defaults.server_error(request)


@login_not_required
@never_cache
def ping(request):
    """The cheapest possible answer: the benchmark's yardstick for what the framework itself costs."""
    return HttpResponse("ok", content_type="text/plain")


@login_not_required
@never_cache
def healthz(request):
    """For the load balancer: 200 when the database and the cache answer, 503 otherwise. The company directory
    is reported but never fails the portal: without it only directory sign-ins stop, reading goes on."""
    checks = {"database": database_answers(), "cache": cache_answers()}
    healthy = all(checks.values())
    body = {"status": "ok" if healthy else "error"} | {k: "ok" if v else "unavailable" for k, v in checks.items()}
    directory = directory_answers()
    if directory is not None:
        body["directory"] = "ok" if directory else "unavailable"
    return JsonResponse(body, status=200 if healthy else 503)


def database_answers():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return False
    return True


def cache_answers():
    token = secrets.token_hex(8)
    cache.set("healthz", token, 10)  # the portal's cache swallows errors: a miss means it is down
    return cache.get("healthz") == token
