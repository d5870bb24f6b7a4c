"""Agency cells and phrases → agencies as written (split where the source separates them) and
their normalised names, with a gazetteer matched on the tokens of the folded form (spaCy's xx
tokenizer's rules, extractors/tokenize.py)."""
from __future__ import annotations

import csv
import re
from functools import lru_cache
from importlib import resources

from extractors.tokenize import PhraseMatcher, longest_spans, tokenize
from pipeline.notation.labels import BULLET_KINDS, DECIMAL, PAREN, parse_label
from pipeline.notation.offices import alternation, body_heads, offices
from pipeline.places import level_of, province
from pipeline.text import clean_space, fold


def _data(name: str) -> str:
    return resources.files("extractors.data").joinpath(name).read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def gazetteer() -> dict[str, tuple[str, str, str]]:
    """Folded name → (name, normalised form, kind)."""
    rows = csv.DictReader(ln for ln in _data("agencies.csv").splitlines() if ln and not ln.startswith("#"))
    return {fold(r["name"]): (r["name"], r["normalized"], r["kind"]) for r in rows}


@lru_cache(maxsize=1)
def abbreviations() -> list[tuple[str, str]]:
    rows = csv.DictReader(ln for ln in _data("abbreviations.csv").splitlines() if ln and not ln.startswith("#"))
    return sorted(((r["abbr"], r["expansion"]) for r in rows), key=lambda x: -len(x[0]))


@lru_cache(maxsize=1)
def agency_heads() -> re.Pattern[str]:
    """The words an agency's name opens with (body_heads.csv, use "agency"), matched on the folded text."""
    words = [fold(w) for w in body_heads("agency")]
    return re.compile(r"^(?:" + "|".join(sorted(map(re.escape, words), key=len, reverse=True)) + r")\b")


@lru_cache(maxsize=1)
def _matcher() -> PhraseMatcher:
    """A phrase matcher over the tokens of the folded gazetteer names (spaCy's xx tokenizer's rules)."""
    return PhraseMatcher([tuple(t for _, t in tokenize(k)) for k in gazetteer()])


