"""How a paragraph announces its role: one table of the structural markers (a part, chapter, article,
clause … and the lines that open a basis, the recipients or a signature), from which the tree's
classification, ranks, node kinds, ids and label prefixes and the readers' paragraph-start rule are
all derived; and the other patterns segmentation and the header reader share.

Adding a structural level is one row of ``MARKERS``: its pattern, rank, node kind, id key, label
prefix, the form that opens a paragraph in a hard-wrapped text, and examples (each one a test).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from pipeline.notation.labels import BULLET_KINDS, DECIMAL, LETTER, Label, parse_label
from pipeline.notation.offices import alternation, body_heads, doc_type_words, offices
from pipeline.text import fold
from pipeline.vocab import doc_type_names


class Folded:
    """A pattern matched on the folded text, so that marks and case do not matter (OCR reads
    "CỌNG HÒA XÃ HỌI"); folding keeps offsets, so a match's span indexes the original text."""

    def __init__(self, pattern: str) -> None:
        self.pattern = re.compile(pattern)

    def search(self, text: str) -> re.Match[str] | None:
        return self.pattern.search(fold(text))

    def match(self, text: str) -> re.Match[str] | None:
        return self.pattern.match(fold(text))

    def finditer(self, text: str):
        return self.pattern.finditer(fold(text))


@dataclass(frozen=True)
class Marker:
    """One way a paragraph opens.

    pattern: the paragraph's form (groups ``label`` and ``rest`` where it has them); rank: its depth
    in the tree (part 0 … plus 7), None for a line that is no division; node_kind / id_key: the tree
    node it makes and the prefix of that node's id; label_prefix: the word put before its label
    ("Điều" → "Điều 5"); starts: the verbose pattern piece by which a line of a hard-wrapped text
    opens a new paragraph (None: the marker does not end the paragraph before it); examples: real
    lines the pattern (and ``starts``) take.
    """

    kind: str
    pattern: re.Pattern[str] | Folded
    rank: int | None = None
    node_kind: str | None = None
    id_key: str | None = None
    label_prefix: str | None = None
    starts: str | None = None
    examples: tuple[str, ...] = ()


# An article's heading before its title: "Điều 5. ", "Điều 12a: ".
_ARTICLE_HEAD = r"(?:Điều|ĐIỀU)\s+(?P<label>\d+[a-z]?)\s*[.:]\s*"

