"""Legal references: every cited document, one entry per mention, in document order.

Numbered mentions ("Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính phủ về …", "số 49-KH/TU"
inside a list) and laws cited by name ("Luật Tổ chức chính quyền địa phương ngày 19 tháng 6
năm 2015", with the laws nested in an amending law's name) are found per structure node; each
carries its node, span, relation and the id of its target in the citation graph.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Iterator

from extractors.context import header_nodes
from extractors.keywords import has_odd_case, occurrences, required_words
from extractors.windows import by_window
from pipeline.legal import (
    BLANK_NUMBER_RE,
    NUMBER,
    PARTY_NUMBER,
    STATE_NUMBER,
    canonical_id,
    issuer_from_number,
    normalize_number,
    number_parts,
    parse_date,
    type_from_number,
)
from pipeline.legal.numbers import number_key
from pipeline.identity import document_id, is_blank
from pipeline.model import Document, Node, NodeKind, Reference, WarningCode
from pipeline.segment.header import resolve_local_issuer
from pipeline.notation.markers import ATTACHED_NOTE, NUMBER_LINE
from pipeline.notation.offices import alternation, doc_type_words, first_words, offices
from pipeline.text import clean_space, fold, slug
from pipeline.vocab import doc_type_names, issuer_heads, issuer_rows, law_name_rows, law_rows

_TYPES = [t for t in doc_type_names() if t not in ("Luật", "Công văn")] + ["Bộ luật", "Luật", "Công văn", "Văn bản"]
TYPE_ALT = "|".join(sorted((re.escape(t) for t in _TYPES), key=len, reverse=True))
# The words just before a number: "Nghị định số", "các Nghị định của Chính phủ: số", "Kế hoạch số:", "số";
# in a table row the type may stand in the cell before the number's ("Luật | Số 74/2014/QH13").
_BEFORE = re.compile(
    rf"(?:(?P<type>(?<![\w])(?:{TYPE_ALT}))(?:\s+(?:liên\s+tịch|hợp\s+nhất))?"
    rf"(?P<of>\s+của\s+[^:;.()]{{2,80}}?:)?\s*(?:\|\s*)?)?(?P<so>\bs[ốóôồổọộ]\s*:?\s*)?$",  # "só", "sô": OCR's "số"
    re.I,
)
# "Mẫu số …", "Biểu số …", "Phụ lục số …": forms and annexes are numbered like documents
_FORM_BEFORE = re.compile(r"\b(?:[Mm]ẫu|[Bb]iểu(?:\s+mẫu)?|[Pp]hụ\s+lục)\s*$")
# case-insensitive: "số 12/qđ-ubnd" is written too; a lower-case symbol counts only after "số" or a type word
# (the pattern as read; references_in scans with _NUMBER_SCAN below, which tests/test_keywords.py checks against it)
_NUMBER_RE = re.compile(rf"(?<![\w/.-]){NUMBER}(?![\w/])", re.I)


def _digit_first(number: str) -> str:
    """A number pattern opening with "\\d{1,5}" as "\\d{0,4}", for a pattern whose first digit stands apart."""
    assert number.startswith(r"\d{1,5}"), number
    return r"\d{0,4}" + number[len(r"\d{1,5}"):]


# _NUMBER_RE opening with its first digit, the lookbehind checking the character before it: the same
# matches, but re skips to the next digit fast where _NUMBER_RE tries its lookbehind at every offset
_NUMBER_SCAN = re.compile(rf"\d(?<![\w/.-]\d)(?:{_digit_first(PARTY_NUMBER)}|{_digit_first(STATE_NUMBER)})(?![\w/])", re.I)
_DATE_AFTER = re.compile(
    r"^\s*,?\s*(?:được\s+)?(?:ban\s+hành\s+)?(?:ngày|ngay)\s*(?P<date>\d{1,2}\s*(?:/|-|\.|tháng)\s*\d{1,2}\s*(?:/|-|\.|năm)\s*\d{4})",
    re.I,
)
_OF_AFTER = re.compile(r"^\s*,?\s*(?:của\s+)(?P<issuer>[^,;:.()\"“”|]+)", re.I)
_BARE_ISSUER_AFTER = re.compile(r"^\s+(?P<issuer>(?:UBND|Ủy\s+ban\s+nhân\s+dân|HĐND|Hội\s+đồng\s+nhân\s+dân)\s+(?:tỉnh|thành\s+phố)(?:\s+[A-ZĐ]\w*)*)")
_ISSUER_STOP = re.compile(
    r"\s+(?:về|và|đã|quy\s+định|ban\s+hành|hướng\s+dẫn|phê\s+duyệt|tại|theo|trong|nhằm|triển\s+khai|"
    r"thực\s+hiện|sửa\s+đổi|bổ\s+sung|bãi\s+bỏ|thay\s+thế|khóa|khoá|nhiệm\s+kỳ|đến|trên|giai\s+đoạn|"
    r"Đảng\s+khóa|Đảng\s+khoá|số|ngày|năm|cho|với|để|là|được)\b.*$"
)
_TITLE_AFTER = re.compile(r"^\s*,?\s*(?:về\s+việc|về|V/v|quy\s+định\s+về\s+việc|quy\s+định)\s+(?P<title>.+)$", re.I)
# After the issuer, a subject may open with the act's own verb, which belongs to its title ("… của
# Chính phủ quy định chi tiết một số điều của Luật …", "… của UBND tỉnh ban hành Kế hoạch …");
# no comma before it: "… của UBND tỉnh, phê duyệt …" is the citing sentence going on.
_VERBAL_TITLE_AFTER = re.compile(
    r"^\s+(?!(?:quy\s+định\s+)?về\s+việc\b)(?P<title>(?:quy\s+định|ban\s+hành|phê\s+duyệt|hướng\s+dẫn|"
    r"sửa\s+đổi,?|bổ\s+sung|bãi\s+bỏ|thành\s+lập|công\s+bố|kiện\s+toàn)\s+.+)$", re.I | re.S)
# Where a cited title ends: a stop, another document (its type's first word, doc_type_uses.csv, uses
# "cite" and "cite_and"), or its issuer ("… của Ủy ban nhân dân tỉnh").
_CITED = "|".join(first_words(doc_type_words("cite")))
_CITED_AND = "|".join(first_words(doc_type_words("cite") + doc_type_words("cite_and")))
_TITLE_STOP = re.compile(
    rf"(?:;|\s\|\s|\.\s|\.$|\)|,\s*(?:số|{_CITED})\b|\s+và\s+(?:các\s+)?(?:số|{_CITED_AND})\b"
    r"|\s*\((?:sau\s+đây|viết\s+tắt|gọi\s+tắt|gọi\s+là)\b"  # "(viết tắt là Nghị định số …)": the citing text's
    # "… 2021 - 2030 và các văn bản chỉ đạo …", "…, UBND tỉnh Lâm Đồng ban hành Kế hoạch": the citing sentence goes on
    r"|\s+và\s+các\s+văn\s+bản\b|,\s+(?:UBND|Ủy\s+ban|Uỷ\s+ban|HĐND|Hội\s+đồng\s+nhân|Chủ\s+tịch)\b|\s+thì\b|:(?:\s|$)"
    # its history is no part of its title: "… Luật Quản lý thuế được sửa đổi, bổ sung bởi Nghị định số …"
    r"|,?\s+(?:đã\s+)?được\s+(?:sửa\s+đổi|bổ\s+sung|thay\s+thế|đính\s+chính)\b|\s*\((?:đã|được)\s"
    # what the citing text does with it: "… thôn, bản hết hiệu lực kể từ ngày …", "… 2019 - 2023 như sau"
    r"|\s+(?:hết|chấm\s+dứt|có)\s+hiệu\s+lực\b|\s+như\s+sau\b"
    r"|(?P<body>\s+(?:của|tại)\s+(?:Ủy|UBND|HĐND|Hội|Chính|Thủ|Bộ|Tỉnh|Ban|Quốc)))"
)
_PROVISION = re.compile(
    r"((?:(?:các\s+)?điểm\s+[a-zđ](?:\s*,\s*[a-zđ])*(?:\s+và\s+[a-zđ])?\s+)?"
    r"(?:(?:các\s+)?khoản\s+\d+(?:\s*,\s*\d+)*(?:\s+và\s+\d+)?\s+)?"
    r"(?:(?:các\s+|từ\s+)?Điều\s+\d+[a-z]?(?:\s*,\s*\d+[a-z]?)*(?:\s+(?:và|đến)\s+(?:Điều\s+)?\d+[a-z]?)?))\s+(?:của\s+)?$"
)
_LAW = re.compile(r"(?<![\w])(?P<type>Bộ\s+luật|Luật)\s+(?=[A-ZĐ\u00C0-\u00DD\u0102\u01A0\u01AF\u1EA0-\u1EF8]|sửa\s+đổi)")
# Other acts of the Quốc hội and its standing committee cited by name: "Pháp lệnh Ưu đãi người có công
# với cách mạng ngày 09 tháng 12 năm 2020"; "Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam" (its
# full name or its year, or bare in a basis line: "tuân thủ Hiến pháp và pháp luật" names no text).
_ORDINANCE = re.compile(r"(?<![\w])(?P<type>Pháp\s+lệnh)\s+(?=[A-ZĐ\u00C0-\u00DD\u0102\u01A0\u01AF\u1EA0-\u1EF8])")
_CONSTITUTION = re.compile(r"(?<![\w])(?P<type>Hiến\s+pháp)(?P<name>\s+nước\s+Cộng\s+h(?:òa|oà)\s+xã\s+hội\s+chủ\s+nghĩa"
                           r"\s+Việt\s+Nam)?(?:\s+năm\s+(?P<year>(?:19|20)\d\d))?(?![\w])")
_CONSTITUTION_NAME = "nước Cộng hòa xã hội chủ nghĩa Việt Nam"
# the type and issuer of each act cited by name
_NAMED_ACTS = {"Luật": "Quốc hội", "Bộ luật": "Quốc hội", "Hiến pháp": "Quốc hội", "Pháp lệnh": "Ủy ban Thường vụ Quốc hội"}
_LAW_STOP = re.compile(
    r"\s+(?:ngày|số|năm\s+\d{4}|được|đã|theo|của|về|tại|quy\s+định|hiện\s+hành|hướng\s+dẫn|cho|trong|nhằm|để|"
    r"thì|là|có|do|hoặc|các|những|đối\s+với|và|(?:bao\s+)?gồm"
    r"|(?:và\s+)?(?:Điều|Chương|Mục|Phần|Phụ\s+lục)\s+[\dIVXLC]+|(?:19|20)\d\d)\b"
    r"|,\s*(?:Điều|Chương|Mục)\s+[\dIVXLC]+\b|\n\s*[-–+•]"
    r"|,(?!\s+(?!(?:được|đã|các|những|và|hoặc|theo|của|tại|số|ngày|năm|bao|gồm|nhưng)\b)[a-zđà-ỹ])|[;:.()\[\]\"“”|]|\s+(?=(?:Luật|Bộ\s+luật)\s)"
)
# "và" ends a name ("Luật Đất đai và Nghị định …", "Luật Dẫn độ và Điều này") unless the name is one
# of the catalogued names that hold it ("Luật Phí và lệ phí": _known_law_name).
# A comma inside a law's name ("Luật Phòng, chống tham nhũng", "Luật Khám bệnh, chữa bệnh") follows
# a short head and is followed by a lower-case word; otherwise a comma ends the name.
_MAX_HEAD_WORDS_BEFORE_COMMA = 2
_AMEND = re.compile(r"^(?:sửa\s+đổi|Sửa\s+đổi)", re.I)
# What an amending law's name says before the laws it amends: "sửa đổi, bổ sung một số điều (và Phụ
# lục Danh mục chỉ tiêu thống kê quốc gia) của".
_AMENDED_OF = re.compile(r"sửa\s+đổi,?\s+bổ\s+sung\s+(?:một\s+số\s+điều\s+)?"
                         r"(?:và\s+[^;:.()]{1,80}?\s+(?=của\s+(?:Luật|Bộ\s+luật)\s))?(?:của\s+)?", re.I)
_RELATION_VERBS = (
    ("repeals", re.compile(r"bãi\s+bỏ|hủy\s+bỏ|huỷ\s+bỏ|hết\s+hiệu\s+lực", re.I)),
    ("replaces", re.compile(r"thay\s+thế", re.I)),
    ("amends", re.compile(r"sửa\s+đổi|bổ\s+sung|điều\s+chỉnh", re.I)),
    ("implements", re.compile(r"triển\s+khai|thực\s+hiện|hướng\s+dẫn\s+thi\s+hành|quy\s+định\s+chi\s+tiết|cụ\s+thể\s+hóa", re.I)),
)
# each verb pattern with the words one of which its every match holds: a window whose lower case
# has none of them is not scanned by it (keywords.required_words; tests/test_refs2_shortcuts.py)
_RELATION_SCANS = tuple((rel, pattern, required_words(pattern) or frozenset([""])) for rel, pattern in _RELATION_VERBS)


@dataclass
class Context:
    """What the citing document tells about implied issuers."""

    place: str | None
    issuer: str | None
    seen_types: dict[str, str] = field(default_factory=dict)


# The head of an issuer named through its office: "Bộ trưởng Bộ Tài chính" (offices.csv, use "cite").
_OFFICE_BEFORE_ISSUER = re.compile(r"^(?:" + alternation(offices("cite"), "written") + r")\s+(?=[A-ZĐỦ])")
_OFFICE_BEFORE_ISSUER_ANY_CASE = re.compile(_OFFICE_BEFORE_ISSUER.pattern, re.I)  # "BỘ TRƯỞNG BỘ QUỐC PHÒNG"
_OFFICE_ALONE = re.compile(r"(?:" + alternation(offices("cite"), "written") + r")", re.I)


def _issuer_phrase(text: str, ctx: Context) -> str | None:
    """The issuer a phrase after a number names ("của Bộ Tài chính về …" → "Bộ Tài chính"), or None."""
    return _issuer_phrase_in(text, ctx.place)


# A word typed twice ("của Ủy ban nhân dân tỉnh tỉnh ban hành"): once.
_REPEATED_WORD = re.compile(r"\b(\w+)(?:\s+\1)+\b")


@lru_cache(maxsize=2048)  # a phrase runs to the next comma or stop: ~1 MB at most
def _issuer_phrase_in(text: str, place: str | None) -> str | None:
    """_issuer_phrase of the document's province *place*: a pure function of the two strings, asked
    again of each issuer a document or the corpus names often ("của Chính phủ")."""
    phrase = clean_space(text)
    phrase = _REPEATED_WORD.sub(r"\1", phrase[:_issuer_length(phrase, 0, phrase)].strip(" ,"))
    phrase = (_OFFICE_BEFORE_ISSUER_ANY_CASE if phrase.isupper() else _OFFICE_BEFORE_ISSUER).sub("", phrase)
    if _OFFICE_ALONE.fullmatch(phrase):
        return None  # "của Bộ trưởng, Trưởng ban Ban Tổ chức - Cán bộ Chính phủ" cut at its comma: an office, no body
    if not phrase or not (phrase[0].isupper() or phrase.startswith(("UBND", "HĐND"))):
        return None
    if len(phrase.split()) > 10:
        return None
    return _LEVEL_IN_CAPS.sub(lambda m: m.group(1) + " " + m.group(2).lower(), resolve_local_issuer(phrase, place))


# "UBND Tỉnh Hà Tĩnh" from a title in capitals ("CỦA ỦY BAN NHÂN DÂN TỈNH"): the level in lower case
_LEVEL_IN_CAPS = re.compile(r"^(UBND|HĐND) (Tỉnh|Thành [Pp]hố)(?![^\W_])")


# What a number's symbol says, asked of one number up to five times (its type, its issuer, its codes),
# its key and graph id: pure functions of their strings, their answers kept for the process (bounded:
# 4,096 entries each, of short strings but for an unnumbered document's title in its id).
_number_type = lru_cache(maxsize=4096)(type_from_number)
_number_issuer = lru_cache(maxsize=4096)(issuer_from_number)
_number_key = lru_cache(maxsize=4096)(number_key)
_canonical_id = lru_cache(maxsize=4096)(canonical_id)


@lru_cache(maxsize=4096)
def _codes(number: str) -> tuple[str | None, str | None, bool]:
    """(type code, issuer code, party) of number_parts(number), as a tuple nobody can change."""
    parts = number_parts(number)
    return parts.type_code, parts.issuer_code, parts.party


def _implied_issuer(number: str, ctx: Context) -> str | None:
    """Issuer from the symbol, and for local codes (UBND, HĐND, TU) from the citing document's place."""
    named = _number_issuer(number)
    if named:
        return named
    code = (_codes(number)[1] or "").upper()
    if not ctx.place:
        return None
    if code == "UBND":
        if ctx.issuer and ctx.issuer.startswith("UBND"):
            return ctx.issuer
        return f"UBND tỉnh {ctx.place}"
    if code == "HĐND":
        return f"HĐND tỉnh {ctx.place}"
    if code == "TU":
        return f"Tỉnh ủy {ctx.place}"
    return None


