"""The Traditional Chinese catalogue is complete and its compiled .mo matches the .po (nothing compiles at install)."""

from __future__ import annotations

import ast
import gettext
import re
from pathlib import Path

from django.conf import settings

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "zh_Hant" / "LC_MESSAGES"


def read_po(path: Path) -> list[dict[str, object]]:
    """Entries of a .po file: msgctxt, msgid, msgid_plural, msgstr(s) and flags."""
    entries: list[dict[str, object]] = []
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        entry: dict[str, object] = {"flags": [], "msgstr": []}
        field = None
        for line in block.splitlines():
            if line.startswith("#,"):
                entry["flags"] = [f.strip() for f in line[2:].split(",")]
            elif line.startswith("#"):
                continue
            elif line.startswith('"'):
                value = ast.literal_eval(line)
                if field == "msgstr":
                    entry["msgstr"][-1] += value  # type: ignore[index]
                else:
                    entry[field] += value  # type: ignore[operator]
            else:
                keyword, _, rest = line.partition(" ")
                value = ast.literal_eval(rest)
                if keyword.startswith("msgstr"):
                    field = "msgstr"
                    entry["msgstr"].append(value)  # type: ignore[union-attr]
                else:
                    field = keyword
                    entry[keyword] = value
        if "msgid" in entry:
            entries.append(entry)
    return entries


def test_every_message_is_translated_and_none_is_fuzzy():
    entries = [e for e in read_po(CATALOGUE / "django.po") if e["msgid"]]
    assert len(entries) > 800
    untranslated = [e["msgid"] for e in entries if not all(e["msgstr"])]  # type: ignore[arg-type]
    fuzzy = [e["msgid"] for e in entries if "fuzzy" in e["flags"]]  # type: ignore[operator]
    assert untranslated == []
    assert fuzzy == []


def test_compiled_catalogue_matches_the_source():
    with (CATALOGUE / "django.mo").open("rb") as fh:
        compiled = gettext.GNUTranslations(fh)
    for entry in read_po(CATALOGUE / "django.po"):
        if not entry["msgid"]:
            continue
        msgid = entry["msgid"]
        if entry.get("msgctxt"):
            got = compiled.pgettext(entry["msgctxt"], msgid)  # type: ignore[arg-type]
        elif entry.get("msgid_plural"):
            got = compiled.ngettext(msgid, entry["msgid_plural"], 1)  # type: ignore[arg-type]
        else:
            got = compiled.gettext(msgid)  # type: ignore[arg-type]
        assert got == entry["msgstr"][0], msgid  # type: ignore[index]


def test_placeholders_survive_translation():
    placeholder = re.compile(r"%\(\w+\)[sd]|%%")
    for entry in read_po(CATALOGUE / "django.po"):
        if not entry["msgid"]:
            continue
        source = sorted(placeholder.findall(entry["msgid"]))  # type: ignore[arg-type]
        translated = sorted(placeholder.findall(entry["msgstr"][0]))  # type: ignore[index]
        assert set(translated) == set(source), entry["msgid"]
