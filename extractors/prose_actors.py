"""Who a prose task is given to must be a real actor: an agency the gazetteer knows, an agency
named by its head and its proper name ("Sở Nội vụ", "Công an tỉnh", "Ủy ban nhân dân cấp xã"), a
collective ("Các sở, ban, ngành"), or a named office holder ("Giám đốc Sở Tài chính",
"Chủ tịch UBND các xã"). Heads are matched with their marks: "Số liệu", "Bảo đảm", "Trường hợp",
"Bản sao", "Quy trình" are not "Sở", "Báo", "Trường", "Ban", "Quỹ". A condition ("Trường hợp …",
"Nếu …") or a definition ("… là …") is no actor."""
from __future__ import annotations

import csv
import re
from functools import lru_cache
from importlib import resources

from extractors.agencies import gazetteer_spans
from extractors.agency_ids import name_key
from pipeline.notation.offices import alternation, body_heads, offices

# agency heads, lower case with their marks (name_key); each needs a proper name or a level after it
# (body_heads.csv, use "actor")
_HEADS = body_heads("actor")
_HEAD = re.compile(r"^(?:" + "|".join(sorted(map(re.escape, _HEADS), key=len, reverse=True)) + r")(?=\s|,|$)")
# after a head: a level, a tier or a scope word, which makes it a body ("Công an tỉnh", "UBND cấp xã")
_LEVEL_AFTER = re.compile(r"^\s+(?:tỉnh|thành phố|xã|phường|đặc khu|huyện|quận|thị xã|cấp|nhân dân|các|trung ương|quốc gia|"
                          r"chỉ đạo|quản lý|thường trực|dân tộc|tuyên giáo|tổ chức|kiểm tra|nội chính)\b")
_BARE_OK = {"chính phủ", "thủ tướng chính phủ", "quốc hội", "kiểm toán nhà nước", "vnpt", "viettel", "kbnn", "bhxh",
            "ubnd", "hđnd"}
_COLLECTIVE = re.compile(r"^(?:các|những)\s+(?:sở|bộ|ban|ngành|cơ quan|đơn vị|địa phương|tỉnh|huyện|xã|phường|hội|"
                         r"tổ chức|doanh nghiệp|cơ sở|trường|trung tâm|ủy ban|ubnd|thành viên|đoàn thể)\b|"
                         r"^(?:ủy ban nhân dân|ubnd|chủ tịch ủy ban nhân dân|chủ tịch ubnd)\s+các\b")
_HOLDER = re.compile(r"^(?:" + alternation(offices("actor"), "lower") + r")\b")  # offices.csv, use "actor"
_NOT_A_NAME = re.compile(r"(?:^|[\s(])(?:là|được|đã|sẽ|nếu|khi|thì|phải|cần|đang|bị|không|chưa|mà|để|gửi|ngày|theo|tại|nơi|"
                         r"trong|hằng|hàng|định kỳ|cá nhân|đối với|hoặc|bao gồm)(?=[\s,;:)]|$)")


def task_words(use: str) -> list[str]:
    """The words of data/task_words.csv whose 'ends' hold *use* ("cooperators", "name"), in file order."""
    return [r["word"] for r in _task_word_rows() if use in r["ends"].split()]


@lru_cache(maxsize=1)
def _task_word_rows() -> list[dict[str, str]]:
    text = resources.files("extractors.data").joinpath("task_words.csv").read_text(encoding="utf-8")
    return list(csv.DictReader(ln for ln in text.splitlines() if ln and not ln.startswith("#")))


# words written in lower case after a name that are the start of what it does, not part of it
_VERB_IN_NAME = re.compile(r"\s(?:" + "|".join(map(re.escape, task_words("name"))) + r")(?=[\s,;:]|$)")
# how a name may end when its last word is in lower case ("UBND cấp xã", "các đơn vị có liên quan")
_NAME_END = re.compile(r"(?:tỉnh|thành phố|xã|phường|đặc khu|huyện|quận|thị trấn|thị xã|trung ương|liên quan|cơ quan|đơn vị|"
                       r"ngành|địa phương|đoàn thể|xã hội|công lập|nhà nước|bộ|sở|ban|cấp|thuộc|khác|thành viên|hội|"
                       r"doanh nghiệp|tổ chức|cơ sở|lĩnh vực|chuyên môn|dữ liệu|chủ quản|quốc gia|nhân dân|phố|báo chí|truyền thông|công ty|tập đoàn)$")
# a collective of generic words only ("Các cơ quan, tổ chức", "Các đơn vị") names nobody in particular
_GENERIC_WORDS = {"các", "những", "cơ", "quan", "tổ", "chức", "đơn", "vị", "sở", "doanh", "nghiệp", "liên", "có", "khác",
                  "và", "cá", "nhân"}
