"""The pages' translation catalogue: Chinese is the source language, English the translation.

Every string a page shows is written in Chinese and passed through ``_`` (templates: ``{{ _("…") }}`` or
``{% trans %}``; Python: ``gettext``). The English comes from the gettext catalogues in ``locale/en/``,
one ``.po`` file per part of the site, read with Babel (no compile step, so an edited catalogue is live
at the next start). ``tests/web/test_i18n.py`` extracts every message and fails on any without English.

The language of a request is chosen once by ``templating.render`` and kept in a context variable, so the
gettext callables installed in Jinja need no request argument.
"""

from __future__ import annotations

from collections.abc import Mapping
from contextvars import ContextVar
from functools import lru_cache
from pathlib import Path
from typing import Literal

from babel.messages.pofile import read_po

Lang = Literal["zh", "en"]
LANGS: tuple[Lang, ...] = ("zh", "en")
LANG_COOKIE = "yinren_lang"
LOCALE_DIR = Path(__file__).parent / "locale"

current_lang: ContextVar[Lang] = ContextVar("current_lang", default="zh")


@lru_cache(maxsize=1)
def catalogue() -> Mapping[str, str]:
    """Chinese message → English, merged from every ``locale/en/*.po``; untranslated entries are left out."""
    merged: dict[str, str] = {}
    for path in sorted((LOCALE_DIR / "en").glob("*.po")):
        with path.open("rb") as handle:
            for message in read_po(handle, locale="en"):
                if message.id and isinstance(message.id, str) and isinstance(message.string, str) and message.string:
                    merged[message.id] = message.string
    return merged


def parse_lang(value: str | None) -> Lang | None:
    if value == "zh":
        return "zh"
    if value == "en":
        return "en"
    return None


def gettext(message: str) -> str:
    """``message`` (Chinese) in the current language; a message missing from the catalogue stays Chinese."""
    if current_lang.get() == "zh":
        return message
    return catalogue().get(message, message)


def ngettext(singular: str, plural: str, count: int) -> str:
    # Chinese has one form; English plurals are written into the Chinese-keyed entries with %(num)s.
    return gettext(singular if count == 1 else plural)


def pick(zh: str | None, en: str | None) -> str:
    """For data that carries both languages (measure names, error messages): the current one."""
    if current_lang.get() == "en" and en:
        return en
    return zh or en or ""
