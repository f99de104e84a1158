"""The address a request comes from, as sign-in lockouts (django-axes) count it.

``X-Forwarded-For`` is written by whoever sends the request, so it is believed only as far as
``TRUSTED_PROXY_COUNT`` says: with 0 it is ignored; with N, each of the N trusted proxies appends
the address it received the request from, so the client's address is the N-th entry from the right
and anything to its left is the client's own invention. nginx as the only proxy (README,
"Deploying") overwrites the header with ``$remote_addr``: one entry, N=1.
"""

import ipaddress

from django.conf import settings


def client_ip(request):
    """The client's address: the entry the trusted proxies added to X-Forwarded-For, else REMOTE_ADDR.

    REMOTE_ADDR is also the answer when the header is missing, has fewer entries than there are
    trusted proxies (the request did not come through all of them) or names no valid address.
    """
    remote_addr = request.META.get("REMOTE_ADDR")
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies <= 0:
        return remote_addr
    entries = [entry.strip() for entry in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    entries = [entry for entry in entries if entry]
    if len(entries) < proxies:
        return remote_addr
    try:
        return str(ipaddress.ip_address(entries[-proxies]))
    except ValueError:
        return remote_addr
