"""The languages a contact may speak: a fixed list of codes, each named in the reader's language.

Django's own list of languages (with its translated names) plus a few spoken by the office's
partners that Django does not ship. Codes are lower case (``zh-hant``); a regional or older
spelling that Django knows (``zh-TW``, ``zh_hant``) is read as the listed code it stands for.
"""

from __future__ import annotations

import functools

from django.conf.locale import LANG_INFO
from django.utils.translation import gettext_lazy as _

EXTRA_LANGUAGES = {
    "am": _("Amharic"),
    "fil": _("Filipino"),
    "ha": _("Hausa"),
    "lo": _("Lao"),
    "ps": _("Pashto"),
    "si": _("Sinhala"),
    "xh": _("Xhosa"),
    "yo": _("Yoruba"),
    "zu": _("Zulu"),
}


@functools.cache
def known_language_codes() -> frozenset[str]:
    codes = {code for code, info in LANG_INFO.items() if "fallback" not in info}
    return frozenset(codes | set(EXTRA_LANGUAGES))


def language_name(code: str) -> str:
    """The language's name in the active language (its code when unknown)."""
    if code in EXTRA_LANGUAGES:
        return str(EXTRA_LANGUAGES[code])
    info = LANG_INFO.get(code)
    if info is None or "name" not in info:
        return code
    # Django's own catalogue names its languages (marked there with gettext_noop).
    return str(_(info["name"]))


def language_choices() -> list[tuple[str, str]]:
    """(code, "Name (code)") for every known language, ordered by name in the active language."""
    rows = [(code, f"{language_name(code)} ({code})") for code in known_language_codes()]
    return sorted(rows, key=lambda row: row[1].casefold())


def canonical_language(value: str) -> str | None:
    """The listed code ``value`` stands for (``zh-TW`` → ``zh-hant``), or None when it is none."""
    code = value.strip().lower().replace("_", "-")
    if code in known_language_codes():
        return code
    fallback = LANG_INFO.get(code, {}).get("fallback")
    if fallback and fallback[0] in known_language_codes():
        return str(fallback[0])
    return None