# A line that states a basis, wherever the structure put it ("- Căn cứ Quyết định số …" in a
# list, an embedded draft's preamble inside a Tờ trình's attachment).
_BASIS_LINE = re.compile(r"^[\s*_\-–+•]*căn\s+cứ(?![^\W_])", re.I)
# Where a sentence ends inside a basis line: a full stop before a capital, not the dots of a blank
# left in a template ("ngày .... tháng ….. năm 2025").
_BASIS_SENTENCE_END = re.compile(r"(?<![.…])\.\s+(?=[A-ZĐÀ-Ỹ])|\n")


def _in_basis_clause(node: Node, pos: int) -> bool:
    """True when the mention at *pos* sits in a Căn cứ line: a basis node, or the first sentence of
    a line opening with "Căn cứ" ("Căn cứ Luật X; Nghị định Y sửa đổi … Luật Z": all three bases)."""
    if node.kind == NodeKind.BASIS:
        return True
    return bool(_BASIS_LINE.match(node.text)) and not _BASIS_SENTENCE_END.search(node.text, 0, pos)


def _relation(node: Node, window: str, in_header: bool, inherited: str | None = None, pos: int = 0) -> str:
    """The relation of the citing document to a mention: from the node's role, else from the verb
    closest before the mention in its sentence (*window*), else the list head's (*inherited*)."""
    if in_header and NUMBER_LINE.match(node.text) and not _BASIS_LINE.match(node.text):
        return "self"
    if _in_basis_clause(node, pos):
        return "can_cu"
    if ATTACHED_NOTE.match(node.text.strip("*( ")) or ATTACHED_NOTE.match(node.text):
        return "ban_hanh_kem_theo"
    best, best_pos = None, -1
    low, odd = window.lower(), has_odd_case(window)
    for rel, pattern, words in _RELATION_SCANS:
        if not (odd or any(map(low.__contains__, words))):
            continue
        for m in pattern.finditer(window):
            if m.start() > best_pos and _governs(rel, window[m.end():], window[:m.start()]):
                best, best_pos = rel, m.start()
    return best or inherited or "cites"