MARKERS: tuple[Marker, ...] = (
    Marker("part", re.compile(r"^(?:Phần|PHẦN)\s+(?P<label>[IVXLC]+|\d+|thứ\s+\w+|THỨ\s+\w+)\b[.:]?\s*(?P<rest>.*)$"),
           0, "part", "part", "Phần", r"(?:Phần|PHẦN)\s+[0-9IVXLC]+\b",
           ("Phần I. NHỮNG QUY ĐỊNH CHUNG", "PHẦN 2: TỔ CHỨC THỰC HIỆN")),
    Marker("chapter", re.compile(r"^(?:Chương|CHƯƠNG)\s+(?P<label>[IVXLC]+|\d+)\b[.:]?\s*(?P<rest>.*)$"),
           1, "chapter", "chapter", "Chương", r"(?:Chương|CHƯƠNG)\s+[0-9IVXLC]+\b",
           ("Chương I", "CHƯƠNG II. QUY ĐỊNH CỤ THỂ")),
    Marker("muc", re.compile(r"^(?:Mục|MỤC)\s+(?P<label>\d+|[IVXLC]+)\b[.:]?\s*(?P<rest>.*)$"),
           2, "section", "muc", "Mục", r"(?:Mục|MỤC)\s+[0-9IVXLC]+\b",
           ("Mục 1. TRÌNH TỰ, THỦ TỤC", "MỤC II")),
    Marker("article", re.compile(rf"^{_ARTICLE_HEAD}(?P<rest>.*)$"),
           3, "article", "article", "Điều", r"Điều\s+[0-9IVXLC]+\b",
           ("Điều 1. Phạm vi điều chỉnh", "Điều 5: Hiệu lực thi hành")),
    Marker("roman", re.compile(r"^(?!V\s*/\s*[vV]\b)(?P<label>[IVXLC]{1,6})\s*[.)/]\s*(?P<rest>\S.*)$"),  # not "V/v …"
           3, "section", "section", None, r"[IVXLC]{1,6}[.)]\s",
           ("II. NHIỆM VỤ VÀ GIẢI PHÁP", "IV) Tổ chức thực hiện")),
    Marker("clause", re.compile(r"^(?P<label>\d{1,3}(?:\.\d{1,3})*)\s*[.)]\s*(?P<rest>\S.*)$"),
           4, "clause", "clause", None, r"\d{1,3}(?:\.\d{1,3})*[.)]\s*\S",
           ("1. Mục đích", "3.23. Xây dựng cơ sở dữ liệu", "2) Sở Tài chính chủ trì")),
    Marker("point", re.compile(r"^(?P<label>[a-zđ])\s*\)\s*(?P<rest>\S.*)$"),
           5, "point", "point", None, r"[a-zđ][)]\s",
           ("a) Thành lập Tổ công tác;", "đ) Các nhiệm vụ khác")),
    Marker("dash", re.compile(r"^[-–—•]\s*(?P<rest>\S.*)$"),
           6, "item", "item", None, r"[-–—•]\s*\S",
           ("- Như trên;", "– Lưu: VT, NC.", "• Tổ chức tập huấn")),
    Marker("plus", re.compile(r"^\+\s*(?P<rest>\S.*)$"),
           7, "item", "item", None, r"\+\s*\S",
           ("+ Tổ chức hội nghị sơ kết",)),
    Marker("appendix", re.compile(
        r"^(?P<label>(?:PHỤ\s+LỤC|Phụ\s+lục)(?:\s+(?:số\s+)?[IVXLC\d]+[a-z]?)?)\s*[.:]?\s*(?P<rest>.*)$"),
        starts=r"(?:Phụ\s+lục|PHỤ\s+LỤC)\b", examples=("PHỤ LỤC I", "Phụ lục số 02: Danh mục nhiệm vụ")),
    Marker("basis", re.compile(r"^(?:Căn\s+cứ|Thực\s+hiện|Theo\s+đề\s+nghị|Xét\s+đề\s+nghị|Xét)\b"),
           starts=r"""(?:Căn\s+cứ             # Căn cứ Luật Tổ chức chính quyền địa phương
                       |Xét\s+đề\s+nghị|Xét  # Xét đề nghị của Giám đốc Sở Nội vụ
                       |Theo\s+đề\s+nghị     # Theo đề nghị của Bộ trưởng Bộ Tư pháp
                      )\b""",
           examples=("Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;",
                     "Xét đề nghị của Giám đốc Sở Nội vụ tại Tờ trình số 131/TTr-SNV.",
                     "Theo đề nghị của Bộ trưởng Bộ Tư pháp,")),
    # without its colon only alone or before its first item: "Nơi nhận báo cáo tài chính …" is a sentence
    Marker("recipients", re.compile(r"^Nơi\s+nhận\s*(?::|(?=[-–•+]|$))\s*(?P<rest>.*)$", re.I), starts=r"Nơi\s+nhận\b",
           examples=("Nơi nhận:", "Nơi nhận: - Như Điều 3;", "Nơi nhận", "Nơi nhận - Như Điều 3;")),
    Marker("salutation", Folded(r"^kinh\s+gui\b"), starts=r"Kính\s+gửi\b",  # OCR may drop its marks: "Kinh gửi"
           examples=("Kính gửi: Các sở, ban, ngành tỉnh",)),
    Marker("number", re.compile(  # "Số: 2571/QĐ-UBND", "Luật số: 51/2024/QH15", "Thông tư số 102/2018/TT-BTC ngày …"
        r"^(?:(?P<type>[A-ZĐÀ-Ỹa-zđà-ỹ][^\d:;,.]{1,30}?)\s+)?[Ss][ốỐ]\s*(?:hiệu)?\s*[:.]?\s*(?P<rest>(?:\d|/|$).*)$"),
        starts=r"Số\s*:\b",  # "Số:12" opens a paragraph, "Số: 12" (a space after the colon) does not
        examples=("Số:2571/QĐ-UBND",)),
    Marker("subject", re.compile(r"^(?:V/v|V/V|Về\s+việc)\s*:?\s*(\S.*)$"), starts=r"V/v\b",
           examples=("V/v triển khai thực hiện Kế hoạch số 12/KH-UBND",)),
    Marker("attached_note", re.compile(r"^\(?\s*\*?\s*(?:Ban\s+hành\s+)?kèm\s+theo\b", re.I),
           starts=r"\((?:Kèm|Ban\s+hành\s+kèm)",
           examples=("(Kèm theo Quyết định số 2571/QĐ-UBND ngày 30/12/2022)",
                     "(Ban hành kèm theo Nghị quyết số 76/NQ-CP)")),
    Marker("sign_capacity", re.compile(r"^(?:TM|KT|TL|TUQ|Q|T/M|K/T)\s*\.?\s+\S", re.I),
           starts=r"(?:TM|KT|TL|TUQ|Q)\.\s",
           examples=("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "TL. BỘ TRƯỞNG", "Q. GIÁM ĐỐC")),
)
MARKER: dict[str, Marker] = {m.kind: m for m in MARKERS}
# The divisions of the tree, in the order ``classify`` tries them.
DIVISIONS: tuple[Marker, ...] = tuple(m for m in MARKERS if m.rank is not None)
# A line that starts a new paragraph whatever precedes it (the readers' rule for hard-wrapped text).
STARTS = re.compile(r"^\s*(?:" + "\n|".join(m.starts for m in MARKERS if m.starts) + "\n)", re.X)

PART, CHAPTER, MUC, ARTICLE = (MARKER[k].pattern for k in ("part", "chapter", "muc", "article"))
ROMAN, CLAUSE, POINT, DASH, PLUS = (MARKER[k].pattern for k in ("roman", "clause", "point", "dash", "plus"))
APPENDIX, BASIS, RECIPIENTS = MARKER["appendix"].pattern, MARKER["basis"].pattern, MARKER["recipients"].pattern
ATTACHED_NOTE, SIGN_CAPACITY = MARKER["attached_note"].pattern, MARKER["sign_capacity"].pattern
# A công văn's trích yếu under its number: "V/v triển khai thực hiện …"; the salutation that follows it.
SUBJECT_LINE, SALUTATION = MARKER["subject"].pattern, MARKER["salutation"].pattern
NUMBER_LINE = MARKER["number"].pattern


def any_of(patterns: list[re.Pattern[str]]) -> re.Pattern[str]:
    """One alternation of *patterns* (of the same flags), their group names dropped: it matches
    where one of them matches, in one call instead of one per pattern."""
    if len({p.flags for p in patterns}) > 1:
        raise ValueError("patterns of different flags cannot be joined")
    return re.compile("|".join("(?:" + re.sub(r"\(\?P<\w+>", "(?:", p.pattern) + ")" for p in patterns), patterns[0].flags)


# A paragraph that opens no division matches none of them: most paragraphs are prose.
_ANY_DIVISION = any_of([m.pattern for m in DIVISIONS])


def classify(text: str) -> tuple[str, re.Match[str]] | None:
    """The division a paragraph starts with, as (kind, match), or None for plain prose.

    >>> classify("3.23. Xây dựng cơ sở dữ liệu")[0], classify("Điều 5. Hiệu lực thi hành")[1]["label"]
    ('clause', '5')
    """
    if _ANY_DIVISION.match(text) is None:
        return None
    for marker in DIVISIONS:
        m = marker.pattern.match(text)
        if m and not (marker.kind in _CITABLE and _cited(text, m)):
            return marker.kind, m
    return None


# The divisions a sentence names by their word and number, that a wrapped line can open with.
_CITABLE = frozenset({"part", "chapter", "muc"})
# What follows a division named in a sentence: a mark, a digit or lower case ("Chương III;", "Mục 14.1
# CDNT", "Mục 1, khoản A.I …", "Mục 3 chương II"), or in mixed case the text it belongs to ("Chương VII
# Nghị định số 24/2024/NĐ-CP.", "Phần VI Phụ lục I"); a heading's title is its own words ("Chương I QUY
# ĐỊNH CHUNG", "Chương II Quản lý …").
_CITED_START = re.compile(r"^[,;.)\d]|^[a-zđà-ỹ]")
_CITED_TEXT = re.compile(r"^(?:Nghị\s+định|Thông\s+tư|Luật|Bộ\s+luật|Nghị\s+quyết|Quyết\s+định|Pháp\s+lệnh|Hiến\s+pháp|"
                         r"Phụ\s+lục)\b")


def _cited(text: str, m: re.Match[str]) -> bool:
    """Whether a part's, chapter's or section's line (match *m*) names a division in a sentence
    rather than heading one: no mark after its number, and its rest as _CITED_START or _CITED_TEXT say."""
    after = text[m.end("label"):].lstrip()
    if after[:1] in (".", ":") and not after[1:2].isdigit():  # "Chương I. …" is marked; "Mục 14.1 CDNT" is not
        return False
    rest = after.lstrip(".:").strip() if after[:1] in (".", ":") else after.strip()
    return bool(_CITED_START.match(rest) or (not is_caps(rest) and _CITED_TEXT.match(rest)))


_ARTICLE_LABEL = re.compile(_ARTICLE_HEAD)


def _opens_sentence(label: Label) -> bool:
    """The labels a sentence of an article may open with: a clause's number with its mark ("1.",
    "2.3)"), a point's letter ("a)"), a list mark ("-", "–", "+", "•")."""
    if label.kind == DECIMAL:
        return bool(label.mark)
    if label.kind == LETTER:
        return label.mark == ")" and not label.gap
    return label.kind in BULLET_KINDS and label.value != "—"


def labels_end(text: str) -> int:
    """Where the words of a sentence begin after the numbering it opens with, all of it: an
    article's heading, clause numbers, a point's letter, list marks.

    >>> text = "Điều 3. 1. a) - Bãi bỏ Quyết định số 12/2020/QĐ-UBND"
    >>> text[labels_end(text):]
    'Bãi bỏ Quyết định số 12/2020/QĐ-UBND'
    """
    pos = len(text) - len(text.lstrip())
    while True:
        article = _ARTICLE_LABEL.match(text, pos)
        if article:
            pos = article.end()
            continue
        label = parse_label(text[pos:])
        if label is None or not _opens_sentence(label):
            return pos
        pos += label.rest


MOTTO = Folded(r"cong\s+hoa\s+xa\s+hoi\s+chu\s+nghia|doc\s+lap\s*[-–]\s*tu\s+do|dang\s+cong\s+san\s+viet\s+nam")
# "Lâm Đồng, ngày 30 tháng 12 năm 2022", "Hà Nội, ngày    tháng    năm 2025" (day and month left blank)
PLACE_DATE = re.compile(r"""
    ^(?P<place>[^,\d()]{2,50}?),\s*         # Lâm Đồng,
    ngày\s*(?P<d>\d{0,2})\s*                # ngày 30
    tháng\s*(?P<m>\d{0,2})\s*               # tháng 12
    năm\s*(?:(?P<y>\d{4})|$)                # năm 2022
""", re.I | re.X)
# The line that opens the operative part: a type's name ("QUYẾT ĐỊNH:", doc_type_uses.csv, use "decide") or a verb.
DECIDE = re.compile(r"^(?:" + alternation(doc_type_words("decide"), "caps") + r"|QUYẾT\s+NGHỊ|BAN\s+HÀNH)\s*:\s*$", re.I)
END_OF_TEXT = re.compile(r"\./\.\s*$")
# The authority line of a decision: "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH …", "THỦ TƯỚNG CHÍNH PHỦ", "BỘ TRƯỞNG BỘ …"
# (offices.csv and body_heads.csv, use "authority").
AUTHORITY = re.compile(r"^(?:" + alternation(offices("authority") + body_heads("authority"), "caps") + r")\b")


# The authority line glued to the end of a capitals title by a web page ("… TỈNH PHÚ THỌ CHỦ TỊCH ỦY
# BAN NHÂN DÂN TỈNH PHÚ THỌ"): cut there unless a linking word shows it belongs to the title.
_AUTHORITY_TAIL = re.compile(r"""
    ^(?P<title>.*?\S)\s+(?P<authority>
        (?:PHÓ\s+)?CHỦ\s+TỊCH\s+(?:(?:ỦY|UỶ)\s+BAN\s+NHÂN\s+DÂN|UBND)\b.*    # CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH PHÚ THỌ
      | BỘ\s+TRƯỞNG\s+BỘ\s+.*                                               # BỘ TRƯỞNG BỘ TÀI CHÍNH
      | THỦ\s+TƯỚNG\s+CHÍNH\s+PHỦ                                            # THỦ TƯỚNG CHÍNH PHỦ
      | (?:ỦY|UỶ)\s+BAN\s+NHÂN\s+DÂN\s+(?:TỈNH|THÀNH\s+PHỐ)\s+.*             # ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG
      | HỘI\s+ĐỒNG\s+NHÂN\s+DÂN\s+(?:TỈNH|THÀNH\s+PHỐ)\s+.*                 # HỘI ĐỒNG NHÂN DÂN THÀNH PHỐ HÀ NỘI
    )$""", re.X)
# Words that link a phrase to the next: a title, a line or a cell seldom ends on one ("… của" / "Chính phủ").
# The quotation marks an amending provision puts its new wording between.
QUOTE_OPEN, QUOTE_CLOSE = "“", "”"


def open_marks(text: str) -> int:
    """Opening quotation marks of *text* not closed in it (negative: more closed than opened)."""
    return text.count(QUOTE_OPEN) - text.count(QUOTE_CLOSE)


LINKING = frozenset({"và", "với", "của", "các", "cho", "tại", "theo", "về", "là", "thuộc", "trong", "đối", "hoặc", "ở",
                     "từ", "trên", "do", "bởi", "đến"})


def split_authority(title: str) -> tuple[str, str | None]:
    """(title, the authority line glued to its end or None), for a title in capitals."""
    m = _AUTHORITY_TAIL.match(title)
    if (not m or not is_caps(title) or m.group("title").split()[-1].lower() in LINKING
            or len(m.group("authority").split()) > 12 or len(m.group("title").split()) < 3):
        return title, None
    return m.group("title"), m.group("authority")


# Offices a signer holds, as printed above the name ("CHỦ TỊCH", "PHÓ GIÁM ĐỐC" …): offices.csv, use "sign".
OFFICES = alternation(offices("sign"), "caps")
# The rank a police or army officer signs with before the name ("Thiếu tướng Trương Minh Đương"),
# marks and case folded as OCR may misread them ("Thiệu tướng").
_RANK = r"(?:dai|thuong|trung|thieu)\s+(?:tuong|ta|uy)"
RANK = Folded(rf"^{_RANK}\s+(?=\S)")
RANK_AT_END = Folded(rf"(?:^|\s){_RANK}\s*$")
# A signing line flattened onto a recipients line by a two-column layout: "- Như trên; CHÁNH VĂN
# PHÒNG", "Nơi nhận: TL. CHỦ TỊCH", "- Như Điều 3; TM. ỦY BAN NHÂN DÂN".
_SIGN_TAIL = re.compile(rf"""
    ^(?P<head>.*?)\s*(?P<sig>
        (?:(?:TM|KT|TL|TUQ|Q)\s*\.\s*)?            # "KT. ", "TM. "
        (?:PHÓ\s+)?                                # "PHÓ CHỦ TỊCH"
        (?:{OFFICES}                                # "CHÁNH VĂN PHÒNG" (offices.csv, use "sign")
          | ỦY\s+BAN\s+NHÂN\s+DÂN | UỶ\s+BAN\s+NHÂN\s+DÂN  # "TM. ỦY BAN NHÂN DÂN"
          | HỘI\s+ĐỒNG\s+NHÂN\s+DÂN                  # "TM. HỘI ĐỒNG NHÂN DÂN"
          | CHÍNH\s+PHỦ                              # "TM. CHÍNH PHỦ"
          | BỘ\s+[A-ZĐ]                              # "BỘ TÀI CHÍNH"
        )[A-ZĐÀ-Ỹ\s,.-]*
    )$""", re.X)


def signature_tail(text: str) -> tuple[str, str | None]:
    """(the recipients part of a line, the signing words flattened onto its end, or None)."""
    m = _SIGN_TAIL.match(text.strip())
    if not m or not is_caps(m.group("sig")) or len(m.group("sig").split()) > 10:
        return text, None
    head = m.group("head").strip()
    if head and not head.endswith((";", ":", ",", ".")):  # the capitals must start after a recipient's end
        return text, None
    return head, m.group("sig").strip()


def is_caps(text: str) -> bool:
    """True when nearly every letter is upper case (headings, issuer lines)."""
    letters = sum(map(str.isalpha, text))
    return letters >= 2 and sum(map(str.isupper, text)) / letters > 0.85


@lru_cache(maxsize=1)
def _folded_type_names() -> list[tuple[str, str]]:
    return [(name, fold(name)) for name in doc_type_names()]


# The characters fold() turns into " " or "*": what ``fold(text).lstrip(" *")`` strips, on the text itself.
_FOLDS_TO_STRIPPED = " *\t\u00a0"


@lru_cache(maxsize=1)
def _type_name_start() -> tuple[re.Pattern[str], int]:
    """The folded type names as one alternation, and the longest's length: a paragraph opens with
    a type name only if its first folded characters (after blanks and "*") are one of them."""
    names = [f for _, f in _folded_type_names()]
    return re.compile("|".join(map(re.escape, names))), max(map(len, names))


def opens_with_type_name(text: str) -> bool:
    """The necessary condition of ``doc_type_heading``, read on a short prefix instead of the whole
    folded paragraph (most paragraphs are body text, some of them pages long)."""
    pattern, longest = _type_name_start()
    return pattern.match(fold(text.lstrip(_FOLDS_TO_STRIPPED)[:longest])) is not None


def doc_type_heading(text: str) -> tuple[str, str] | None:
    """If *text* opens with a document type in capitals ("QUYẾT ĐỊNH", "KẾ HOẠCH …"), return
    (type name, the rest of the paragraph); else None."""
    if not opens_with_type_name(text):
        return None
    folded = fold(text).strip(" *")
    plain = text.strip(" *")
    for name, f in _folded_type_names():
        if not folded.startswith(f):
            continue
        # the name ends at a non-letter, or where a web page glued the title on ("NGHỊ ĐỊNHQuy định …")
        glued = len(plain) > len(name) + 1 and plain[len(name)].isupper() and plain[len(name) + 1].islower()
        if len(folded) == len(f) or not folded[len(f)].isalnum() or glued:
            head = plain[: len(name)]
            if not is_caps(head):
                return None
            rest = text.strip(" *")[len(name):].strip(" :*")
            return name, rest
    return None
