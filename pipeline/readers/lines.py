"""Physical lines with offsets, and the re-joining of hard-wrapped lines into paragraphs."""
from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.notation.labels import ROW_KINDS, parse_label
from pipeline.notation.markers import DIVISIONS, LINKING, MOTTO, QUOTE_OPEN, STARTS, is_caps
from pipeline.text import clean_space


@dataclass
class Line:
    """One physical line of the decoded source: its text and [start, end) offsets."""

    text: str
    start: int
    end: int
    page: int | None = None


def split_lines(text: str) -> list[Line]:
    """Split on \\n (after \\r\\n / \\r normalisation was done by the caller) keeping offsets."""
    out, pos = [], 0
    for raw in text.split("\n"):
        out.append(Line(raw, pos, pos + len(raw)))
        pos += len(raw) + 1
    return out


# "Lâm Đồng, ngày 30 tháng 12 năm 2022" opens a paragraph, unless the line before ends inside the
# place name ("Thành phố Hồ" / "Chí Minh, ngày …").
_PLACE_DATE_START = re.compile(r"^\s*[^,\d]{2,40},\s+ngày\s")
_ENDS_SENTENCE = re.compile(r"[.;:!?…]['\"”’)*\]]*\s*$")


def looks_wrapped(lines: list[Line], short: int = 0, printed: bool = False) -> bool:
    """True when the source is hard-wrapped (lines cut at a fixed width), so lines must be re-joined:
    no line longer than a printed line, and most lines of a line's width, or, in a text known to be
    printed pages (*printed*: a gazette's, whose flattened tables make most lines short), most of
    its lines of a line's width ending mid-sentence (an OCR's noise lines end so too: not asked).
    *short*: further lines known to be short (a PDF table's place counts as one line of its page)."""
    texts = [t for t in (ln.text.strip() for ln in lines) if t]
    lengths = [len(t) for t in texts] + [0] * short
    if len(lengths) < 8 or sum(n > 160 for n in lengths) / len(lengths) >= 0.03:
        return False
    if sum(45 <= n <= 160 for n in lengths) / len(lengths) > 0.4:
        return True
    if not printed:
        return False
    full = [t for t in texts[:-1] if 60 <= len(t) <= 160]
    return len(full) >= 8 and sum(not _ENDS_SENTENCE.search(t) for t in full) >= _OPEN_SHARE * len(full)


# Of a hard-wrapped text's lines of a printed line's width, the least share that end inside a
# sentence ("… phù hợp, trọng tâm về"); a text of one paragraph a line ends nearly all of them.
_OPEN_SHARE = 0.5


def starts_paragraph(text: str, prev: str = "") -> bool:
    """True when *text* opens a new paragraph by its own form (a marker, a heading word), unless it
    is a division cited where *prev* breaks off its reference ("… quy định tại khoản 2" / "Điều 7
    Luật Giám định tư pháp"); or when it opens a quotation with a marked division (an amending
    article's new wording: "Điều 1. Sửa đổi, bổ sung khoản 4 của Điều 5" / "“4. Người nộp phí …")."""
    if STARTS.match(text):
        return not (_CITED_DIVISION.match(text) and _ENDS_IN_REFERENCE.search(prev))
    if _PLACE_DATE_START.match(text):
        last = prev.split()[-1] if prev.split() else ""
        return not (last[:1].isupper() and last[1:].islower())
    if _QUOTED_DIVISION.match(text):
        words = prev.split()
        return not (words and words[-1].lower() in LINKING)
    return False


# A division named without the mark after its number, as a reference cites it: "Điều 7 Luật …",
# "Điều 5 và Điều 7 Thông tư này", "Chương II của Luật" (a heading has its mark: "Điều 7. …").
_CITED_DIVISION = re.compile(r"^\s*(?:Điều|Chương|Mục|Phần)\s+[0-9IVXLC]+[a-z]?(?!\s*[.:)]|[0-9a-zIVXLC])")
# A line breaking off a reference: on a linking word ("… quy định tại"), a comma ("… khoản 2 Điều 41,")
# or a clause or point before its article ("… tại khoản 2", "… khoản 1, 2", "… điểm b khoản 4").
_ENDS_IN_REFERENCE = re.compile(
    r"(?:(?:^|\s)(?:" + "|".join(sorted(LINKING)) + r"|(?:khoản|điểm)\s+\w+(?:\s*,\s*\w+)*)|,)\s*$", re.I)
# A quotation opening with a marked division: "“4. Người nộp phí", "“Điều 6. Khai, thu …", "“a) Trường hợp".
_QUOTED_DIVISION = re.compile(r"^\s*[" + QUOTE_OPEN + r"\"](?:(?:Điều|ĐIỀU)\s+\d+[a-z]?\s*[.:]|\d{1,3}[a-z]?(?:\.\d{1,3})*[.)]\s*\S|"
                              r"[a-zđ]\d?\)\s|(?:Mục|MỤC|Chương|CHƯƠNG)\s+[0-9IVXLC]+[a-z]?\s*$)")