# A verb governs a mention only when it stands a few words before it ("bãi bỏ Điều 3 của Quyết
# định số …", "triển khai thực hiện có hiệu quả các nội dung của Kế hoạch số …"), not a clause away;
# a verb that changes a text takes it as its object: "điều chỉnh vị trí việc làm theo quy định tại
# Nghị định số …" adjusts the posts, not the decree.
_VERB_REACH_WORDS = 30
_CHANGE_REACH_WORDS = 8
_NOT_OBJECT = re.compile(r"\b(?:theo|căn\s+cứ|về|nhằm|để|quy\s+định\s+tại)\b", re.I)


def _governs(relation: str, gap: str, before: str = "") -> bool:
    """True when a verb of *relation* followed by *gap* governs the mention right after the gap; a
    passive verb ("được sửa đổi, bổ sung bởi …") is the cited text's history, not the citing act.
    A clause opening with the verb reaches a provision further on ("Bãi bỏ điều kiện cấp Giấy phép
    … quy định tại Điều 9 Nghị định 67/2013/NĐ-CP")."""
    words = len(gap.split())
    if relation == "implements":
        return words <= _VERB_REACH_WORDS
    if _PASSIVE.search(before):
        return False
    if (_CLAUSE_OPENING.fullmatch(before) and _AT_PROVISION.search(gap)) or gap.rstrip().endswith(":"):
        return words <= _VERB_REACH_WORDS  # "… sau đây hết hiệu lực …: số 15/2013/NQ-HĐND …"
    core = _PROVISION_WORDS.sub(" ", gap)  # "Bãi bỏ Điều 10, Điều 11, … Điều 14 Thông tư số …"
    return len(core.split()) <= _CHANGE_REACH_WORDS and not _NOT_OBJECT.search(gap)


_PROVISION_WORDS = re.compile(r"\b(?:(?:các\s+)?(?:điểm|khoản|Điều|Chương|Mục)\s+[\w.]+|và|của)\b|,", re.I)
_PASSIVE = re.compile(r"\b(?:được|bị)\s*(?:\S+\s+){0,3}$", re.I)
_CLAUSE_OPENING = re.compile(r"[\s|]*(?:(?:[\dIVX]+|[a-zđ])[.)]\s*)*(?:\d+(?:\.\d+)*\.?\s*)?(?:Nay\s+)?", re.I)
_AT_PROVISION = re.compile(r"\btại\s+(?:(?:điểm|khoản|Điều|Chương|Mục|Phụ\s+lục)\b[^;]*)?(?:của\s+)?$", re.I)
# Words that open the subject of a cited document: what follows belongs to that document's title.
_TITLE_OPENER = re.compile(r"\b(?:về|quy\s+định|hướng\s+dẫn|ban\s+hành|phê\s+duyệt)\b", re.I)
# What opens another document's title or history between two mentions: "… về việc …", "… sửa đổi,
# bổ sung một số điều của …", "… được sửa đổi, bổ sung bởi …".
_NESTED_OPENER = re.compile(_TITLE_OPENER.pattern + r"|\b(?:được|sửa\s+đổi|bổ\s+sung|bãi\s+bỏ|thay\s+thế|thi\s+hành)\b", re.I)
_OWN_RELATIONS = ("can_cu", "self", "ban_hanh_kem_theo")
_ACTS = ("replaces", "repeals", "amends")  # what the citing document does to the very document it names
# The mention follows a list separator: "…; Kế hoạch số …", "… và Kế hoạch số …".
_LIST_GOES_ON = re.compile(r"(?:[;,]|\bvà|\bhoặc)\s*(?:các\s+)?$", re.I)  # "… VÀ QUYẾT ĐỊNH SỐ …" in a title in capitals


def _inherit_nested(refs: list[dict[str, Any]], text: str) -> None:
    """A mention inside the title of the one before it ("Thực hiện Quyết định số X … về việc sửa đổi
    Quyết định số Y"), or listed right after such a one with its type ("… của Luật A, Luật B"), takes
    the outer mention's relation: the verb in the title is X's, not ours; an act on X (replaces,
    repeals, amends) is none on what X's title names, which is only cited."""
    nested: set[int] = set()  # the mentions found inside another's title
    for i, (prev, ref) in enumerate(zip(refs, refs[1:]), 1):
        if ref["relation"] in _OWN_RELATIONS or prev["relation"] in ("self", "ban_hanh_kem_theo"):
            continue
        between = text[prev["span"][1]:ref["span"][0]]
        if prev["span"][0] <= ref["span"][0] < prev["span"][1]:  # a law inside an amending law's name
            ref["relation"] = "cites" if prev["relation"] in _ACTS else prev["relation"]
            nested.add(i)
            continue
        if prev["span"][1] > ref["span"][0] or ";" in between or ". " in between or "\n" in between:
            continue
        listed = i - 1 in nested and prev["doc_type"] == ref["doc_type"] and _LIST_SEPARATOR.fullmatch(between)
        if not (_TITLE_OPENER.search(between) or listed):
            continue
        outer = prev["relation"]
        if outer in _ACTS and i - 1 not in nested and _LIST_GOES_ON.search(between):
            ref["relation"] = outer  # "thay thế Quyết định số A … về việc X và Quyết định số B": B is replaced too
            continue
        # "… quy định chi tiết một số điều của Luật A, Luật B": B is inside A's title too; the act on
        # the outer document is not one on what its title names ("thay thế Nghị định số 98/2010/NĐ-CP
        # … quy định chi tiết … Luật Di sản văn hóa" replaces no law)
        ref["relation"] = "cites" if outer in _ACTS else outer
        nested.add(i)


# What separates two items of one list: "Luật A, Luật B", "Luật A và Luật B".
_LIST_SEPARATOR = re.compile(r"\s*(?:,|và|hoặc|,\s*và)\s*")


def _sentence_start(text: str, pos: int) -> int:
    cut = max(text.rfind(". ", 0, pos), text.rfind("\n", 0, pos))
    return cut + 1 if cut >= 0 else 0


