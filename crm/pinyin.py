"""Pinyin of customer names, and the one text column the search reads.

Counter staff find 王丽 by typing ``wangli`` or ``wl``. pypinyin gives the
common reading of each character, which is wrong for a number of surnames
(曾 is read ceng, 单 dan, 解 jie ...), so the first character of a name, or
its first two for a compound surname, is looked up in a table first.

Speed matters: the demo generator and the importer call :func:`name_pinyin`
for 100,000 names. Readings are cached per character; pypinyin's phrase
lookup (which reads 长江 as changjiang) is only asked for given names that
contain a character with more than one reading and a phrase of its
dictionary, and cached per given name.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache

# Surnames pypinyin (0.55) reads with the common reading of the character.
# Only characters whose toneless reading differs are listed: 华 hua, 任 ren,
# 燕 yan already come out right. A single 尉 is read wei as a surname (尉缭);
# only the compound 尉迟 is yuchi.
SURNAME_READINGS: dict[str, str] = {
    "曾": "zeng",
    "单": "shan",
    "解": "xie",
    "仇": "qiu",
    "覃": "qin",
    "区": "ou",
    "查": "zha",
    "朴": "piao",
    "乐": "yue",
    "盖": "ge",
    "缪": "miao",
    "种": "chong",
    "翟": "zhai",
    "召": "shao",
    "繁": "po",
    "员": "yun",
    "秘": "bi",
    "句": "gou",
    "卜": "bu",
    "薄": "bo",
    "阚": "kan",
    "隗": "wei",
    "洗": "xian",
    "折": "she",
    "能": "nai",
    "祭": "zhai",
    "颉": "xie",
    "粘": "nian",
    "佴": "nai",
    "都": "du",
    "重": "chong",
    "藏": "zang",
    "适": "kuo",
}

# Compound surnames whose reading differs from their characters' common readings.
COMPOUND_SURNAMES: dict[str, tuple[str, str]] = {
    "单于": ("chan", "yu"),
    "尉迟": ("yu", "chi"),
    "万俟": ("mo", "qi"),
    "澹台": ("tan", "tai"),
    "长孙": ("zhang", "sun"),
    "乐正": ("yue", "zheng"),
}

_HAN = "\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
_RUNS = re.compile(f"([{_HAN}]+)|([a-z0-9]+)")


@cache  # bounded by the number of distinct characters
def _char(ch: str) -> tuple[str, bool]:
    """(common reading, whether the character has more than one toneless reading)."""
    # pypinyin's tables take a quarter of a second to load: only when a name is first read, so
    # the app opens without them (search reads the keys already stored).
    from pypinyin import Style, pinyin

    readings = [r for r in pinyin(ch, style=Style.NORMAL, heteronym=True)[0] if r.isascii() and r]
    if not readings:
        return "", False
    return readings[0], len(set(readings)) > 1


@lru_cache(maxsize=1 << 16)
def _phrase(run: str) -> tuple[str, ...]:
    from pypinyin import Style, lazy_pinyin

    return tuple(r if r.isascii() else "" for r in lazy_pinyin(run, style=Style.NORMAL))


@cache
def _phrase_words() -> tuple[dict, int]:
    """pypinyin's phrase dictionary and its longest phrase's length."""
    from pypinyin.constants import PHRASES_DICT

    return PHRASES_DICT, max(map(len, PHRASES_DICT), default=0)


def _holds_phrase(run: str) -> bool:
    """Whether some part of ``run`` longer than a character is one of pypinyin's phrases.
    pypinyin cuts a run into its phrases and single characters, and reads a single one as
    :func:`_char` does: a run with no phrase in it reads character by character."""
    phrases, longest = _phrase_words()
    size = len(run)
    return any(
        run[start:end] in phrases
        for start in range(size - 1)
        for end in range(start + 2, min(size, start + longest) + 1)
    )


def _han_run(run: str, out: list[str]) -> None:
    """The syllables of a run of Chinese characters, added to ``out``."""
    if len(run) == 1:
        out.append(_char(run)[0])
        return
    readings = [_char(ch) for ch in run]
    # A phrase may read a character of several readings otherwise (长江 changjiang): asked
    # only then. Half of a shop's names have such a character, one in forty a phrase.
    if (True in [poly for _, poly in readings]) and _holds_phrase(run):
        out.extend(_phrase(run))
    else:
        out.extend([reading for reading, _ in readings])


def _syllables(text: str, out: list[str]) -> list[str]:
    """Pinyin syllables of Chinese characters and whole words of anything else, added to
    ``out``; ``out``."""
    for han, word in _RUNS.findall(text):
        if han:
            _han_run(han, out)
        else:
            out.append(word)
    return out


@lru_cache(maxsize=65536)  # a shop's names repeat: an import of 100k rows reads each once
def name_pinyin(name: str) -> tuple[str, str]:
    """(full pinyin, initials) in lowercase without tones or separators:
    ``"王丽"`` → ``("wangli", "wl")``, ``"曾小明"`` → ``("zengxiaoming", "zxm")``.
    Latin words pass through lowercase: ``"Anna Lee"`` → ``("annalee", "al")``."""
    text = unicodedata.normalize("NFKC", name or "").strip().lower()
    if not text:
        return "", ""
    if text[:2] in COMPOUND_SURNAMES:
        syllables = _syllables(text[2:], [*COMPOUND_SURNAMES[text[:2]]])
    elif text[0] in SURNAME_READINGS:
        syllables = _syllables(text[1:], [SURNAME_READINGS[text[0]]])
    else:
        syllables = _syllables(text, [])
    if "" in syllables:
        syllables = [s for s in syllables if s]
    return "".join(syllables), "".join([s[0] for s in syllables])


# --- the search key ---------------------------------------------------------

# Each field of the key is preceded by its own marker, so a LIKE pattern can
# ask for "the phone ends with 5678" ('%5678' + code marker + '%') as well as
# "anything contains it". Markers are control characters: they are removed
# from every value and from every search term, so no term spans two fields.
KEY_FIELDS = ("name", "pinyin", "initials", "phone", "code", "wechat")
MARKERS = {field: chr(1 + i) for i, field in enumerate(KEY_FIELDS)}
KEY_END = chr(1 + len(KEY_FIELDS))
_CONTROL_OR_SPACE = re.compile(r"[\x00-\x20\x7f\s]+")


def clean_term(text: str) -> str:
    """Lowercase, full-width folded, without spaces or control characters:
    how both the key's values and the search terms are compared. Letters and digits already
    in their folded form (most codes, WeChat ids and names) only need lowering: an import
    cleans three values of each of a million rows."""
    if text and text.isalnum() and unicodedata.is_normalized("NFKC", text):
        return text.lower()  # nothing to fold, and no space or control character to remove
    return _CONTROL_OR_SPACE.sub("", unicodedata.normalize("NFKC", text or "").lower())


def search_key(
    name: str,
    phone_e164: str | None,
    code: str | None,
    wechat: str | None,
    reading: tuple[str, str] | None = None,
) -> str:
    """The text stored in ``Customer.search_key``: name, pinyin and initials
    (:func:`name_fields`), then phone digits, code and WeChat id (:func:`contact_fields`),
    lowercase, each after its field marker. ``reading`` is the name's :func:`name_pinyin`
    when the caller keeps them (an import of more names than the cache holds)."""
    return name_fields(name, reading) + contact_fields(phone_e164, code, wechat)


_NAME, _PINYIN, _INITIALS, _PHONE, _CODE, _WECHAT = (MARKERS[f] for f in KEY_FIELDS)


def name_fields(name: str, reading: tuple[str, str] | None = None) -> str:
    """The start of a search key: the name, its pinyin and initials, each after its marker.
    A shop's names repeat: an import makes this once per name."""
    full, initials = reading or name_pinyin(name)
    return f"{_NAME}{clean_term(name)}{_PINYIN}{full}{_INITIALS}{initials}"


def contact_fields(phone_e164: str | None, code: str | None, wechat: str | None) -> str:
    """The rest of a search key: the phone's digits, the code and the WeChat id, each after its
    marker, and the key's end."""
    before, after = contact_parts(phone_e164, wechat)
    return f"{before}{clean_term(code or '')}{after}"


def contact_parts(phone_e164: str | None, wechat: str | None) -> tuple[str, str]:
    """:func:`contact_fields` before and after the code (an import knows a new customer's
    generated code only when it writes them)."""
    from crm.phones import phone_digits

    return (
        f"{_PHONE}{phone_digits(phone_e164)}{_CODE}",
        f"{_WECHAT}{clean_term(wechat) if wechat else ''}{KEY_END}",
    )


def key_fields(key: str) -> dict[str, str]:
    """A stored search key split back into its fields (empty ones for an empty key)."""
    out = dict.fromkeys(KEY_FIELDS, "")
    if not key:
        return out
    bounds = [key.find(MARKERS[f]) for f in KEY_FIELDS] + [key.find(KEY_END)]
    for i, f in enumerate(KEY_FIELDS):
        if bounds[i] >= 0 and bounds[i + 1] > bounds[i]:
            out[f] = key[bounds[i] + 1 : bounds[i + 1]]
    return out
