"""The English catalogue is complete and its compiled file is current."""

from pathlib import Path

import polib
from django.utils import translation

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