# A party resolution named by its quoted title after its issuer and term: "… của Ban Chấp hành Trung
# ương Đảng khóa XII “Về tiếp tục đổi mới hệ thống tổ chức …”".
_QUOTED_TITLE_AFTER = re.compile(r"^\s*,?\s*(?:(?:Đảng\s+)?kh(?:óa|oá)\s+[IVXLC]+\s*,?\s*)?(?:về\s+)?“(?P<title>[^”]{3,400})”")
_OPENING_VE = re.compile(r"^(?:Về|về)\s+(?:việc\s+)?")


_TITLE_STOP_ANY_CASE = re.compile(_TITLE_STOP.pattern, re.I)  # for a title written in capitals


def _title_stop(body: str, after_issuer: bool) -> re.Match[str] | None:
    """Where a title ends (not at a bracket it opened itself); once the issuer is named, a body after "của"/"tại" is the title's own
    ("… của Chính phủ quy định chức năng, nhiệm vụ, quyền hạn và cơ cấu tổ chức của Bộ Tài chính")."""
    for stop in (_TITLE_STOP_ANY_CASE if body.isupper() else _TITLE_STOP).finditer(body):
        if stop.group(0) == ")" and body.count("(", 0, stop.start()) > body.count(")", 0, stop.start()):
            continue  # "… thủ tục hành chính (TTHC) nội bộ …": a bracket the title opened
        if not (after_issuer and stop.group("body")):
            return stop
    return None


def _title(after: str, after_issuer: bool = False) -> str | None:
    """The subject a mention gives after its number, date and issuer: "về việc X" → X; right after
    a named issuer also a subject opening with its verb ("quy định chi tiết …" is kept whole)."""
    if after_issuer and (quoted := _QUOTED_TITLE_AFTER.match(after)):
        return _OPENING_VE.sub("", clean_space(quoted.group("title"))) or None
    m = (_VERBAL_TITLE_AFTER.match(after) if after_issuer else None) or _TITLE_AFTER.match(after)
    if not m:
        return None
    body = m.group("title")
    stop = _title_stop(body, after_issuer)
    title = _closed_quote(clean_space(body[: stop.start()] if stop else body)).strip(" ,.\"“”")
    if len(title) > _MAX_TITLE:
        return None  # no trích yếu runs that long: the text after it was taken in (a flattened table's cells)
    return title or None


# The longest subject a cited document is given by (the corpus's run to ~360 characters).
_MAX_TITLE = 400


def _closed_quote(title: str) -> str:
    """*title* up to a closing quote it never opened ("… chứng khoán Việt Nam” tại khoản 3 …": the
    quoted phrase the citing text replaces ends there)."""
    close = title.find("”")
    return title[:close] if close != -1 and "“" not in title[:close] else title


def _law_mentions(text: str) -> Iterator[tuple[int, int, str, str, int]]:
    """(start, end of name, type, name, depth) for each law cited by name, nested ones included."""
    pos = 0
    while True:
        m = _LAW.search(text, pos)
        if not m:
            return
        found = list(_law_at(text, m, 0))
        yield from found
        pos = max((f[1] for f in found), default=m.end())


# "Luật" before a name in lower case ("Luật quy hoạch"), or "luật" before a capital ("luật Đất đai")
_LAW_ANY_CASE = re.compile(r"(?<![\w])(?P<type>[Ll]uật)\s+(?=\w)")
# first words of what follows a "Luật" that stands for laws in general ("Các nội dung hỗ trợ thi hành Luật bao gồm:")
_NOT_A_NAME = re.compile(r"(?:này|nêu|trên|bao)\b")
# capitalised words that stand inside a law's name written in lower case ("Luật tổ chức Chính phủ",
# "Luật bầu cử đại biểu Quốc hội"), folded; any other capital after its first words opens what follows
_PROPER_IN_NAME = {"chinh", "quoc", "hoi", "viet", "nam", "nha", "nuoc", "dai"}
# words before a "luật" that make it a common noun ("pháp luật Việt Nam", "kỷ luật Đảng", "dự án luật")
_COMMON_LUAT = {"phap", "bo", "ky", "dinh", "an", "thao"}
# what stands before a law cited by name: a basis, an implementing decree's formula, a provision's "of"
# (lower case, marks kept: "thị hành" is no "thi hành")
_CITES_A_LAW = re.compile(r"(?<!\w)(?:căn cứ|thi hành|một số điều|của|theo|tại)$")


def _lower_case_law_mentions(text: str, taken: list[tuple[int, int]]) -> Iterator[tuple[int, int, str, str, int]]:
    """Laws named with a lower-case word ("Luật quy hoạch", "luật Thống kê"), read only when what
    stands before or after makes it a law: a name the catalogues hold, the law's QH number after
    it, or a citing formula before it ("Căn cứ", "thi hành", "một số điều của", "theo", "tại").
    The common noun ("theo quy định của pháp luật", "Luật áp dụng và giải quyết tranh chấp") is none."""
    for m in _LAW_ANY_CASE.finditer(text):
        start, name_start = m.start(), m.end()
        if (m.group("type") == "Luật") != text[name_start].islower() or any(a <= start < b for a, b in taken):
            continue
        if m.group("type") == "luật" and fold(text[:start]).split()[-1:] in ([w] for w in _COMMON_LUAT):
            continue
        end = _lower_case_name_end(text, name_start, _law_name_end(text, name_start))
        name = clean_space(text[name_start:end])
        if not name or _AMEND.match(name) or _LAW_STOP.match(text, name_start - 1) or _NOT_A_NAME.match(name):
            continue  # "thi hành Luật trong phạm vi quản lý", "… Luật bao gồm:", "Luật này, …"
        if "," in name and fold(name) not in _catalogued_names():
            continue  # "Luật doanh nghiệp, hợp tác xã được thành lập …": a list or one name, who can tell
        if not text[end:].strip() and any(known.startswith(fold(name) + " ") for known in _catalogued_names()):
            continue  # a catalogued name cut where the text ends ("… thi hành Luật ban hành văn bản quy")
        if (fold(name) in _catalogued_names() or _OWN_NUMBER_OR_DATE.match(text, end) and "QH" in text[end:end + 30]
                or _CITES_A_LAW.search(clean_space(text[max(0, start - 30):start]).lower())):
            yield start, end, "Luật", name[:1].upper() + name[1:], 0


def _lower_case_name_end(text: str, name_start: int, end: int) -> int:
    """A name that opens in lower case ends before a capitalised word after its first two words, one
    of a body's name and abbreviations aside: "Luật bảo vệ dữ liệu cá nhân Cơ quan, tổ chức …" (a
    table's next cell glued on), "Luật thuế TNCN", "Luật tổ chức Chính phủ" go on."""
    if not text[name_start].islower():
        return end
    for n, word in enumerate(re.finditer(r"\S+", text[name_start:end])):
        w = word.group(0)
        if n >= 2 and w[:1].isupper() and not w.isupper() and fold(w).strip(",") not in _PROPER_IN_NAME:
            return name_start + word.start()
    return end


@lru_cache(maxsize=1)
def _catalogued_names() -> frozenset[str]:
    """The law names of laws.csv and law_names.csv, folded."""
    return frozenset(fold(r["name"]) for r in [*law_rows(), *law_name_rows()])


def _law_at(text: str, m: re.Match[str], depth: int) -> Iterator[tuple[int, int, str, str, int]]:
    start, name_start = m.start(), m.end()
    if _AMEND.match(text[name_start:]):
        # "Luật sửa đổi, bổ sung một số điều của Luật A và Luật B": the name runs over the nested names
        of = _AMENDED_OF.match(text[name_start:])
        end = name_start + (of.end() if of else 0)
        nested = []
        while True:
            n = _LAW.match(text, end)
            if not n:
                break
            inner = list(_law_at(text, n, depth + 1))
            if not inner:
                break
            nested.extend(inner)
            end = inner[0][1]
            sep = re.match(r"\s*(?:,|và)\s*(?=(?:Luật|Bộ\s+luật)\s)", text[end:])
            if not sep:
                break
            end += sep.end()
        if not nested:
            end = _law_name_end(text, name_start + (of.end() if of else 0))
        yield start, end, m.group("type"), clean_space(text[name_start:end]), -1 if nested else depth
        yield from nested
        return
    end = _law_name_end(text, name_start)
    name = clean_space(text[name_start:end])
    if not name or name.split()[0] in ("này", "nêu", "trên"):
        return
    yield start, end, m.group("type"), name, depth