# A code cut at its hyphen or slash by a line end: "140/2018/NĐ-" + "CP ngày …" is one "NĐ-CP",
# "01/2024/" + "TT-BLĐTBXH" one number.
_CUT_CODE = re.compile(r"(?:(?<=[0-9A-ZĐÀ-Ỹ/])(-)|(?<=\d)(/))\s*\n\s*(?=[A-ZĐ]{2,}\b|[A-ZĐ]+[-/])")


CUT_END = re.compile(r"(?:[0-9A-ZĐÀ-Ỹ/]-|\d/)\s*$")
CODE_START = re.compile(r"^\s*(?:[A-ZĐ]{2,}\b|[A-ZĐ]+[-/])")


def rejoin_cut_codes(groups: list[list[Line]]) -> list[list[Line]]:
    """Paragraphs whose last line ends in a code cut at its hyphen ("… số 140/2018/NĐ-") go on
    into the next ("CP ngày …"), whatever else split them."""
    out: list[list[Line]] = []
    for g in groups:
        if out and CUT_END.search(out[-1][-1].text) and CODE_START.match(g[0].text):
            out[-1] = out[-1] + g
        else:
            out.append(g)
    return out


# A symbol cut inside its letters by a narrow cell: "52/2015/N" + "Đ-CP" is one "NĐ-CP".
_CUT_SYMBOL = re.compile(r"(\d/[A-ZĐ]{1,5})\s*\n\s*(?=[A-ZĐ]{1,5}-[A-ZĐ])")


def join_lines(texts: list[str]) -> str:
    """The lines of one paragraph as one text: a space at each line end, none inside a code that a
    line end cut at its hyphen, its slash or inside its letters."""
    text = _CUT_CODE.sub(lambda m: m.group(1) or m.group(2), "\n".join(t.strip() for t in texts))
    return _CUT_SYMBOL.sub(r"\1", text).replace("\n", " ")


def join_wrapped(lines: list[Line], width: int | None = None, full: int | None = None) -> list[list[Line]]:
    """Group consecutive non-blank lines into paragraphs: a blank line, a marker line, a change
    between capitals and mixed case, or a sentence end before a capital starts a new one; with the
    text's printed *width* (``line_width``), so does a sentence end before a digit (a table's code:
    "… Bộ Giao thông vận tải." / "0207. Số lượng …") and a line well short of it before a mixed-case line
    that opens with a capital or a digit (a paragraph's last line, a table cell's: "CG1" / "150" /
    "2 Phân tích, đánh giá …"); lines in capitals go on (a centred heading: "DANH MỤC" / "SẢN PHẨM …").
    A line that is only a division's label goes on into the next, its words ("1." / "Quyết định này …");
    a header's number alone and its motto are paragraphs of their own. With the length of a *full*
    line (``full_line``), a division's heading ends at a line its next word would have fitted on."""
    groups: list[list[Line]] = []
    current: list[Line] = []
    prev, prev_caps = "", False
    heading = False  # the paragraph so far is a division's heading: "Điều 39. Xây dựng …", no sentence end
    short = width * _SHORT_SHARE if width else 0
    for ln in lines:
        text = clean_space(ln.text)
        if not text:
            if current:
                groups.append(current)
                current = []
            continue
        caps = is_caps(text)
        if current and not (len(current) == 1 and _label_alone(prev)) and (
                _breaks(prev, text, prev_caps, caps, short) or (heading and _heading_ends(prev, text, full))):
            groups.append(current)
            current = []
        if not current:
            heading = bool(full) and any(d.pattern.match(text) for d in DIVISIONS)
        heading = heading and len(current) < _HEADING_LINES and not _ENDS_SENTENCE.search(text)
        current.append(ln)
        prev, prev_caps = text, caps
    if current:
        groups.append(current)
    return groups


def _breaks(prev: str, text: str, prev_caps: bool, caps: bool, short: float) -> bool:
    """Whether line *text* opens a new paragraph after line *prev* in a wrapped text (see join_wrapped;
    *prev_caps*, *caps*: whether each is in capitals; *short*: the length under which a line ends its
    paragraph, 0 when the width is unknown)."""
    if starts_paragraph(text, prev) or prev_caps != caps or _header_line(text, caps) or _header_line(prev, prev_caps):
        return True
    if _ENDS_SENTENCE.search(prev) and (text[:1].isupper() or _label_alone(text) or (short and text[:1].isdigit())):
        return True
    return len(prev) < short and not caps and _opens_after_short(text) and not _goes_on(prev)


