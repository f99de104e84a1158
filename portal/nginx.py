"""Print the nginx configuration for the portal, from deploy/nginx/portal.conf.template.

    python -m portal.nginx --upstream 127.0.0.1:8000 --media-root /srv/portal/media \\
        --static-root /srv/portal/staticfiles > /etc/nginx/snippets/portal.conf

The README shows what it prints with the defaults, and the test suite runs a real nginx on it
(tests/test_nginx.py): one template, so the documented configuration is the tested one.
"""

import argparse
import re
from pathlib import Path

from news.uploads import UPLOAD_PAGES

TEMPLATE = Path(__file__).resolve().parent.parent / "deploy" / "nginx" / "portal.conf.template"
DEFAULTS = {
    "upstream": "127.0.0.1:8000",
    "media_root": "/srv/portal/media",
    "static_root": "/srv/portal/staticfiles",
    "accel_prefix": "/protected-media/",
}
PLACEHOLDER = re.compile(r"@([A-Z_]+)@")


def render(**values):
    """The configuration with DEFAULTS overridden by `values` (upstream, media_root, static_root, accel_prefix).

    Folders lose a trailing slash (the template adds it, as alias needs); the prefix must be
    the portal's PORTAL_MEDIA_ACCEL_REDIRECT, slashes included.
    """
    unknown = values.keys() - DEFAULTS.keys()
    if unknown:
        raise TypeError(f"unknown values: {', '.join(sorted(unknown))}")
    values = DEFAULTS | values
    for folder in ("media_root", "static_root"):
        values[folder] = str(values[folder]).rstrip("/")
    prefix = values["accel_prefix"]
    if not (prefix.startswith("/") and prefix.endswith("/")):
        raise ValueError(f"the X-Accel-Redirect prefix must start and end with '/': {prefix!r}")
    values["upload_pages"] = UPLOAD_PAGES
    return PLACEHOLDER.sub(lambda match: str(values[match.group(1).lower()]), TEMPLATE.read_text())


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m portal.nginx", description=__doc__.split("\n")[0])
    for name, default in DEFAULTS.items():
        parser.add_argument("--" + name.replace("_", "-"), default=default, help=f"default: {default}")
    print(render(**vars(parser.parse_args(argv))), end="")


if __name__ == "__main__":
    main()