def _law_name_end(text: str, name_start: int) -> int:
    """Where a law's name ends: where a catalogued name written there ends ("Phí và lệ phí"), else
    at the first stop; a comma continues it only after a short head ("Phòng, chống …")."""
    known = _known_law_name().match(text, name_start)
    if known:
        return known.end()
    stop = _LAW_STOP.search(text, name_start)
    end = stop.start() if stop else len(text)
    if stop and stop.group(0).split() == ["và"]:
        end = _name_goes_on_after_and(text, stop.end()) or end
    comma = text.find(",", name_start, end)
    if comma != -1 and len(text[name_start:comma].split()) > _MAX_HEAD_WORDS_BEFORE_COMMA:
        return comma
    return end


# What may follow a law's name as its own: its number from the Quốc hội, or the date it was adopted.
_OWN_NUMBER_OR_DATE = re.compile(r"\s*,?\s*(?:số\s*:?\s*\d+/\d{4}/QH\d+|(?:ngày|ngay)\s*\d{1,2}\s*(?:/|-|\.|tháng)\s*\d{1,2}"
                                 r"\s*(?:/|-|\.|năm)\s*\d{4})")
_MAX_WORDS_AFTER_AND = 6


def _name_goes_on_after_and(text: str, at: int) -> int | None:
    """Where a name not in the catalogue ends when "và" is inside it: only when lower-case words that
    name no document run from *at* straight into the law's own number or date ("Luật Giáo dục quốc
    phòng và an ninh ngày 19 tháng 6 năm 2013"); None otherwise ("Luật Đấu thầu và bị loại.")."""
    stop = _LAW_STOP.search(text, at)
    if not stop or not _OWN_NUMBER_OR_DATE.match(text, stop.start()):
        return None
    words = text[at:stop.start()].split()
    if not words or len(words) > _MAX_WORDS_AFTER_AND or not all(w[:1].islower() for w in words):
        return None
    folded = " " + " ".join(fold(w).strip(",") for w in words) + " "
    return None if any(f" {t} " in folded for t in _doc_type_words_folded()) else stop.start()


@lru_cache(maxsize=1)
def _doc_type_words_folded() -> tuple[str, ...]:
    """The document type names, folded ("nghi quyet", "thong tu"): words that name another document."""
    return tuple(fold(t) for t in doc_type_names() + ["Bộ luật", "Luật", "Văn bản"])


@lru_cache(maxsize=1)
def _known_law_name() -> re.Pattern[str]:
    """The names of law_names.csv, longest first, as written in a text (any case, any spacing, a
    line break between words): the names that hold a word ending other names, each one whole."""
    names = sorted({r["name"] for r in law_name_rows()}, key=len, reverse=True)
    alt = "|".join(r"\s*,\s*".join(r"\s+".join(map(re.escape, part.split())) for part in name.split(","))
                   for name in names)
    return re.compile(rf"(?:{alt})(?![^\W_])", re.I)


# Cyrillic and Greek capitals that look like Latin ones ("ТТ-ВТС" typed with a Cyrillic keyboard).
CONFUSABLES = str.maketrans("АВСЕНІКМОРТХУаеорсхіΑΒΕΗΙΚΜΝΟΡΤΥΧΖ", "ABCEHIKMOPTXYaeopcxiABEHIKMNOPTYXZ")
# Emphasis markers of Markdown inside a mention ("Luật **số** 72/2025/QH15"), blanked to spaces.
_MARKUP = re.compile(r"\*\*|__")


_CONFUSABLE = re.compile("[" + "".join(map(chr, CONFUSABLES)) + "]")


def working_text(text: str) -> str:
    """*text* as the patterns read it, of the same length so that spans index the node's text:
    look-alike letters folded to Latin, Markdown emphasis blanked (each only where there is one)."""
    if _CONFUSABLE.search(text):
        text = text.translate(CONFUSABLES)
    if "**" in text or "__" in text:
        text = _MARKUP.sub(lambda m: " " * len(m.group(0)), text)
    return text


def _surface(written: str) -> str:
    """A mention as written, without the Markdown emphasis a web page put inside it."""
    return " ".join(_MARKUP.sub(" ", written).split())


# How far before a number its type word ("Nghị định số") and a provision ("khoản 2 Điều 3") are
# looked for; how near the previous number one must stand to go on its list.
_TYPE_REACH = 160
_PROVISION_REACH = 120
_LIST_GAP = 400


# Every number _NUMBER_RE finds holds a "/" ("15/2020/NĐ-CP", "49-KH/TU"), every law _LAW and
# _LAW_ANY_CASE find a "uật" ("Luật", "Bộ luật", "luật"): a text without them is not scanned for
# either (working_text's look-alike letters and blanked emphasis never make one).
_NUMBER_MARK = "/"
_LAW_MARK = "uật"
_ACT_MARK = "háp"  # every match of _ORDINANCE ("Pháp lệnh") and _CONSTITUTION ("Hiến pháp") holds it


def _other_act_mentions(text: str, node: Node) -> Iterator[tuple[int, int, str, str, int]]:
    """(start, end of name, type, name, 0) of each ordinance and of the constitution cited by name."""
    for m in _ORDINANCE.finditer(text):
        end = _law_name_end(text, m.end())
        of = _AMENDED_OF.match(text, m.end()) if _AMEND.match(text[m.end():]) else None
        if of and (inner := _ORDINANCE.match(text, of.end())):  # "Pháp lệnh sửa đổi, bổ sung một số điều của Pháp lệnh X"
            end = _law_name_end(text, inner.end())  # its name runs over X's, which is read next
        name = clean_space(text[m.end():end])
        if name and not _NOT_A_NAME.match(name):
            yield m.start(), end, "Pháp lệnh", name, 0
    for m in _CONSTITUTION.finditer(text):
        if m.group("name") or m.group("year") or _in_basis_clause(node, m.start()):
            name = _CONSTITUTION_NAME + (f" năm {m.group('year')}" if m.group("year") else "")
            yield m.start(), m.end(), "Hiến pháp", name, 0


def references_in(node: Node, ctx: Context, in_header: bool) -> list[dict[str, Any]]:
    """Every reference mentioned in *node*'s own text, in order of appearance."""
    numbered, named, acts = _NUMBER_MARK in node.text, _LAW_MARK in node.text, _ACT_MARK in node.text
    if not (numbered or named or acts):
        return []
    text = working_text(node.text)
    consumed: list[tuple[int, int]] = []
    # laws cited by name (possibly followed by their number and date)
    mentions = list(_law_mentions(text)) if named else []
    mentions += _lower_case_law_mentions(text, [(m[0], m[1]) for m in mentions]) if named else []
    mentions += _other_act_mentions(text, node) if acts else []
    found = [_law_reference(node, text, mention, in_header, consumed) for mention in mentions]
    # numbered mentions
    run = _Run()
    for m in _NUMBER_SCAN.finditer(text) if numbered else ():
        if any(a <= m.start() < b for a, b in consumed):
            continue
        hit = _numbered_reference(node, text, m, ctx, in_header, run)
        if hit is not None:
            found.append(hit)
    found.sort(key=lambda x: x[0])
    refs = [r for _, r in found]
    _inherit_nested(refs, text)
    return refs


def _own_act_number(typ: str, number: str) -> bool:
    """Whether *number* can be the named act's own: a law's is the Quốc hội's ("72/2025/QH15"), an
    ordinance's its standing committee's ("28/2005/PL-UBTVQH11", "06/2013/UBTVQH13")."""
    if canonical_type(typ) == "Pháp lệnh":
        return "UBTVQH" in number.upper()
    return _codes(number)[1] == "QH"


