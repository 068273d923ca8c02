"""English date formats: day, month name and year, as the Spanish pages read them.

Django's own English formats are American (12/31/2027, "11:49 a.m."): next to our day-first
figures a reader cannot tell 02/12/2026 from 12/02/2026. English here names the month
(2 Dec 2026) and keeps the 24-hour clock of Colombian time, so no date reads two ways. What is
not set here (numbers, the first day of the week) stays Django's English.
"""

DATE_FORMAT = "j F Y"  # 2 December 2026
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "j F Y H:i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
SHORT_DATE_FORMAT = "j M Y"  # 2 Dec 2026
SHORT_DATETIME_FORMAT = "j M Y H:i"
# What a person types: ISO first (the date pickers and the admin's widgets write it), then day
# first as in Spanish, never the American month first; and the short date as shown (2 Dec 2026).
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y", "%d %b %Y", "%d %B %Y"]
DATETIME_INPUT_FORMATS = [
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M:%S.%f",
    "%Y-%m-%d %H:%M",
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M:%S.%f",
    "%d/%m/%Y %H:%M",
    "%d/%m/%y %H:%M:%S",
    "%d/%m/%y %H:%M",
    "%d %b %Y %H:%M",
]
