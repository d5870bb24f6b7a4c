"""Who cooperates on a prose task: the agencies after "phối hợp (với|cùng)" up to the verb that
says what is done ("phối hợp với Sở Tư pháp và các sở, ngành có liên quan nghiên cứu, tham gia ý
kiến …" → "Sở Tư pháp", "các sở, ngành có liên quan"), or after a bare "phối hợp" when an agency
follows it ("chủ trì, phối hợp các sở, ban, ngành"). A part that does not end as a name ends
("… có văn bản góp ý gửi trực tiếp") is left out with what follows it: none rather than a wrong one."""
from __future__ import annotations

import re

from extractors.agencies import split_agencies
from extractors.prose_actors import ends_as_name, opens_with_actor, task_words

# "phối hợp (chặt chẽ) với|cùng", or a bare "phối hợp" (then an agency must follow), on the folded text
_COOP = re.compile(r"\bphoi hop(?: chat che| thuong xuyen| tot)?(?P<with> voi| cung)?\s+")
# where the cooperating agencies end: a verb that says what is done, a purpose or a circumstance;
# matched with the marks ("làm" is no "lâm", "về" no "vệ", "tại" no "tài"), on the lower-case text
_STOP = re.compile(r"\s+(?:" + "|".join(map(re.escape, task_words("cooperators"))) + r")(?=[\s,;.:]|$)|[;.:]|$")  # data/task_words.csv
# "các cơ quan, tổ chức", "cơ quan chủ trì": a verb's words used as a noun, not the verb that ends the list
_NOUN_BEFORE = re.compile(r"(?:cơ quan|đơn vị|các|,)\s*$")
_NOUN_VERBS = frozenset({"tổ chức", "chủ trì", "thực hiện", "xây dựng", "quản lý"})
_PROCESS_BEFORE = re.compile(r"(?:chương|quy|tờ|lộ|tiến|quá)$")


def _end(sentence: str, start: int) -> int:
    """Where the cooperating agencies that start at *start* end; a capital opens a word of a name
    ("Ban Chỉ đạo", "Sở Xây dựng"), not the verb after the names."""
    lower = sentence.lower()
    for m in _STOP.finditer(lower, start):
        word = m.group(0).strip()
        if word and sentence[m.end() - len(word)].isupper():
            continue
        if word in _NOUN_VERBS and _NOUN_BEFORE.search(lower[max(start, m.start() - 12):m.start()]):
            continue
        if word == "trình" and _PROCESS_BEFORE.search(lower, 0, m.start()):
            continue  # "chương trình", "quy trình", "lộ trình": nouns
        return m.start()
    return len(sentence)


def cooperating(sentence: str, folded: str) -> list[str]:
    """The agencies a prose sentence (*folded*: its fold, char for char) says cooperate, as written."""
    m = _COOP.search(folded)
    if m is None:
        return []
    start = m.end()
    if not m.group("with") and not opens_with_actor(sentence[start:]):
        return []  # "phối hợp tổ chức …", "phối hợp chặt chẽ": no agency after it
    out: list[str] = []
    for part in split_agencies([sentence[start:_end(sentence, start)]]):
        if not ends_as_name(part):
            break
        out.append(part)
    return out