_CONDITION = re.compile(r"^(?:trường hợp|trong trường hợp|nếu|khi|sau khi|trước khi|trừ trường hợp|đối với trường hợp)\b")


def is_plain_subject(subject: str) -> bool:
    """The words before the verb name actors and nothing else: no condition or definition ("khi
    được giao", "mà Nhà nước nắm giữ"), no individuals ("tổ chức, cá nhân"), no time."""
    return _NOT_A_NAME.search(name_key(subject)) is None and _VERB_IN_NAME.search(subject) is None


def opens_with_actor(text: str) -> bool:
    """Whether *text* opens with an agency's head word, marks kept ("Sở Lao động …", "Ủy ban nhân
    dân cấp huyện, xã: …", "Các sở, ngành …"), not "Số liệu" or "Bảo đảm"."""
    key = name_key(text)
    return (_HEAD.match(key) is not None and text[:1].isupper()) or _COLLECTIVE.match(key) is not None


def is_condition(sentence: str) -> bool:
    """A sentence that sets a condition ("Trường hợp cần thiết, …", "Nếu …") assigns no work."""
    return _CONDITION.match(name_key(sentence)) is not None


def _named_body(key: str, written: str) -> bool:
    """A head followed by a proper name ("Sở Tài chính") or a level word ("Công an tỉnh")."""
    m = _HEAD.match(key)
    if not m:
        return False
    rest_key, rest = key[m.end():], written[m.end():]
    if not rest_key.strip(" ,"):
        return m.group(0) in _BARE_OK
    if rest_key.startswith(" và "):  # "Báo và Phát thanh, Truyền hình tỉnh"
        rest = rest[4:]
    first = rest.lstrip(" ,")[:1]
    return first.isupper() or _LEVEL_AFTER.match(rest_key) is not None


def _last_word_ends_name(name: str, key: str) -> bool:
    """Whether *name* (*key*: its name_key) ends as a name ends: a capital or a digit, or a word a
    name may end with in lower case (_NAME_END: "cấp xã", "có liên quan")."""
    last = name.rstrip(" .,;)").split()[-1] if name.rstrip(" .,;)") else ""
    return bool(last) and (last[:1].isupper() or last[:1].isdigit() or _NAME_END.search(key.rstrip(" .,;)")) is not None)


_SHORT_NAME = 8  # words: a list part this short that holds no verb is a name, whatever its last word


def ends_as_name(name: str) -> bool:
    """A cooperating agency as written ends as a name and holds no verb ("Sở Tư pháp", "các sở,
    ngành có liên quan"; not "… có văn bản góp ý gửi trực tiếp", "… lập")."""
    spans = gazetteer_spans(name)
    if spans and spans[-1][1] == len(name.rstrip(" .,;")):
        return True  # a name the gazetteer knows ends it ("Bộ Ngoại giao": no verb "giao")
    if _VERB_IN_NAME.search(name):
        return False
    words = name.rstrip(" .,;)").split()
    if len(words) <= _SHORT_NAME or _last_word_ends_name(name, name_key(name)):
        return True  # short ("cơ sở giam giữ phạm nhân"), or ending as names end
    capital = max((k for k, w in enumerate(words) if w[:1].isupper() or w[:1].isdigit()), default=None)
    return capital is not None and len(words) - 1 - capital <= 2  # a proper name's lower-case syllables: "Kiểm lâm"


def is_actor(lead: str) -> bool:
    """Whether *lead* names a real actor (see the module's docstring)."""
    key = name_key(lead)
    if not key or _NOT_A_NAME.search(key) or _VERB_IN_NAME.search(lead) or _CONDITION.match(key) or len(key.split()) > 25:
        return False
    if ":" in lead or lead.count("(") != lead.count(")"):
        return False  # a heading ("Hội …: Quá thời gian"), a recipient ("Chủ tịch UBND tỉnh (để báo cáo)")
    spans = gazetteer_spans(lead)
    if spans and spans[0] == (0, len(lead.rstrip())):
        return True  # a name the gazetteer knows, whole
    if not _last_word_ends_name(lead, key):
        return False  # the name runs into what follows it: "… lập", "… ngoài việc", "… công bố và"
    if spans and spans[0][0] == 0:  # a known name, then more: a list, not what it does ("… Phối hợp với …")
        return re.search(_VERB_IN_NAME.pattern, lead[spans[0][1]:], re.I) is None
    if _COLLECTIVE.match(key):
        return not set(re.findall(r"\w+", key)) <= _GENERIC_WORDS
    holder = _HOLDER.match(key)
    if holder:
        rest = lead[holder.end():].lstrip(" ,/")  # "Giám đốc/Thủ trưởng các sở"
        return not rest or is_actor(rest) or _COLLECTIVE.match(name_key(rest)) is not None or rest[:1].isupper()
    return _named_body(key, lead)