def gazetteer_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of the longest non-overlapping gazetteer names in *text*."""
    return list(_gazetteer_spans(text))


_BLANKS = re.compile(r"\s+")


@lru_cache(maxsize=1)
def _squeezed_names() -> re.Pattern[str]:
    """Every folded gazetteer name without its blanks, as one alternation. A name the matcher finds
    has the same tokens as the text there, so it occurs in the text squeezed alike ("sonoivu")."""
    return re.compile("|".join(sorted((re.escape(_BLANKS.sub("", k)) for k in gazetteer()), key=len, reverse=True)))


@lru_cache(maxsize=8192)
def _gazetteer_spans(text: str) -> tuple[tuple[int, int], ...]:
    """gazetteer_spans, once per distinct text (a table's cells are asked about several times), and
    without tokenizing when no name can be in it (four texts in five)."""
    folded = fold(text)
    if not _squeezed_names().search(_BLANKS.sub("", folded)):
        return ()
    toks = tokenize(folded)
    found = longest_spans(_matcher()([t for _, t in toks]))
    return tuple((toks[s][0], toks[e - 1][0] + len(toks[e - 1][1])) for s, e in found)


def _split_run_together(part: str) -> list[str]:
    """"Sở Nội vụ Trường Chính trị tỉnh" (a lost line break) → two names, when the gazetteer
    covers the whole text with adjacent names and nothing else."""
    spans = gazetteer_spans(part)
    if len(spans) < 2:
        return [part]
    pos = 0
    for s, e in spans:
        if part[pos:s].strip():
            return [part]
        pos = e
    if part[pos:].strip():
        return [part]
    return [part[s:e] for s, e in spans]


_GENERIC = re.compile(r"^(?:don vi|co quan|co so|dia phuong|nganh|ban|to chuc|doanh nghiep)\b")


def _collective(before: str, part: str) -> bool:
    """A generic word in lower case ("cơ quan", "địa phương") goes on a collective name: one that
    opens with "các" ("các bộ, cơ quan"), ends with "các …" ("Bộ Tài chính và các bộ, cơ quan") or
    opens with a bare head word ("Bộ, cơ quan, địa phương")."""
    if not (part[:1].islower() and _GENERIC.match(fold(part))):
        return False
    f = fold(before)
    return f.startswith("cac ") or re.search(r"\bcac \w+$", f) is not None or " " not in f.split(",")[0].strip()


# A provincial body followed by more provinces: "UBND thành phố Hà Nội, Thành phố Hồ Chí Minh, Hòa Bình".
_BODY_OF_PROVINCE = re.compile(r"^(?P<body>UBND|HĐND|Ủy ban nhân dân|Uỷ ban nhân dân|Hội đồng nhân dân)\s+"
                               r"(?:tỉnh|thành phố|Thành phố|TP\.?)\s+(?P<place>.+)$")
_LEVEL_WORD = re.compile(r"^(?:tỉnh|thành phố|TP\.?)\s+", re.I)


def _body_per_province(parts: list[str]) -> list[str] | None:
    """"UBND thành phố Hà Nội, Thành phố Hồ Chí Minh, Hòa Bình, Cần Thơ" → one body per province,
    each with its own level ("UBND tỉnh Hòa Bình"), when every part after the first is a province."""
    m = _BODY_OF_PROVINCE.match(parts[0])
    if not m or len(parts) < 2 or province(m.group("place")) is None:
        return None
    names = [m.group("place")] + [_LEVEL_WORD.sub("", p) for p in parts[1:]]
    found = [province(n) for n in names]
    if not all(found):
        return None
    return [f"{m.group('body')} {level_of(name)} {name}" for name in found]


def _split_commas(piece: str) -> list[str]:
    parts = [p.strip() for p in piece.split(",")]
    per_province = _body_per_province(parts)
    if per_province:
        return per_province
    out: list[str] = []
    for p in parts:
        head = agency_heads().match(fold(p))
        # a one-word head ("Ban", "Sở", "Cục") opens a name only with its capital: "ban, ngành" does not;
        # a generic word continues a collective name ("các cơ quan, đơn vị, địa phương")
        if head and ((p[:1].islower() and " " not in head.group(0)) or (out and _collective(out[-1], p))):
            head = None
        if out and not head:
            out[-1] = f"{out[-1]}, {p}"
        else:
            out.append(p)
    # a list written as "Các sở, ban, ngành": the first word is a head but the rest are not → kept whole
    return out


_ROLE_ONLY = re.compile(r"^(?:" + alternation(offices("role"), "folded") + r")$")  # offices.csv, use "role"




def _drop_enumerator(line: str) -> str:
    """*line* without its list dash or bullet, or its number in an agency list: "(1) Bộ Tư pháp",
    "2. Bộ Công an" → "Bộ Tư pháp", "Bộ Công an"."""
    label = parse_label(line)
    if label is None:
        return line
    if label.kind in BULLET_KINDS and label.value != "—" or label.kind == PAREN and len(label.value) <= 2:
        return line[label.after_value:]
    if label.kind == DECIMAL and label.depth == 1 and len(label.value) <= 2 and label.spaced_mark:
        return line[label.rest:]
    return line


def _wrapped_name(line: str, following: str) -> bool:
    """True when a line break cut a name the gazetteer knows ("Bộ Công" / "Thương", "Văn phòng" /
    "Chính phủ"): the last words of *line* and the first of *following* make it whole."""
    head = _drop_enumerator(clean_space(line)).split(";")[-1].split(",")[-1].split()
    tail = clean_space(following).split(";")[0].split(",")[0].split()
    if not head or not tail or fold(" ".join(head)) in gazetteer() and fold(" ".join(tail)) in gazetteer():
        return False
    return any(fold(" ".join(head[-i:] + tail[:j])) in gazetteer()
               for i in range(1, min(len(head), 6) + 1) for j in range(1, min(len(tail), 4) + 1))


def split_agencies(paragraphs: list[str]) -> list[str]:
    """Agencies as written: split on paragraphs and lines (list dashes dropped), ";" and commas
    before an agency word; a name the gazetteer knows whole is kept whole."""
    out: list[str] = []
    lines = [ln for para in paragraphs for ln in para.split("\n")]
    # "Lãnh đạo" on its own line is the office of the agency on the next line
    for k in range(len(lines) - 1):
        if _ROLE_ONLY.match(fold(clean_space(lines[k])).strip(" .,:;")):
            lines[k + 1] = f"{clean_space(lines[k]).strip(' .,:;')} {lines[k + 1].strip()}"
            lines[k] = ""
        elif _wrapped_name(lines[k], lines[k + 1]):
            lines[k + 1] = f"{lines[k].rstrip()} {lines[k + 1].lstrip()}"
            lines[k] = ""
    for para in lines:
        for line in para.split("\n"):
            line = _drop_enumerator(line)
            for piece in line.split(";"):
                piece = re.sub(r"^[-–+•]\s*", "", clean_space(piece)).strip(" .,:")
                if not piece:
                    continue
                if fold(piece) in gazetteer():
                    out.append(piece)
                    continue
                for part in _split_commas(piece):
                    part = part.strip(" .,")
                    if part:
                        out.extend(_split_run_together(part))
    return out


def normalize_agency(name: str, place: str | None) -> str:
    """Full form: gazetteer name, else abbreviations expanded; "tỉnh" completed with the province
    when the document's place is one ("Công an tỉnh" → "Công an tỉnh Lâm Đồng"; in a document of Hà
    Nội, or for "các tỉnh", the words stay as written)."""
    hit = gazetteer().get(fold(clean_space(name)))
    if hit:
        full = hit[1]
        if place and not _named_tinh(place) and re.search(r"\btỉnh$", clean_space(name)):
            full = full.replace(" {place}", "")  # "Ủy ban nhân dân tỉnh" written in a document of Hà Nội
    else:
        full = name
        for abbr, expansion in abbreviations():
            if abbr in full:  # the pattern matches the abbreviation as written, so only a text holding it
                full = re.sub(rf"(?<![\w&]){re.escape(abbr)}(?![\w&])", expansion, full)
        if place and _OWN_PROVINCE.search(full) and _named_tinh(place):
            full = f"{full} {{place}}"
    return clean_space(full.replace("{place}", place or "")).strip()


# a name ending with "tỉnh" that means the document's province ("Công an tỉnh", "Các sở, ban, ngành
# cấp tỉnh" of a province's plan), not every province ("các tỉnh", "Các bộ, tỉnh"); a central body's
# document has no place here (agency_ids.agency_place), so its "cấp tỉnh" stays a level
_OWN_PROVINCE = re.compile(r"(?<!các )(?<!, )\btỉnh$")


def _named_tinh(place: str) -> bool:
    """Whether the document's *place* is a province called "tỉnh" (a "thành phố" such as Hà Nội is no
    "tỉnh": "Ủy ban nhân dân tỉnh" in a document of Hà Nội is every province's)."""
    known = province(place)
    return known is None or level_of(known) == "tỉnh"
