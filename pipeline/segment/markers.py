"""How a paragraph announces its role: the patterns segmentation and the header reader share."""
from __future__ import annotations

import re
from functools import lru_cache

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


MOTTO = Folded(r"cong\s+hoa\s+xa\s+hoi\s+chu\s+nghia|doc\s+lap\s*[-–]\s*tu\s+do|dang\s+cong\s+san\s+viet\s+nam")
# "Số: 2571/QĐ-UBND", "Luật số: 51/2024/QH15", "Thông tư số 102/2018/TT-BTC ngày …", "Số:      /KH-UBND"
NUMBER_LINE = re.compile(
    r"^(?:(?P<type>[A-ZĐÀ-Ỹa-zđà-ỹ][^\d:;,.]{1,30}?)\s+)?[Ss][ốỐ]\s*(?:hiệu)?\s*[:.]?\s*(?P<rest>(?:\d|/|$).*)$"
)
PLACE_DATE = re.compile(
    r"^(?P<place>[^,\d()]{2,50}?),\s*ngày\s*(?P<d>\d{0,2})\s*tháng\s*(?P<m>\d{0,2})\s*năm\s*(?:(?P<y>\d{4})|$)", re.I
)
BASIS = re.compile(r"^(?:Căn\s+cứ|Thực\s+hiện|Theo\s+đề\s+nghị|Xét\s+đề\s+nghị|Xét)\b")
DECIDE = re.compile(r"^(?:QUYẾT\s+ĐỊNH|NGHỊ\s+QUYẾT|CHỈ\s+THỊ|QUYẾT\s+NGHỊ|BAN\s+HÀNH)\s*:\s*$", re.I)
PART = re.compile(r"^(?:Phần|PHẦN)\s+(?P<label>[IVXLC]+|\d+|thứ\s+\w+|THỨ\s+\w+)\b[.:]?\s*(?P<rest>.*)$")
CHAPTER = re.compile(r"^(?:Chương|CHƯƠNG)\s+(?P<label>[IVXLC]+|\d+)\b[.:]?\s*(?P<rest>.*)$")
MUC = re.compile(r"^(?:Mục|MỤC)\s+(?P<label>\d+|[IVXLC]+)\b[.:]?\s*(?P<rest>.*)$")
ARTICLE = re.compile(r"^(?:Điều|ĐIỀU)\s+(?P<label>\d+[a-z]?)\s*[.:]\s*(?P<rest>.*)$")
ROMAN = re.compile(r"^(?P<label>[IVXLC]{1,6})\s*[.)/]\s*(?P<rest>\S.*)$")
CLAUSE = re.compile(r"^(?P<label>\d{1,3}(?:\.\d{1,3})*)\s*[.)]\s*(?P<rest>\S.*)$")
POINT = re.compile(r"^(?P<label>[a-zđ])\s*\)\s*(?P<rest>\S.*)$")
DASH = re.compile(r"^[-–—•]\s*(?P<rest>\S.*)$")
PLUS = re.compile(r"^\+\s*(?P<rest>\S.*)$")
APPENDIX = re.compile(r"^(?P<label>(?:PHỤ\s+LỤC|Phụ\s+lục)(?:\s+(?:số\s+)?[IVXLC\d]+[a-z]?)?)\s*[.:]?\s*(?P<rest>.*)$")
ATTACHED_NOTE = re.compile(r"^\(?\s*\*?\s*(?:Ban\s+hành\s+)?kèm\s+theo\b", re.I)
RECIPIENTS = re.compile(r"^Nơi\s+nhận\s*:?\s*(?P<rest>.*)$", re.I)
SIGN_CAPACITY = re.compile(r"^(?:TM|KT|TL|TUQ|Q|T/M|K/T)\s*\.?\s+\S", re.I)
END_OF_TEXT = re.compile(r"\./\.\s*$")
# A công văn's trích yếu under its number: "V/v triển khai thực hiện …".
SUBJECT_LINE = re.compile(r"^(?:V/v|V/V|Về\s+việc)\s*:?\s*(\S.*)$")
# The salutation that follows it.
SALUTATION = Folded(r"^kinh\s+gui\b")  # OCR may drop its marks: "Kinh gửi"
# The authority line of a decision: "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH …", "THỦ TƯỚNG CHÍNH PHỦ", "BỘ TRƯỞNG BỘ …".
AUTHORITY = re.compile(
    r"^(?:CHỦ\s+TỊCH|ỦY\s+BAN|UỶ\s+BAN|HỘI\s+ĐỒNG|THỦ\s+TƯỚNG|BỘ\s+TRƯỞNG|CHÍNH\s+PHỦ|QUỐC\s+HỘI|GIÁM\s+ĐỐC|"
    r"BAN\s+CHẤP\s+HÀNH|BAN\s+THƯỜNG\s+VỤ|BỘ\s+CHÍNH\s+TRỊ|BAN\s+BÍ\s+THƯ|TỔNG\s+GIÁM\s+ĐỐC|CHÁNH\s+VĂN\s+PHÒNG|"
    r"CỤC\s+TRƯỞNG|THỦ\s+TRƯỞNG|TRƯỞNG\s+BAN)\b"
)


