"""English UI, but dates stay day first: the portal's readers and data are Vietnamese."""

from portal.formats.vi.formats import *  # noqa: F403

DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