def _law_reference(node: Node, text: str, mention: tuple, in_header: bool,
                   consumed: list[tuple[int, int]]) -> tuple[int, dict[str, Any]]:
    """A law (or an ordinance, the constitution) cited by name, with the number and date that follow
    it; its start and the reference."""
    start, end, typ, name, depth = mention
    after = text[end:]
    num = re.match(rf"^\s*,?\s*số\s*:?\s*(?P<n>{NUMBER})", after) if typ != "Hiến pháp" else None
    if num and not _own_act_number(typ, normalize_number(num.group("n"))):
        num = None  # "Luật Viễn thông và … Nghị định số 163/2024/NĐ-CP": not the law's number
    if num and (depth == -1 and not _amending_owns_number(after[num.end():])
                or (end + num.start("n"), end + num.end("n")) in consumed):
        num = None  # the nested law's number, or the amending law's (read first) and not the nested one's
    number = None
    tail = end
    if num:
        number = normalize_number(num.group("n"))
        tail = end + num.end()
        consumed.append((end + num.start("n"), end + num.end("n")))
    date_m = _DATE_AFTER.match(text[tail:]) if (depth <= 0 or num) else None
    issued = None
    if date_m:
        issued = parse_date("ngày " + date_m.group("date"))
        tail += date_m.end()
    return start, {
        "surface": _surface(node.text[start:tail]),
        "doc_type": (doc_type := canonical_type(typ) if canonical_type(typ) in _NAMED_ACTS else "Luật"),
        "number": number,
        "issued_date": issued,
        "issuer": _NAMED_ACTS[doc_type],
        "title": " ".join(name.split()),
        "relation": _relation(node, text[_sentence_start(text, start):start], in_header, pos=start),
        "node": node.id,
        "span": [start, tail],
    }


# After "Luật sửa đổi, bổ sung … của Luật X số N": N is X's when X's description goes on ("… đã được
# sửa đổi, bổ sung theo …") or another law follows on X's list ("…, Luật Nhà ở số …").
_NESTED_NUMBER_GOES_ON = re.compile(r"\s*,?\s*(?:(?:đã\s+)?được\s+sửa\s+đổi|(?:,|và)\s*(?:Luật|Bộ\s+luật)\s)")


def _amending_owns_number(rest: str) -> bool:
    """Whether the number after an amending law's name (its last nested name) is the amending law's:
    "Luật sửa đổi, bổ sung một số điều của Luật Ban hành văn bản quy phạm pháp luật số 87/2025/QH15"
    (87/2025/QH15 is the amending law), unless *rest*, the text after the number, shows it is X's."""
    return not _NESTED_NUMBER_GOES_ON.match(rest)


@dataclass
class _Run:
    """What the numbered mentions read so far leave to the next one: a list's type, end, relation, issuer."""

    prev_type: str | None = None
    prev_end: int = -10_000
    prev_relation: str | None = None
    list_issuer: str | None = None


def _numbered_reference(node: Node, text: str, m: re.Match, ctx: Context, in_header: bool,
                        run: _Run) -> tuple[int, dict[str, Any]] | None:
    """The reference a document number makes, if it is one; its start and the reference."""
    number = normalize_number(m.group(0))
    head = text[max(0, m.start() - _TYPE_REACH): m.start()]
    b = _words_before(head)
    typed = _type_before(m, head, b, number, ctx, run)
    if typed is None:
        return None
    typ, start = typed
    typ = _document_type(typ, b, number)
    if typ is None:
        return None
    end = m.end()
    after = text[end:]
    issued = None
    dm = _DATE_AFTER.match(after)
    if dm:
        issued = parse_date("ngày " + dm.group("date"))
        end += dm.end()
    issuer, named_end, om = _issuer_after(text, end, ctx)
    if issuer is None and run.list_issuer and m.start() - run.prev_end < _LIST_GAP:
        issuer = run.list_issuer
    if issuer is None:
        issuer = _implied_issuer(number, ctx) or _proposer(text[max(0, start - _PROVISION_REACH):start], ctx)
    if named_end is not None and issuer:  # the title opens where the issuer's name ends ("của Quốc hội về việc …")
        title = _title(text[named_end:], after_issuer=True)
    else:
        title = _title(text[end + (om.end() if om else 0):])
    nested, listed, window_start = _place_in_list(text, m, start, b, run)
    ref = {
        "surface": _surface(node.text[start:end]),
        "doc_type": typ,
        "number": number,
        "issued_date": issued,
        "issuer": issuer,
        "title": title,
        "relation": _relation(node, text[window_start:start], in_header, run.prev_relation if listed else None, start),
        "node": node.id,
        "span": [start, end],
    }
    before = text[max(0, start - _PROVISION_REACH): start]
    prov = _PROVISION.search(before) if "Điều" in before else None  # every match holds its "Điều" (case kept)
    if prov:
        ref["provisions"] = [clean_space(prov.group(1))]
    if nested and ref["relation"] not in _OWN_RELATIONS:
        ref["relation"] = run.prev_relation  # the verb in another document's title is not ours
    run.prev_type, run.prev_end = typ, m.end()
    if not nested:
        run.prev_relation = ref["relation"]
    return start, ref


TYPE_WORDS = frozenset(t.lower() for t in _TYPES)  # TYPE_ALT's names, lower case
_SO_MARKS = "ốóôồổọộ"


def _words_before(head: str) -> re.Match[str]:
    """_BEFORE.search(head), tried only where one of its matches can open: a type word, "số" (any
    case: "s" and a mark of _BEFORE's "so"), else the end (where its every part is left out)."""
    low = head.lower()
    if has_odd_case(head) or len(low) != len(head):
        return _BEFORE.search(head)  # type: ignore[return-value]  # it always matches, at the end at least
    starts = occurrences(low, TYPE_WORDS)
    starts.update(i for i in occurrences(low, frozenset("s")) if low[i + 1:i + 2] and low[i + 1] in _SO_MARKS)
    for i in sorted(starts):
        b = _BEFORE.match(head, i)
        if b:
            return b
    return _BEFORE.search(head, max(0, len(head) - 1))  # type: ignore[return-value]


def _type_before(m: re.Match, head: str, b: re.Match | None, number: str, ctx: Context,
                 run: _Run) -> tuple[str | None, int] | None:
    """The type word or "số" before a number, and where the mention starts; None for a form's number."""
    typ = None
    start = m.start()
    if b and b.group("type"):
        typ = canonical_type(b.group("type"))
        start = m.start() - (len(head) - b.start())
        run.list_issuer = _issuer_phrase(b.group("of")[5:-1], ctx) if b.group("of") else None
    elif b and b.group("so"):
        if _FORM_BEFORE.search(head[: b.start("so")]):
            return None  # "Mẫu số 02/TB-ĐĐKD": the number of a form, not of a document
        start = m.start() - len(b.group("so"))
        # one type word over a list ("các Nghị định: số …, số …"); the symbol's own code wins
        typ = _number_type(number) if _codes(number)[0] else None
        if typ is None and run.prev_type and m.start() - run.prev_end < _LIST_GAP:
            typ = run.prev_type
    return typ, start


def _document_type(typ: str | None, b: re.Match | None, number: str) -> str | None:
    """The type of the document a number names; None where the number names no document."""
    if typ is None and not (b and b.group("so")) and not _plausible_bare(number):
        return None
    if not (b and (b.group("type") or b.group("so"))) and number.split("/")[-1][:1].islower():
        return None  # a lower-case symbol without "số" or a type word ("3/tháng"): not a document number
    if typ in (None, "Văn bản"):
        typ = _number_type(number) or typ
    return typ


def _issuer_after(text: str, end: int, ctx: Context) -> tuple[str | None, int | None, re.Match | None]:
    """The issuer named after a number ("của Bộ Tài chính", or bare), where its name ends in *text*
    (None without a "của" phrase), and the "của" match."""
    issuer = named_end = None
    om = _OF_AFTER.match(text[end:])
    if om:
        start = end + om.start("issuer")
        length = _issuer_length(text, start, om.group("issuer"))
        issuer = _issuer_phrase(text[start:start + length], ctx)
        named_end = start + length
    else:
        bm = _BARE_ISSUER_AFTER.match(text[end:])
        if bm:
            issuer = _issuer_phrase(bm.group("issuer"), ctx)
            named_end = end + bm.end("issuer")
    return issuer, named_end, om


def _issuer_length(text: str, start: int, phrase: str) -> int:
    """How much of the words after "của" (*phrase*, at *start* in *text*) name the issuer: a
    catalogued body whose name holds a word that ends others ("Bộ Kế hoạch và Đầu tư", "Bộ Văn hóa,
    Thể thao và Du lịch") whole, after its head's office ("Bộ trưởng"); else up to _ISSUER_STOP's
    first word ("Chính phủ về việc …" → 9): the rest is the cited document's subject."""
    office = _OFFICE_BEFORE_ISSUER.match(phrase)
    known = _known_issuer().match(text, start + (office.end() if office else 0))
    if known:
        return known.end() - start
    # an issuer in a title written in capitals ("… CỦA ỦY BAN NHÂN DÂN TỈNH VỀ SỬA ĐỔI …") stops alike
    stop = _ISSUER_STOP.search(phrase.lower() if phrase.isupper() else phrase)
    return stop.start() if stop else len(phrase)


