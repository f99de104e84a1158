"""Vietnamese date formats: day first, as every Vietnamese reader writes them.

Django's own ``vi`` locale defines no input formats, so without this module the
admin would read "05/03/2020" as 3 May.
"""

DATE_FORMAT = "d/m/Y"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "d/m/Y H:i"
YEAR_MONTH_FORMAT = "m/Y"
MONTH_DAY_FORMAT = "d/m"
SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
FIRST_DAY_OF_WEEK = 1  # Monday

# The first of each list is also how the admin writes a value back into a field.
DATE_INPUT_FORMATS = [
    "%d/%m/%Y",  # '25/12/2019'
    "%d/%m/%y",  # '25/12/19'
    "%d-%m-%Y",  # '25-12-2019'
    "%d.%m.%Y",  # '25.12.2019'
    "%Y-%m-%d",  # '2019-12-25' (ISO, as browsers and APIs send it)
]
TIME_INPUT_FORMATS = [
    "%H:%M",  # '08:30'
    "%H:%M:%S",  # '08:30:59'
    "%H:%M:%S.%f",  # '08:30:59.000200'
]
DATETIME_INPUT_FORMATS = [
    "%d/%m/%Y %H:%M",  # '25/12/2019 08:30'
    "%d/%m/%Y %H:%M:%S",  # '25/12/2019 08:30:59'
    "%d/%m/%Y %H:%M:%S.%f",
    "%d/%m/%Y",  # '25/12/2019'
    "%d/%m/%y %H:%M",
    "%d/%m/%y",
    "%d-%m-%Y %H:%M",
    "%d.%m.%Y %H:%M",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d",
]
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "."
NUMBER_GROUPING = 3
