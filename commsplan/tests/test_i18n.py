"""The English catalogue is complete and its compiled file is current; dates read one way in
each language."""

from datetime import date, datetime
from pathlib import Path

import polib
import pytest
from django import forms
from django.utils import translation
from django.utils.formats import date_format

CATALOG = Path(__file__).resolve().parents[2] / "locale" / "en" / "LC_MESSAGES" / "django.po"


def test_every_string_has_an_english_translation():
    po = polib.pofile(str(CATALOG))
    assert [e.msgid for e in po.untranslated_entries()] == []
    assert [e.msgid for e in po.fuzzy_entries()] == []


def test_the_compiled_catalogue_matches_its_source():
    po = polib.pofile(str(CATALOG))
    mo = polib.mofile(str(CATALOG.with_suffix(".mo")))
    compiled = {(e.msgctxt, e.msgid): e.msgstr or e.msgstr_plural for e in mo}
    source = {(e.msgctxt, e.msgid): e.msgstr or e.msgstr_plural for e in po.translated_entries()}
    assert compiled == source


def test_english_is_served_from_the_catalogue():
    with translation.override("en"):
        assert translation.gettext("Plan de Comunicaciones") != "Plan de Comunicaciones"
    with translation.override("es-co"):
        assert translation.gettext("Plan de Comunicaciones") == "Plan de Comunicaciones"


# --- dates: one reading in each language -----------------------------------------------------

MOMENT = datetime(2026, 12, 2, 11, 49)


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", ["2 Dec 2026", "2 Dec 2026 11:49", "2 December 2026", "December 2026"]),
        ("es-co", ["02/12/2026", "02/12/2026 11:49", "2 de diciembre de 2026", "diciembre de 2026"]),
    ],
)
def test_dates_read_day_first_in_english_as_in_spanish(language, expected):
    formats = ["SHORT_DATE_FORMAT", "SHORT_DATETIME_FORMAT", "DATE_FORMAT", "YEAR_MONTH_FORMAT"]
    with translation.override(language):
        assert [date_format(MOMENT, name) for name in formats] == expected


@pytest.mark.parametrize("typed", ["02/12/2026", "2026-12-02", "2 Dec 2026"])
def test_an_english_form_reads_a_typed_date_day_first(typed):
    with translation.override("en"):
        assert forms.DateField().clean(typed) == date(2026, 12, 2)