@lru_cache(maxsize=1)
def _known_issuer() -> re.Pattern[str]:
    """The names of issuers.csv that _ISSUER_STOP or a comma would cut ("và", ","), longest first,
    any spacing: "Bộ Lao động - Thương binh và Xã hội", and the province departments named after
    those ministries ("Sở Khoa học và Công nghệ", its province's name after it)."""
    names = sorted({r["name"] for r in issuer_rows() if " và " in r["name"] or "," in r["name"]}, key=len, reverse=True)
    alt = "|".join(r"\s*".join(r"\s+".join(map(re.escape, part.split())) for part in name.split(",")).replace(
        r"\s*", r"\s*,\s*") for name in names)
    # a province's department bears its ministry's name: "Sở Nông nghiệp và Môi trường tỉnh Bắc Ninh"
    ministries = "|".join(re.escape(n).replace(r"\ ", r"\s+")[len("Bộ\\s+"):] for n in (
        n for n in names if n.startswith("Bộ ")))
    return re.compile(rf"(?:{alt}|Sở\s+(?:{ministries})(?:\s+(?:tỉnh|thành\s+phố)(?:\s+[A-ZĐ]\w*)+)?)(?![^\W_])")


# "Theo đề nghị của Giám đốc Sở Nội vụ tại Tờ trình số 74/TTr-SNV", "… và Sở Tư pháp tại Tờ trình số …":
# the body that proposed, named before the document it proposed with.
_PROPOSER_BEFORE = re.compile(r"(?:\b(?:của|và)\s+(?P<issuer>[A-ZĐ][^,;:.()]{1,80}?)\s+tại"
                              # "Ngày 05/8/2025, Sở Nội vụ có văn bản số 553/SNV-…": the subject that wrote it
                              r"|(?:^|[,;:]\s*)(?P<writer>[A-ZĐ][^,;:.()]{1,80}?)(?<!\svà)\s+(?:đã\s+)?(?:có|ban\s+hành|gửi))\s*$")
_SIGNING_OFFICE = re.compile(r"^(?:" + alternation(offices("sign"), "written") + r")\s+(?=[A-ZĐỦ])")


def _proposer(before: str, ctx: Context) -> str | None:
    """The issuer named before "tại" and the mention, or as the subject that "có" (wrote) it (*before*:
    the text up to the mention), when it is a body
    (body_heads.csv, after its head's office): "Giám đốc Sở Tài chính" → "Sở Tài chính"; a person
    ("Phó Thủ tướng Trần Hồng Hà tại Thông báo số …") or a name cut at its comma ("… và Du lịch
    thành phố Đà Nẵng") is none."""
    m = _PROPOSER_BEFORE.search(before)
    if not m:
        return None
    phrase = _SIGNING_OFFICE.sub("", clean_space(m.group("issuer") or m.group("writer")))
    low = phrase.lower()
    if len(phrase.split()) > 10 or not _opens_with_head(low):
        return None
    if any(_opens_with_head(part) for part in low.split(" và ")[1:]):
        return None  # "của Hội Golf tỉnh Lâm Đồng và Sở Nội vụ tại Tờ trình số …": whose, who can tell
    return resolve_local_issuer(phrase, ctx.place)  # bounded by "của" and "tại": "Sở Văn hóa và Thể thao" whole


def _opens_with_head(low: str) -> bool:
    """Whether a lower-case phrase opens with a body's head word ("sở ", "ủy ban ", "hội ")."""
    return any(low.startswith(head + " ") for head in issuer_heads())


def _share_issuers(refs: list[dict[str, Any]], own: tuple[str | None, str] | None, own_issuer: str | None) -> None:
    """A mention without an issuer takes the one every other mention of its (type, number) gives,
    the citing document's own when it is its own number ("kèm theo Công văn số 1376/VP-NC")."""
    named: dict[tuple[str | None, str], set[str]] = {}
    for r in refs:
        if r["number"] and r["issuer"]:
            named.setdefault((r["doc_type"], _number_key(r["number"])), set()).add(r["issuer"])
    for r in refs:
        if r["issuer"] or not r["number"] or is_blank(r["number"]):
            continue
        key = (r["doc_type"], _number_key(r["number"]))
        if key == own and own_issuer:
            r["issuer"] = own_issuer
        elif len(named.get(key, ())) == 1:
            r["issuer"] = next(iter(named[key]))


def _place_in_list(text: str, m: re.Match, start: int, b: re.Match | None, run: _Run) -> tuple[bool, bool, int]:
    """Whether a number is nested in the previous one's title, goes on its list, and where its verb is sought."""
    sentence = _sentence_start(text, start)
    same_sentence = run.prev_relation is not None and run.prev_end > sentence
    between = text[run.prev_end:start] if same_sentence else ""
    nested = same_sentence and ";" not in between and bool(_NESTED_OPENER.search(between))
    # a list goes on under one verb: without "số"'s type word, or after ";" with no verb of its own
    listed = same_sentence and (nested or not (b and b.group("type")) or bool(_LIST_GOES_ON.search(between))) or (
        not (b and b.group("type")) and m.start() - run.prev_end < _LIST_GAP)
    window_start = max(sentence, run.prev_end if run.prev_end > 0 else 0)
    return nested, listed, window_start


_TYPE_BY_FOLDED = {fold(t): t for t in reversed(_TYPES)}  # the first of _TYPES where two fold alike


def canonical_type(word: str) -> str:
    return _TYPE_BY_FOLDED.get(fold(clean_space(word))) or clean_space(word)


def _plausible_bare(number: str) -> bool:
    """A number written without "số" or a type word counts only when its symbol names a type."""
    type_code, issuer_code, party = _codes(number)
    return bool(type_code) or party or issuer_code == "QH"


_NO_OWN_TEXT = frozenset({NodeKind.DOCUMENT, NodeKind.TABLE, NodeKind.SIGNATURE})


def _nodes_with_text(root: Node) -> Iterator[tuple[Node, bool]]:
    """(node, whether it is the header's) for every node with a text of its own (not a table's, whose
    rows have theirs, nor the signature's)."""
    for container in root.children:  # in_containers: Node.walk's order, its zone tested once per container
        in_header = container.kind == NodeKind.HEADER
        stack = [container]
        while stack:
            n = stack.pop()
            if n.text and n.kind not in _NO_OWN_TEXT:
                yield n, in_header
            if n.children:
                stack.extend(reversed(n.children))


def _finish(refs: list[dict[str, Any]], doc: Document) -> None:
    """Targets: the same (type, number) gets one id, its date taken from any mention that has one;
    variants (a date that differs, a symbol with its codes swapped) are flagged, not merged."""
    dates: dict[tuple[str, str], set[str]] = {}
    for r in refs:
        if r["number"] and r["issued_date"]:
            dates.setdefault((r["doc_type"], _number_key(r["number"])), set()).add(r["issued_date"])
    laws = _law_numbers(refs)
    by_digits: dict[str, set[str]] = {}
    for r in refs:
        if r["number"]:
            by_digits.setdefault(r["number"].split("/")[0].split("-")[0], set()).add(r["number"])
    for r in refs:
        flags = []
        key = (r["doc_type"], _number_key(r["number"]))
        known = sorted(dates.get(key, ()))
        date = r["issued_date"] or (known[0] if len(known) == 1 else None)
        if len(known) > 1:
            flags.append("date_conflict")
        if r["number"]:
            for other in by_digits.get(r["number"].split("/")[0].split("-")[0], ()):
                if other != r["number"] and _swapped(other, r["number"]):
                    flags.append(f"variant_of:{other}")
        if r["relation"] == "self" and doc.header.get("id"):
            r["target"] = doc.header["id"]
        elif not r["number"] and r["doc_type"] in ("Luật", "Bộ luật") and (
                law := laws.get((slug(r["title"] or ""), date))):  # a dated name never takes another date's number
            r["target"] = _canonical_id(r["doc_type"], law[0], law[1])  # the numbered law of that name
        elif is_blank(r["number"]) and r["number"]:
            r["target"] = _blank_target(r, doc)
        else:
            r["target"] = _canonical_id(r["doc_type"], r["number"], date, r["title"] if not r["number"] else None)
        if flags:
            r["flags"] = flags
            doc.warn(WarningCode.REFERENCE_VARIANT, f"{r['surface']}: {', '.join(flags)}", r["node"])


