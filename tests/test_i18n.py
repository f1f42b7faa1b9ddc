"""The Chinese catalogue is complete, and its placeholders match the English source."""

import re
from pathlib import Path

import polib

PO = Path(__file__).resolve().parents[1] / "src/npgov/locale/zh_Hans/LC_MESSAGES/django.po"
PLACEHOLDER = re.compile(r"\{[^}]*\}|%\([a-z_]+\)[sd]|%s")


def test_catalogue_has_no_untranslated_or_fuzzy_entries():
    po = polib.pofile(str(PO))
    assert [e.msgid for e in po.untranslated_entries()] == []
    assert [e.msgid for e in po.fuzzy_entries()] == []


def test_placeholders_survive_translation():
    for entry in polib.pofile(str(PO)):
        if entry.msgid_plural:
            assert set(PLACEHOLDER.findall(entry.msgid_plural)) == set(
                PLACEHOLDER.findall(entry.msgstr_plural[0])
            ), entry.msgid
        else:
            assert set(PLACEHOLDER.findall(entry.msgid)) == set(
                PLACEHOLDER.findall(entry.msgstr)
            ), entry.msgid
