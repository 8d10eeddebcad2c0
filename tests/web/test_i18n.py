"""Every string a page shows goes through the catalogue, and every message has its English."""

from __future__ import annotations

import re
from pathlib import Path

from babel.messages.extract import extract_from_dir

from yinren.web import i18n
from yinren.web.templating import TEMPLATE_DIR

SRC = Path(__file__).resolve().parents[2] / "src" / "yinren"
CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")
# Names of languages are shown in their own language on the switch.
ALLOWED = {"中文"}
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2)}


def _messages() -> dict[str, str]:
    """message → where it was found, from every template and every Python module of the pages."""
    found: dict[str, str] = {}
    method_map = [
        ("**/templates/**.html", "jinja2.ext:babel_extract"),
        ("**/views.py", "python"),
        ("web/**.py", "python"),
    ]
    options = {"**/templates/**.html": {"extensions": "jinja2.ext.i18n", "trim_blocks": "true"}}
    for filename, lineno, message, _comments, _context in extract_from_dir(
        SRC, method_map=method_map, options_map=options, keywords=KEYWORDS
    ):
        for text in message if isinstance(message, tuple) else (message,):
            if text:
                found.setdefault(text, f"{filename}:{lineno}")
    return found


def test_every_message_has_english() -> None:
    messages = _messages()
    assert len(messages) > 20, "the extractor found too few messages: is the method map right?"
    missing = {text: where for text, where in messages.items() if text not in i18n.catalogue()}
    assert not missing, "messages without English in locale/en/*.po:\n" + "\n".join(
        f"  {where}: {text}" for text, where in sorted(missing.items(), key=lambda item: item[1])
    )


def _untranslated_text(source: str) -> list[str]:
    source = re.sub(r"\{#.*?#\}", "", source, flags=re.S)
    source = re.sub(r"\{%-?\s*trans\b.*?endtrans\s*-?%\}", "", source, flags=re.S)
    source = re.sub(r"""_\(\s*(?:"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')""", "_(", source)
    return [line.strip() for line in source.splitlines() if CJK.search(line) and not _allowed(line)]


def _allowed(line: str) -> bool:
    return all(match in ALLOWED for match in re.findall(r"[\u4e00-\u9fff]+", line)) and not re.search(
        r"[\u3000-\u303f\uff00-\uffef]", line
    )


def test_templates_have_no_chinese_outside_the_catalogue() -> None:
    offenders = []
    for path in sorted(TEMPLATE_DIR.rglob("*.html")):
        offenders += [f"{path.relative_to(TEMPLATE_DIR)}: {line}" for line in _untranslated_text(path.read_text())]
    assert not offenders, "Chinese text outside _() or {% trans %}:\n" + "\n".join(offenders)


def test_the_check_catches_bare_chinese() -> None:
    assert _untranslated_text('<p>{{ _("首页") }}</p>') == []
    assert _untranslated_text("<p>首页</p>") == ["<p>首页</p>"]
    assert _untranslated_text("{% trans %}共 {{ n }} 项{% endtrans %}") == []


def test_english_is_used_when_asked() -> None:
    token = i18n.current_lang.set("en")
    try:
        assert i18n.gettext("首页") == "Home"
        assert i18n.pick("市人社局", "Human Resources Bureau") == "Human Resources Bureau"
    finally:
        i18n.current_lang.reset(token)
    assert i18n.gettext("首页") == "首页"