@lru_cache(maxsize=1)
def _catalogued_laws() -> dict[tuple[str, str | None], tuple[str, str | None]]:
    """(name slug, date) → (number, date) of laws.csv, read once (callers copy it before adding)."""
    return {(slug(row["name"]), row["issued_date"]): (row["number"], row["issued_date"]) for row in law_rows()}


def _law_numbers(refs: list[dict[str, Any]]) -> dict[tuple[str, str | None], tuple[str, str | None]]:
    """(name slug, date or None) → (number, date) of the laws cited by name: from the mentions of
    this document that state name and number ("Luật Đất đai số 31/2024/QH15"), then laws.csv for a
    name with its date; a name stated with two numbers here resolves by its date only."""
    table = dict(_catalogued_laws())
    numbers: dict[str, set[tuple[str, str | None]]] = {}
    for r in refs:
        if r["doc_type"] in ("Luật", "Bộ luật") and r["number"] and r["title"]:
            numbers.setdefault(slug(r["title"]), set()).add((r["number"], r["issued_date"]))
            if r["issued_date"]:
                table[(slug(r["title"]), r["issued_date"])] = (r["number"], r["issued_date"])
    for name, found in numbers.items():
        if len({n for n, _ in found}) == 1:
            number = next(iter(found))[0]
            table[(name, None)] = (number, next((d for n, d in sorted(found, key=str) if d), None))
    return table


def _blank_target(ref: dict[str, Any], doc: Document) -> str:
    """A document named with a blank number ("kèm theo Kế hoạch số /KH-UBND"): the citing document
    itself when it is of that type and unnumbered too (its appendix), else a node of this file's own."""
    h = doc.header
    if h.get("id") and ref["doc_type"] == h.get("doc_type") and is_blank(h.get("number")):
        return h["id"]
    return document_id(ref["doc_type"], ref["number"], ref["issued_date"], ref["issuer"],
                       f"kem theo {slug(h.get('title') or '')}", doc.source.sha256)


def _swapped(a: str, b: str) -> bool:
    """"8016/UBND-KH" and "8016/KH-UBND": the same codes in another order."""
    sa, sb = a.split("/"), b.split("/")
    return sa[0] == sb[0] and sorted(sa[-1].split("-")) == sorted(sb[-1].split("-")) and sa[-1] != sb[-1]


# "(Ban hành kèm theo Kế hoạch số     /KH-UBND ngày   /3/2026 của Chủ tịch UBND tỉnh Lâm Đồng)":
# the plan an appendix goes with, its number left blank.
_BLANK_ATTACHED = re.compile(
    rf"kèm\s+theo\s+(?P<type>{TYPE_ALT})\s+s[ốo]\s*:?\s*(?P<n>{BLANK_NUMBER_RE.pattern[1:]})", re.I)


def _blank_attachment_refs(node: Node, ctx: Context) -> list[dict[str, Any]]:
    """A "kèm theo" line that names a document whose number is blank, as a ban_hanh_kem_theo mention."""
    if _NUMBER_MARK not in node.text:
        return []  # _BLANK_ATTACHED's blank number has its "/" ("số     /KH-UBND")
    if not (ATTACHED_NOTE.match(node.text.strip("*( ")) or ATTACHED_NOTE.match(node.text)):
        return []
    m = _BLANK_ATTACHED.search(node.text)
    if not m:
        return []
    end = m.end()
    dm = re.match(r"\s*,?\s*ngày\s*[\d\s/.-]*(?:tháng\s*\d*\s*năm\s*\d*)?", node.text[end:], re.I)
    end += dm.end() if dm else 0
    om = _OF_AFTER.match(node.text[end:])
    issuer = _issuer_phrase(om.group("issuer"), ctx) if om else None
    start = m.start("type")
    return [{
        "surface": clean_space(node.text[start:end]).strip(),
        "doc_type": canonical_type(m.group("type")),
        "number": "/" + normalize_number(m.group(3)),
        "issued_date": parse_date(node.text[m.end():end]),
        "issuer": issuer or ctx.issuer,
        "title": None,
        "relation": "ban_hanh_kem_theo",
        "node": node.id,
        "span": [start, start + len(node.text[start:end].rstrip())],
    }]


def _self_reference(doc: Document, refs: list[dict[str, Any]]) -> None:
    """The document's own number line as a ``self`` mention carrying the header's date and issuer,
    also when the number is blank ("Số:      /QĐ-UBND") or OCR put noise before it."""
    h = doc.header
    if not h.get("number") or doc.root is None:
        return
    for r in refs:  # a number in the header that is not the document's ("V/v … Công văn số 3980/C04-P6")
        if (r["relation"] == "self" and r["number"] and number_key(r["number"]) != number_key(h["number"])
                and not r["surface"].startswith("Số")):
            r["relation"] = "cites"
    own = [r for r in refs if r["relation"] == "self"]
    if not own:
        found = _number_line_mention(doc.root, h["number"])
        if not found:
            return
        node, start, end = found
        same = [r for r in refs if r["node"] == node.id and r["span"][0] < end and start < r["span"][1]]
        if same:  # the number read as a plain mention ("Số:" on the line before)
            same[0]["relation"] = "self"
            own = same[:1]
        else:
            own = [{"surface": clean_space(node.text[start:end]), "doc_type": h.get("doc_type") or type_from_number(h["number"]),
                    "number": h["number"], "issued_date": None, "issuer": None, "title": None,
                    "relation": "self", "node": node.id, "span": [start, end]}]
            refs.insert(0, own[0])
    for r in own:
        r["issued_date"] = r["issued_date"] or h.get("issued_date")
        r["issuer"] = h.get("issuer") or r["issuer"]
        r["doc_type"] = r["doc_type"] or h.get("doc_type")


def _number_line_mention(root: Node, number: str) -> tuple[Node, int, int] | None:
    """(node, start, end) of the header's number in its "Số: …" line: the symbol after the last digits."""
    symbol = number.rsplit("/", 1)[-1]
    pattern = re.compile(r"\s*-\s*".join(re.escape(p) for p in symbol.split("-")), re.I)
    label_alone = False  # "Số:" on a line of its own, the number on the next ("Số: | 36/2025/QĐ-CTUBND")
    for node in header_nodes(root):
        if not node.text:
            continue
        line = re.search(r"\b[Ss][ốỐ]\s*(?:hiệu)?\s*[:.]?\s*", node.text)
        if label_alone:
            sym = pattern.search(node.text)
            if sym and sym.start() <= 20:
                digits = re.search(r"\d[\w\s/.-]*$", node.text[:sym.start()])
                return node, digits.start() if digits else sym.start(), sym.end()
        label_alone = bool(line) and not node.text[line.end():].strip()
        if not line:
            continue
        sym = pattern.search(node.text, line.end())
        if sym and sym.start() - line.end() <= 20:
            return node, line.start(), sym.end()
    return None


def extract_references(doc: Document) -> None:
    """Fill ``doc.references``."""
    if doc.root is None:
        return
    ctx = Context(place=doc.header.get("place"), issuer=doc.header.get("issuer"))
    refs: list[dict[str, Any]] = []
    for node, in_header in _nodes_with_text(doc.root):
        if _NUMBER_MARK not in node.text and _LAW_MARK not in node.text and _ACT_MARK not in node.text:
            continue  # neither a number nor a law's (or another act's) name, nor a blank number
        refs.extend(by_window(references_in, node, ctx, in_header))  # linear on a whole file in one line
        refs.extend(_blank_attachment_refs(node, ctx))
    _self_reference(doc, refs)
    h = doc.header
    own = (h.get("doc_type"), _number_key(h["number"])) if h.get("number") and not is_blank(h["number"]) else None
    _share_issuers(refs, own, h.get("issuer"))
    _finish(refs, doc)
    _warn_confusables(refs, doc)
    doc.references = [Reference.from_json(r) for r in refs]


def _warn_confusables(refs: list[dict[str, Any]], doc: Document) -> None:
    """Say where a number was written with Cyrillic or Greek look-alike letters (and read as Latin)."""
    for r in refs:
        if r["number"] and _CONFUSABLE.search(r["surface"]):  # translate(CONFUSABLES) would change it
            doc.warn(WarningCode.CONFUSABLE_LETTERS, f"{r['surface']}: Cyrillic or Greek letters read as Latin ({r['number']})", r["node"])
