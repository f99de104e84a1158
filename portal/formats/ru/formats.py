"""Russian UI: Russian readers write 25.12.2019; slashes are accepted too."""

from portal.formats.vi.formats import *  # noqa: F403
from portal.formats.vi.formats import DATE_INPUT_FORMATS, DATETIME_INPUT_FORMATS

DATE_FORMAT = "d.m.Y"
SHORT_DATE_FORMAT = "d.m.Y"
DATETIME_FORMAT = "d.m.Y H:i"
SHORT_DATETIME_FORMAT = "d.m.Y H:i"
DATE_INPUT_FORMATS = ["%d.%m.%Y", *DATE_INPUT_FORMATS]
DATETIME_INPUT_FORMATS = ["%d.%m.%Y %H:%M", "%d.%m.%Y %H:%M:%S", *DATETIME_INPUT_FORMATS]
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "\xa0"
