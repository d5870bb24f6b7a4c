"""Province names (pipeline/data/provinces.csv) restored where OCR or a font lost or changed their
marks: "Công an tinh Lam Đồng", "Công an Tính lâm đông" → "Công an tỉnh Lâm Đồng"."""
from __future__ import annotations

import re
from functools import lru_cache

from pipeline.text import fold
from pipeline.vocab import province_rows


def _key(text: str) -> str:
    return " ".join(fold(text).replace("-", " ").split())


@lru_cache(maxsize=1)
def _names() -> tuple[dict[str, str], frozenset[str]]:
    """Folded key → the name as written; and every accepted spelling (names and their variants),
    also in capitals."""
    by_key = {_key(r["name"]): r["name"] for r in province_rows()}
    valid = {r["name"] for r in province_rows()} | {r["also"] for r in province_rows() if r["also"]}
    return by_key, frozenset(valid | {v.upper() for v in valid})


@lru_cache(maxsize=1)
def _levels() -> dict[str, str]:
    return {r["name"]: r["level"] for r in province_rows()}


def level_of(name: str) -> str:
    """The level word before a province's name as the data writes it: "tỉnh" or "thành phố"."""
    return _levels().get(name, "tỉnh")


def _within_one_edit(a: str, b: str) -> bool:
    """Whether *a* becomes *b* by at most one insertion, deletion or substitution (Levenshtein
    distance <= 1), in one pass instead of the whole distance table: "lam dong" / "lam dng"."""
    if len(a) < len(b):
        a, b = b, a
    if len(a) - len(b) > 1:
        return False
    i = 0
    while i < len(b) and a[i] == b[i]:
        i += 1
    if len(a) == len(b):
        return a[i + 1:] == b[i + 1:]  # one substitution at i (or none: i == len)
    return a[i + 1:] == b[i:]  # the longer one's character at i left out


@lru_cache(maxsize=4096)
def province(text: str) -> str | None:
    """The province a name stands for, as written when its spelling is accepted ("Thanh Hoá"), else
    as the data writes it: same letters without or with other marks ("Lâm Đòng"), or, for names of
    seven letters or more, one letter off from exactly one province ("Lâầm Đòng"); None otherwise."""
    text = " ".join(text.split())
    by_key, valid = _names()
    if text in valid:
        return text
    key = _key(text)
    if key in by_key:
        return by_key[key]
    if len(key) >= 7:
        near = [name for k, name in by_key.items() if _within_one_edit(k, key)]
        if len(near) == 1:
            return near[0]
    return None


# A level word as OCR may read it ("tỉnh", "tinh", "Tính", "TỈNH"; "thành phố", "thanh pho"),
# then up to five words of a name ("Bà Rịa - Vũng Tàu").
_LEVEL = re.compile(r"\b(?P<level>t[ỉiíìĩị]nh|th[àa]nh\s+ph[ốo])\s+(?P<rest>\S+(?:\s+\S+){0,4})", re.I)


def fix_place_names(text: str) -> str:
    """*text* (an issuer's name) with the province after its level word restored: the longest run
    of words after "tỉnh"/"thành phố" that names a province is written as the data writes it, and
    the level word with its marks."""
    def repl(m: re.Match[str]) -> str:
        words = m.group("rest").split()
        for n in range(len(words), 0, -1):
            written = " ".join(words[:n]).strip(",;.")
            name = province(written)
            if name:
                level = m.group("level")
                if level.lower() not in ("tỉnh", "thành phố"):
                    level = _cased("tỉnh" if fold(level) == "tinh" else "thành phố", level, m.start() == 0)
                tail = " ".join(words[n:])
                return f"{level} {name.upper() if written.isupper() else name}" + (" " + tail if tail else "")
        return m.group(0)

    return _LEVEL.sub(repl, text)


def _cased(word: str, written: str, first: bool) -> str:
    """*word* in the case of *written*: capitals stay capitals; a capital initial only opens a name."""
    if written.isupper():
        return word.upper()
    return word[:1].upper() + word[1:] if first and written[:1].isupper() else word