# A line shorter than this share of the printed width ends its paragraph (wrapping fills a line to
# within a word of the width); unless it ends in a mark or a word that goes on ("Bộ Lao động -" /
# "Thương binh", "… ngày 16 tháng 5 năm 2024 của" / "Chính phủ", "Bộ Giáo dục và" / "Đào tạo", "Nghị
# định số" / "146/2025/NĐ-CP").
_SHORT_SHARE = 0.6
_GOES_ON = ("-", "–", ",", "/", "(")


# A division's heading (an article's, a clause's, a point's …) wraps over at most this many lines; its
# last line is shorter than this share of a full line by more than the body's first word ("Điều 39.
# Xây dựng định mức … thiết bị đào" / "tạo tối thiểu trình độ sơ cấp và đào tạo dưới 03 tháng" /
# "Thực hiện theo quy định tại Điều 7 …"; "1. Xác định người trúng tuyển trong kỳ thi thăng hạng" /
# "Việc xác định người trúng tuyển …").
_HEADING_LINES = 3
_HEADING_FILL = 0.88


def _heading_ends(prev: str, text: str, full: int | None) -> bool:
    """Whether a division's heading ends at line *prev* before *text*: *text* opens with a capital
    that is not an abbreviation ("GTGT"), *prev* does not go on (a mark, a linking word, a name's
    capitalised word: "… Bộ Tư pháp Việt" / "Nam", a reference: "… điểm e khoản 3" / "Điều 10 …") and
    the next word would have fitted on it."""
    first = text.split(" ", 1)[0]
    if not full or not first[:1].isupper() or (len(first) > 1 and first.isupper()) or _goes_on(prev) \
            or _ENDS_IN_REFERENCE.search(prev):
        return False
    last = prev.rsplit(" ", 1)[-1]
    return not last[:1].isupper() and len(prev) + 1 + len(first) < _HEADING_FILL * full


def full_line(lines: list[Line]) -> int | None:
    """The length of a full line of a hard-wrapped text: the median of its lines of prose width (45 to
    160 characters) cut inside a sentence (the next line opens in lower case), None with fewer than 8;
    unlike ``line_width`` no wide table row weighs on it."""
    texts = [ln.text.strip() for ln in lines]
    lengths = sorted(len(a) for a, b in zip(texts, texts[1:]) if 45 <= len(a) <= 160 and b[:1].islower())
    return lengths[len(lengths) // 2] if len(lengths) >= 8 else None


def _goes_on(line: str) -> bool:
    """Whether *line* ends on a mark or a linking word, so that its paragraph goes on."""
    words = line.split()
    return line.endswith(_GOES_ON) or (bool(words) and (words[-1].lower() in LINKING or words[-1] == "số"))


def _opens_after_short(text: str) -> bool:
    """Whether *text* may open a paragraph after a short line: it starts with a capital or a digit."""
    return text[:1].isupper() or text[:1].isdigit()


# A header's number alone on its line: "Số: 10/2022/TT-BLĐTBXH" (in capitals, as the issuer above it).
_NUMBER_ALONE = re.compile(r"^Số\s*:\s*\S*\d\S*/\S+$")


def _header_line(text: str, caps: bool) -> bool:
    """Whether *text* (*caps*: in capitals) is a header's line of its own column, not a paragraph's
    words: the number alone, or the motto in capitals opening its line (a gazette's "THƯƠNG BINH VÀ
    XÃ HỘI" / "Số: 10/2022/TT-BLĐTBXH" / "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" had become one paragraph)."""
    if _NUMBER_ALONE.match(text):
        return True
    return caps and MOTTO.match(text) is not None  # not "… Hiến pháp nước" / "Cộng hòa xã hội …"


# A division's word alone on its line, its number on the next ("**Điều" / "3. Điều khoản thi hành**").
_DIVISION_WORD = re.compile(r"^(?:Phần|PHẦN|Chương|CHƯƠNG|Mục|MỤC|Điều|ĐIỀU)$")


def _label_alone(text: str) -> bool:
    """Whether *text* is only a division's label, its words cut onto the next line: a marked number,
    roman or letter ("1.", "II.", "a)"), or the word before a number ("Điều")."""
    label = parse_label(text)
    if label is not None and label.bare and label.kind in ROW_KINDS and label.mark:
        return True
    return _DIVISION_WORD.match(text) is not None


def line_width(lines: list[Line]) -> int | None:
    """The printed width of a hard-wrapped text: the 95th percentile of its lines' lengths of prose
    width (45 to 160 characters), None with fewer than 8 such lines."""
    lengths = sorted(n for n in (len(ln.text.strip()) for ln in lines) if 45 <= n <= 160)
    return lengths[int(len(lengths) * 0.95)] if len(lengths) >= 8 else None