# The authority line glued to the end of a capitals title by a web page ("… TỈNH PHÚ THỌ CHỦ TỊCH ỦY
# BAN NHÂN DÂN TỈNH PHÚ THỌ"): cut there unless a linking word shows it belongs to the title.
_AUTHORITY_TAIL = re.compile(
    r"^(?P<title>.*?\S)\s+(?P<authority>(?:PHÓ\s+)?CHỦ\s+TỊCH\s+(?:(?:ỦY|UỶ)\s+BAN\s+NHÂN\s+DÂN|UBND)\b.*"
    r"|BỘ\s+TRƯỞNG\s+BỘ\s+.*|THỦ\s+TƯỚNG\s+CHÍNH\s+PHỦ|(?:ỦY|UỶ)\s+BAN\s+NHÂN\s+DÂN\s+(?:TỈNH|THÀNH\s+PHỐ)\s+.*"
    r"|HỘI\s+ĐỒNG\s+NHÂN\s+DÂN\s+(?:TỈNH|THÀNH\s+PHỐ)\s+.*)$")
_LINKING = {"của", "thuộc", "cho", "với", "và", "tại", "trên", "là", "do", "bởi", "đến"}


def split_authority(title: str) -> tuple[str, str | None]:
    """(title, the authority line glued to its end or None), for a title in capitals."""
    m = _AUTHORITY_TAIL.match(title)
    if (not m or not is_caps(title) or m.group("title").split()[-1].lower() in _LINKING
            or len(m.group("authority").split()) > 12 or len(m.group("title").split()) < 3):
        return title, None
    return m.group("title"), m.group("authority")


# Offices a signer holds, as printed above the name ("CHỦ TỊCH", "PHÓ GIÁM ĐỐC" …).
OFFICES = (r"CHỦ\s+TỊCH|THỦ\s+TƯỚNG|BỘ\s+TRƯỞNG|THỨ\s+TRƯỞNG|GIÁM\s+ĐỐC|CHÁNH\s+VĂN\s+PHÒNG|TRƯỞNG\s+BAN|"
           r"TỔNG\s+BÍ\s+THƯ|BÍ\s+THƯ|TỔNG\s+GIÁM\s+ĐỐC|CỤC\s+TRƯỞNG|VỤ\s+TRƯỞNG|CHÁNH\s+ÁN|VIỆN\s+TRƯỞNG|"
           r"THỐNG\s+ĐỐC|TỔNG\s+KIỂM\s+TOÁN|CHÁNH\s+THANH\s+TRA|TRƯỞNG\s+PHÒNG|HIỆU\s+TRƯỞNG")
# The rank a police or army officer signs with before the name ("Thiếu tướng Trương Minh Đương"),
# marks and case folded as OCR may misread them ("Thiệu tướng").
_RANK = r"(?:dai|thuong|trung|thieu)\s+(?:tuong|ta|uy)"
RANK = Folded(rf"^{_RANK}\s+(?=\S)")
RANK_AT_END = Folded(rf"(?:^|\s){_RANK}\s*$")
# A signing line flattened onto a recipients line by a two-column layout: "- Như trên; CHÁNH VĂN
# PHÒNG", "Nơi nhận: TL. CHỦ TỊCH", "- Như Điều 3; TM. ỦY BAN NHÂN DÂN".
_SIGN_TAIL = re.compile(
    rf"^(?P<head>.*?)\s*(?P<sig>(?:(?:TM|KT|TL|TUQ|Q)\s*\.\s*)?(?:PHÓ\s+)?(?:{OFFICES}|"
    r"ỦY\s+BAN\s+NHÂN\s+DÂN|UỶ\s+BAN\s+NHÂN\s+DÂN|HỘI\s+ĐỒNG\s+NHÂN\s+DÂN|CHÍNH\s+PHỦ|BỘ\s+[A-ZĐ])[A-ZĐÀ-Ỹ\s,.-]*)$")


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


def doc_type_heading(text: str) -> tuple[str, str] | None:
    """If *text* opens with a document type in capitals ("QUYẾT ĐỊNH", "KẾ HOẠCH …"), return
    (type name, the rest of the paragraph); else None."""
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
