"""Periods and dates as a Colombian public servant writes them."""

from datetime import date

from django.utils import translation
from django.utils.formats import date_format

from indicators.enums import PeriodType
from indicators.periods import period_label


def test_a_month_is_named_in_lower_case():
    assert period_label(PeriodType.MONTH, date(2026, 4, 1)) == "abril de 2026"


def test_a_quarter_is_named_in_roman_numerals():
    assert [period_label(PeriodType.QUARTER, date(2026, month, 1)) for month in (1, 4, 7, 10)] == [
        "I trimestre de 2026",
        "II trimestre de 2026",
        "III trimestre de 2026",
        "IV trimestre de 2026",
    ]


def test_a_date_keeps_its_month_in_lower_case_in_spanish_only():
    with translation.override("es-co"):
        assert date_format(date(2027, 1, 5), "DATE_FORMAT") == "5 de enero de 2027"
        assert date_format(date(2027, 9, 5), "N") == "sep."
    with translation.override("en"):
        assert date_format(date(2027, 1, 5), "DATE_FORMAT") == "5 January 2027"
