"""The effect of a document, read from its own articles: when it takes effect ("Quyết định này có
hiệu lực kể từ ngày ký"), when it ends ("… đến hết ngày 31 tháng 12 năm 2027"), and what it does
to the documents it cites (replaces, repeals, amends, with the provisions affected and from when).

Works on the structure tree of a Document or on the `structure` of a contract JSON (so that an
archive converted before this module existed can be read too). Phrases live in
data/effect_phrases.tsv, each with its example.
"""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import Enum
from functools import lru_cache
from importlib import resources
from typing import Any, Iterable, Iterator

from extractors.keywords import has_odd_case, matches_opening_with, may_contain, required_words
from pipeline.legal import parse_date
from pipeline.model import NodeKind
from pipeline.notation.markers import QUOTE_OPEN, labels_end, open_marks
from pipeline.text import clean_space, fold
from pipeline.vocab import doc_type_names


class Act(str, Enum):
    """What a document does to another one, as its own articles say."""

    REPLACES = "replaces"
    REPEALS = "repeals"
    AMENDS = "amends"


@dataclass(frozen=True)
class Rule:
    part: str
    name: str
    kind: str
    regex: re.Pattern[str]
    example: str
    issued: str | None
    expect: str | None


@lru_cache(maxsize=1)
def rules() -> tuple[Rule, ...]:
    """The rows of data/effect_phrases.tsv, compiled, in order."""
    text = resources.files("extractors.data").joinpath("effect_phrases.tsv").read_text(encoding="utf-8")
    rows = csv.DictReader((ln for ln in text.splitlines() if ln and not ln.startswith("#")), delimiter="\t")
    return tuple(Rule(r["part"], r["name"], r["kind"], re.compile(r["regex"], re.I), r["example"],
                      r["issued"] or None, r["expect"] or None) for r in rows)


def _part(part: str) -> tuple[Rule, ...]:
    return tuple(r for r in rules() if r.part == part)


@dataclass
class Relation:
    """One act of the document on a cited one: typed, dated, with its provenance."""

    relation: Act
    target: str
    doc_type: str | None
    number: str | None
    issued_date: str | None
    title: str | None
    surface: str
    effective_from: str | None
    node: str
    span: list[int]
    provisions: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {"relation": self.relation.value, "target": self.target, "doc_type": self.doc_type,
                "number": self.number, "issued_date": self.issued_date, "title": self.title,
                "surface": self.surface, "provisions": self.provisions, "effective_from": self.effective_from,
                "node": self.node, "span": self.span}


@dataclass
class Effect:
    """When the document is in force, the sentence that says so, and its acts on other documents."""

    from_: str | None
    to: str | None
    raw: str | None
    node: str | None
    rule: str | None
    relations: list[Relation] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {"from": self.from_, "to": self.to, "raw": self.raw, "node": self.node, "rule": self.rule,
                "relations": [r.to_json() for r in self.relations]}


# -- passages: a unit's text joined over the continuation lines a hard-wrapped source splits it into
@dataclass
class Passage:
    text: str
    pieces: list[tuple[str, int, int]]  # (node id, start in passage, length)
    kind: str
    head: str  # id of the node the passage starts at
    zone: str  # the kind of the root's child the head lies in (header, appendix, attachment …)
    within: tuple[str, ...]  # the ids of the head's enclosing nodes, the root's child first
    last_top: str  # id of the root's child the passage's last piece lies in
    low: str | None = None  # text.lower(), once asked: the effect's and the acts' word tests both read it

    def lowered(self) -> str:
        """text.lower(), computed on the first call (the text is complete once passages() returns)."""
        if self.low is None:
            self.low = self.text.lower()
        return self.low

    def locate(self, pos: int) -> tuple[str, int]:
        """(node id, offset in that node's text) of a passage offset."""
        for node, start, length in self.pieces:
            if start <= pos <= start + length:
                return node, pos - start

    def offset(self, node: str, pos: int) -> int | None:
        for n, start, _ in self.pieces:
            if n == node:
                return start + pos
        return None
        node, start, _ = self.pieces[-1]
        return node, pos - start


_SKIP_KINDS = {NodeKind.DOCUMENT, NodeKind.TABLE, NodeKind.SIGNATURE, NodeKind.RECIPIENTS, NodeKind.ROW}


_Flat = tuple[str, str, str, str, str, tuple[str, ...]]


def _flat(root: Any) -> Iterator[_Flat]:
    """Every node below the root in order, for a Node or a structure dict (all of one tree are alike),
    as (id, kind, text, the id and kind of the root's child it lies in, the ids of the nodes
    enclosing it below the root); a leaf's enclosing ids are never extended."""
    get: Any = dict.get if isinstance(root, dict) else getattr
    for top in get(root, "children") or []:
        top_id, zone = get(top, "id"), get(top, "kind")
        stack: list[tuple[Any, tuple[str, ...]]] = [(top, ())]
        while stack:
            n, within = stack.pop()
            nid = get(n, "id")
            yield nid, get(n, "kind"), get(n, "text") or "", top_id, zone, within
            children = get(n, "children")
            if children:
                inner = (*within, nid)
                stack.extend((c, inner) for c in reversed(children))


def _ends_sentence(text: str) -> bool:
    """Whether *text* ends with a sentence's punctuation, blanks after it aside (`[.;:!?]\\s*$`)."""
    last = text.rstrip()[-1:]
    return bool(last) and last in ".;:!?"


def passages(root: Any) -> list[Passage]:
    """A paragraph that follows text not ending a sentence continues it (congbao's wrapped lines)."""
    out: list[Passage] = []
    prev: Passage | None = None
    ended = True  # whether prev's text ends a sentence: its last piece's (a piece is never blank)
    for nid, kind, text, top, zone, within in _flat(root):
        if kind in _SKIP_KINDS or not text or text.isspace():  # isspace: strip()'s blanks, no copy
            continue
        if prev and not ended and kind == NodeKind.PARAGRAPH and (prev.kind == NodeKind.BASIS or prev.last_top == top):
            start = len(prev.text) + 1
            prev.text += " " + text
            prev.pieces.append((nid, start, len(text)))
            prev.last_top = top
        else:
            prev = Passage(text, [(nid, 0, len(text))], kind, nid, zone, within, top)
            out.append(prev)
        ended = _ends_sentence(text)
    return out


# A sentence ends at the blanks after ".;!?" before a word, or at a line break: as written first,
# r"(?<=[.;!?])\s+(?=\S)|\n". Opening with the blank it matches (the lookbehind then sees the stop
# before it) it gives the same matches, but re skips to the next blank fast where it tried the
# lookbehind at every offset (tests/test_refs3_shortcuts.py).
_SENTENCE_END = re.compile(r"\s(?<=[.;!?]\s)\s*(?=\S)|\n")
_LABEL_ONLY = re.compile(r"(?:\bĐiều\s+\d+[a-z]?|\b\d{1,2}|\b[a-zđ])\.$")


def sentences(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each sentence; a dot inside a number or a date ("01.7.2025") does not end one."""
    if "." not in text and ";" not in text and "!" not in text and "?" not in text and "\n" not in text:
        # every end _SENTENCE_END finds is one of these
        if text:
            yield 0, len(text)
        return
    start = 0
    for m in _SENTENCE_END.finditer(text):
        if m.start() - start < 12 and _LABEL_ONLY.search(text[start:m.start()].strip()):
            continue  # "Điều 2." or "1." alone: the label of the sentence that follows
        yield start, m.start()
        start = m.end()
    if start < len(text):
        yield start, len(text)


# -- the document's own effect ---------------------------------------------------------------
_SUBJECT_WORDS = sorted({*doc_type_names(), "Quy định", "Quy chế", "Điều lệ", "Hướng dẫn", "Văn bản", "Bộ luật",
                         "Kế hoạch", "Chương trình", "Đề án"}, key=len, reverse=True)
_SUBJECT = re.compile(
    r"(?<![\w/])(?P<subj>" + "|".join(re.escape(w) for w in _SUBJECT_WORDS) + r")(?:/\s*\w+(?:\s+\w+)?(?=\s+này))?(?:\s+(?P<this>này)\b)?", re.I)
_SUBJECT_OPENERS = frozenset(w.lower() for w in _SUBJECT_WORDS)  # each match of _SUBJECT opens with one


def _subjects(text: str, low: str | None = None) -> Iterator[re.Match[str]]:
    """_SUBJECT.finditer(text), tried only where a subject word stands (*low*: text.lower(), if known)."""
    return matches_opening_with(_SUBJECT, text, _SUBJECT_OPENERS, low)


# "trước ngày Thông tư này có hiệu lực", "của Luật này", "Phụ lục I Nghị quyết này": not the document's own statement
_NOT_OWN = re.compile(
    r"(?:\b(?:ngày|khi|trước|sau|của|tại|theo|trong|với|đến|lúc|thời\s+điểm|thời\s+gian)|"
    r"\b(?:Điều|khoản|điểm|Phụ\s+lục|Chương|Mục)\s+[\wđ]+(?:\s+và\s+[\w ]+?)?)\s*$", re.I)
_HAS_EFFECT = re.compile(r"^(?P<mid>[^.;]{0,220}?)\bcó\s+hiệu\s+lực\b", re.I)
_EXPIRES = re.compile(r"^\s*(?:sẽ\s+)?hết\s+hiệu\s+lực\b", re.I)
_PASSED = re.compile(r"thông\s+qua\s+(?:ngày\s+)?(?P<date>\d{1,2}\s*(?:tháng|/)\s*\d{1,2}\s*(?:năm|/)\s*\d{4})", re.I)
_CONDITION = re.compile(r"\b(?:nếu|trường\s+hợp|khi|thì|trừ)\b", re.I)
# a statement of effect is "X này có hiệu lực …" or "… hết hiệu lực": a passage without their words
# ("hiệu", in any case) holds none, and its sentences are not scanned for subjects
_EFFECT_WORDS = required_words(_HAS_EFFECT) | required_words(_EXPIRES)


# What may stand before a statement of effect that still opens it: the article's label, without its
# dot where a web page dropped it, and its heading ("Điều 2 Nghị quyết này có hiệu lực …", "Điều 2:
# Hiệu lực thi hành Quyết định có hiệu lực …", a heading the passage joined to its first sentence).
_EFFECT_HEADING = re.compile(
    r"\s*(?:Điều\s+\d+[a-z]?\s*[.:]?\s*)?(?:(?:Hiệu\s+lực(?:\s+thi\s+hành)?|Điều\s+khoản\s+thi\s+hành)\s*[.:]?\s*)?", re.I)


def _own_subjects(text: str, doc_type: str | None, low: str | None = None) -> Iterator[tuple[re.Match[str], int]]:
    """Each "X này" of *text* that is the subject of the sentence, with its rank: 0 for the
    document's own type, 1 for rules it issues ("Quy định này"), 2 for another type (*low*:
    text.lower(), if known)."""
    for m in _subjects(text, low):
        opens = labels_end(text) >= m.start() or bool(_EFFECT_HEADING.fullmatch(text, 0, m.start()))
        if not opens and _NOT_OWN.search(text[max(0, m.start() - 40):m.start()]):
            continue
        if not m.group("this") and (not opens or not re.match(r"\s+có\s+hiệu\s+lực", text[m.end():])):
            continue  # "4. Nghị quyết có hiệu lực …" opens its sentence; elsewhere a type word needs "này"
        subj = fold(m.group("subj"))
        if doc_type is None or subj == fold(doc_type) or fold(m.group(0)).startswith(fold(doc_type)):
            yield m, 0
        elif subj in ("quy dinh", "quy che", "dieu le", "huong dan"):
            yield m, 1
        else:
            yield m, 2


def _add_days(iso: str | None, days: int) -> str | None:
    return (date.fromisoformat(iso) + timedelta(days=days)).isoformat() if iso else None


def read_start(after: str, mid: str, issued: str | None) -> tuple[str | None, str | None]:
    """(ISO date, rule name) of the words after "có hiệu lực": "kể từ ngày ký" → *issued*."""
    for rule in _part("start"):
        m = rule.regex.search(after)
        if not m:
            continue
        if rule.kind == "signing":
            return issued, rule.name
        if rule.kind == "date":
            return parse_date("ngày " + m.group("date")), rule.name
        if rule.kind == "after_days":
            return _add_days(issued, int(m.group("days"))), rule.name
        if rule.kind == "passing":
            passed = _PASSED.search(mid)
            return (parse_date("ngày " + passed.group("date")) if passed else issued), rule.name
        return None, rule.name
    return None, None


def read_end(text: str) -> str | None:
    """The last day in force a sentence gives ("đến hết ngày 31 tháng 12 năm 2027"), or None."""
    for rule in _part("end"):
        m = rule.regex.search(text)
        if m:
            return parse_date("ngày " + m.group("date"))
    return None


@dataclass
class _Candidate:
    rank: int
    order: int
    from_: str | None
    to: str | None
    raw: str
    node: str
    rule: str | None


def _candidates(ps: list[Passage], doc_type: str | None, issued: str | None) -> Iterator[_Candidate]:
    order = 0
    for p in ps:
        if p.kind == NodeKind.BASIS or p.zone == NodeKind.HEADER or not may_contain(p.text, _EFFECT_WORDS, p.lowered()):
            continue
        outside = p.zone in (NodeKind.APPENDIX, NodeKind.ATTACHMENT)
        for s, e in sentences(p.text):
            sent = p.text[s:e]
            low = p.lowered() if sent is p.text else None  # a sentence that is the whole passage: its lower case is known
            if not may_contain(sent, _EFFECT_WORDS, low):
                continue  # what follows its subject has no "có hiệu lực" nor "hết hiệu lực" (order only ranks)
            for m, rank in _own_subjects(sent, doc_type, low):
                if rank == 2 and outside:
                    continue
                rest = sent[m.end():]
                node, _ = p.locate(s + m.start())
                eff = _HAS_EFFECT.match(rest)
                order += 1
                if eff and not _CONDITION.search(eff.group("mid")) and \
                        not any(x.group("this") for x in _subjects(eff.group("mid"))):
                    after = rest[eff.end():]
                    start, rule = read_start(after, eff.group("mid"), issued)
                    yield _Candidate(rank, order, start, read_end(after), clean_space(sent)[:400], node, rule)
                elif _EXPIRES.match(rest):
                    yield _Candidate(rank + 3, order, None, read_end(rest), clean_space(sent)[:400], node, "expires")


# The closing statement of a resolution or law that says when it was passed: "Nghị quyết này được Ủy
# ban Thường vụ Quốc hội … khóa XV, phiên họp … thông qua ngày 17 tháng 8 năm 2022."
_ADOPTED = re.compile(r"\bnày\s+(?:đã\s+)?được\s+[^.;]{0,250}?" + _PASSED.pattern, re.I)


def _adoption_date(ps: list[Passage]) -> str | None:
    """The date the document's own adoption statement gives, for an effect "từ ngày (được) thông qua"
    whose sentence and header give none; None when there is no such statement."""
    for p in ps:
        if "thông" in p.lowered() and (m := _ADOPTED.search(p.text)):
            return parse_date("ngày " + m.group("date"))
    return None


def own_effect(ps: list[Passage], doc_type: str | None, issued: str | None) -> Effect | None:
    """The document's effect: the best-ranked statement about itself, its end from any statement."""
    found = sorted(_candidates(ps, doc_type, issued), key=lambda c: (c.rank, c.rule is None, c.order))
    starts = [c for c in found if c.rank < 3]
    if not starts and not found:
        return None
    best = starts[0] if starts else None
    ends = [c.to for c in found if c.to and c.rank % 3 == (best.rank if best else 0)]
    if best:
        start = best.from_ or (_adoption_date(ps) if best.rule == "passing" else None)
        return Effect(start, best.to or (ends[0] if ends else None), best.raw, best.node, best.rule)
    first = found[0]
    return Effect(None, first.to, first.raw, first.node, first.rule)


# -- acts on other documents -----------------------------------------------------------------
_PROVISION = re.compile(
    r"(?:(?:các\s+)?điểm\s+[a-zđ](?:\s*,\s*(?:điểm\s+)?[a-zđ])*(?:\s+và\s+(?:điểm\s+)?[a-zđ])?\s+)?"
    r"(?:(?:các\s+)?khoản\s+\d+[a-z]?(?:\s*,\s*(?:khoản\s+)?\d+[a-z]?)*(?:\s+và\s+(?:khoản\s+)?\d+[a-z]?)?\s+)?"
    r"(?:các\s+)?Điều\s+\d+[a-z]?(?:\s*,\s*(?:Điều\s+)?\d+[a-z]?(?![\w/]))*(?:\s+và\s+(?:Điều\s+)?\d+[a-z]?(?![\w/]))?",
    re.I)
_FROM_OWN = re.compile(r"(?:kể\s+)?từ\s+ngày\s+(?:[\w/]+\s+){1,3}này\s+có\s+hiệu\s+lực", re.I)
_FROM_DATE = re.compile(r"(?:kể\s+)?từ\s+ngày\s+(?P<date>\d{1,2}\s*(?:tháng|/|-|\.)\s*\d{1,2}\s*(?:năm|/|-|\.)\s*\d{4})", re.I)
_LIST_HEAD = re.compile(r":\s*$")


@lru_cache(maxsize=1)
def _any_act() -> re.Pattern[str]:
    """One alternation of every act verb: a sentence it finds nothing in has no act verb."""
    return re.compile("|".join(f"(?:{rule.regex.pattern})" for rule in _part("act")), re.I)


@lru_cache(maxsize=1)
def _act_words() -> frozenset[str]:
    """Words one of which every act verb contains ("thay", "bãi", "sửa" …): a passage without any
    has no act verb."""
    return required_words(_any_act()) or frozenset([""])


@lru_cache(maxsize=1)
def _act_rules() -> tuple[tuple[Rule, frozenset[str]], ...]:
    """Each act rule with the words one of which its every match contains ("thay" for "thay thế")."""
    return tuple((rule, required_words(rule.regex) or frozenset([""])) for rule in _part("act"))


def _verbs(sent: str, low: str | None = None) -> tuple[tuple[int, int, Act], ...]:
    """(start, end, act) of each act verb of a sentence, in order; a rule scans only a sentence
    whose lower case (*low*, when the caller has it) holds one of its words (2.5x faster than one
    alternation of all the rules first)."""
    low, odd = sent.lower() if low is None else low, has_odd_case(sent)
    out = []
    for rule, words in _act_rules():
        if odd or any(map(low.__contains__, words)):
            out += [(m.start(), m.end(), Act(rule.kind)) for m in rule.regex.finditer(sent)]
    out.sort()
    return tuple(v for i, v in enumerate(out) if not any(o[0] <= v[0] < o[1] for o in out[:i]))


_AGENT = re.compile(r"\b(?:bởi|bằng)\s+(?:các\s+)?$", re.I)


def _expiry(sent: str, verb: tuple[int, int, Act]) -> bool:
    return sent[verb[0]:verb[1]].lower().startswith(("hết", "đều", "sẽ"))


def _act_at(sent: str, pos: int, verbs: tuple[tuple[int, int, Act], ...], own: bool, lead: int) -> Act | None:
    """The act a sentence does on the document cited at *pos*: the verb before it when the sentence
    opens with that verb (an article "Bãi bỏ …") or with the document itself ("Quyết định này … thay
    thế …"); "hết hiệu lực" after it when the sentence opens with the cited documents. *lead* is
    labels_end(sent), which the caller has read already."""
    if _AGENT.search(sent[:pos]):
        return None  # "Được thay thế bởi Thông tư số …": the agent of another document's act
    before = [v for v in verbs if v[1] <= pos and not _expiry(sent, v)]
    if before:
        opens = verbs[0][0] - lead <= 2 or (own and not _CONDITION.search(sent[:verbs[0][0]]))
        if opens:
            return before[-1][2]
    after = [v for v in verbs if v[0] >= pos and _expiry(sent, v)]
    if after and not _CONDITION.search(sent[:after[0][0]]) and pos - lead < 60:
        return Act.REPEALS
    return None


def _effective_from(sent: str, own_from: str | None) -> str | None:
    """From when an act applies: a date written in its sentence, else the document's own effect
    ("kể từ ngày Thông tư này có hiệu lực" and a sentence without a date alike)."""
    if _FROM_OWN.search(sent):
        return own_from
    m = _FROM_DATE.search(sent)
    return parse_date("ngày " + m.group("date")) if m else own_from


def _provisions(text: str) -> list[str]:
    return [clean_space(m.group(0)) for m in _PROVISION.finditer(text)]


@dataclass
class _Ref:
    ref: dict[str, Any]
    pos: int  # offset in its passage


def _refs_by_passage(ps: list[Passage], refs: Iterable[dict[str, Any]]) -> dict[int, list[_Ref]]:
    where = {}
    for i, p in enumerate(ps):
        for node, _, _ in p.pieces:
            where[node] = i
    out: dict[int, list[_Ref]] = {}
    for r in refs:
        i = where.get(r.get("node"))
        if i is None or r.get("relation") in ("self", "can_cu", "ban_hanh_kem_theo"):
            continue
        pos = ps[i].offset(r["node"], (r.get("span") or [0, 0])[0])
        out.setdefault(i, []).append(_Ref(r, pos or 0))
    return out


# what may stand between an act's verb and a document it acts on as a whole: "thay thế các Quyết định sau"
_WHOLE_GAP = re.compile(r"^[\s,:]*(?:cho\s+)?(?:toàn\s+bộ\s+)?(?:(?:các|những)\s+[\w ]{0,30}?(?:sau\s+đây|sau)?\s*:?\s*)?$", re.I)
# a document cited inside the title of the one before it ("… Nghị quyết số 09/2026/NQ-CP … tạm ngưng
# hiệu lực … Nghị định số 46/2026/NĐ-CP"): not acted upon
_LIST_GAP = re.compile(r"^[\s,;:]*(?:và|hoặc)?\s*(?:các\s+)?$", re.I)


_PART = re.compile(r"\b(?:Điều|khoản|điểm|Phụ\s+lục|Mẫu|mục|danh\s+mục|thủ\s+tục|nội\s+dung|cụm\s+từ|số\s+thứ\s+tự|Chương|"
                   r"quy\s+định|phụ\s+lục|biểu\s+mẫu|mẫu)\b", re.I)


def _relation(r: dict[str, Any], act: Act, gap: str, sent: str, own_from: str | None) -> Relation | None:
    """The relation to *r*; an act on a part of it ("Bãi bỏ khoản 3 Điều 5 của …", "Thay thế Phụ lục II
    … ban hành kèm theo …") amends it, naming the part."""
    provisions = _provisions(gap)
    if act is not Act.AMENDS and not _WHOLE_GAP.match(gap):
        if not _PART.search(gap):
            return None  # neither the whole document nor a part it names: unsure, left out
        act = Act.AMENDS
        if not provisions:
            provisions = [clean_space(re.sub(r"\s*(?:của|tại|ban\s+hành\s+kèm\s+theo|kèm\s+theo)\s*$", "", gap)).strip(" ,:")[:120]]
    span = list(r.get("span") or [0, 0])
    return Relation(act, r.get("target") or "", r.get("doc_type"), r.get("number"), r.get("issued_date"),
                    r.get("title"), r.get("surface") or "", _effective_from(sent, own_from), r.get("node") or "",
                    span, [q for q in provisions if q][:40])


# inside the new wording an amendment quotes ("Bổ sung điểm b … như sau: “… theo Luật Nghĩa vụ quân sự.”")
_QUOTED = re.compile(r"như\s+sau\s*:|“[^”]*$|\"[^\"]*$", re.I)


def _nested(sent: str, prev_end: int | None, pos: int, prev_nested: bool) -> bool:
    """A document named inside the title of the one before it ("… Nghị quyết số 09/2026/NQ-CP … tạm
    ngưng hiệu lực … Nghị định số 46/2026/NĐ-CP") is not acted upon; one after "và", a comma or a
    semicolon starts a new item of the list, and one right after another shares its standing."""
    if prev_end is None:
        return False
    gap = sent[prev_end:pos]
    gap = re.sub(r"^\s*,?\s*(?:ngày\s*[\d/.\s]+(?:tháng\s*\d+\s*năm\s*\d{4})?)?", "", gap)
    gap = re.sub(r"^\s*(?:của\s+(?:[A-ZĐÂĂÊÔƠƯ][\w]*\s*|-\s*|và\s+(?=[A-ZĐ]))+)", "", gap)
    if _LIST_GAP.match(gap) or len(gap.split()) <= 2:
        return prev_nested
    return not re.search(r"(?:\bvà|\bhoặc|[,;])\s*(?:các\s+)?$", gap)


def _acts_of_sentence(sent: str, verbs: tuple[tuple[int, int, Act], ...], inside: list[_Ref], s: int, own: bool,
                      inherited: tuple[Act, str] | None, own_from: str | None) -> Iterator[Relation]:
    """The relations one sentence (its act verbs *verbs*) states on the documents it cites."""
    lead = labels_end(sent)
    prev_end: int | None = None
    prev_nested = first_done = False
    first_gap = ""
    last: Act | None = None
    for x in inside:
        pos = x.pos - s
        span = x.ref.get("span") or [0, 0]
        nested = _nested(sent, prev_end, pos, prev_nested)
        prev_end, prev_nested = pos + span[1] - span[0], nested
        act = _act_at(sent, pos, verbs, own, lead)
        if act is None and last is Act.REPEALS and not nested and any(v[0] > pos and _expiry(sent, v) for v in verbs):
            act = last  # "Nghị định A … và Nghị định B … hết hiệu lực": B is the next item of A's list
        context, gap = sent, ""
        if act is None and inherited and x is inside[0] and pos - lead <= 3 and (not verbs or verbs[0][0] > pos):
            act, context = inherited  # the next item of a list under "thay thế:" (its own title may say "sửa đổi")
        if act is None or nested or _QUOTED.search(sent[:pos]):
            continue
        if not first_done:
            before = [v for v in verbs if v[1] <= pos and not _expiry(sent, v)]
            gap = sent[before[-1][1]:pos] if before and before[-1][1] >= lead else ""
            if context is not sent:
                gap = sent[lead:pos]  # a list item under its head: "Điều 23 của Nghị định số …"
            first_gap = gap
        else:
            gap = first_gap  # "bãi bỏ các quy định về … tại Nghị định A và Nghị định B": the same part of each
        first_done = True
        rel = _relation(x.ref, act, gap, context, own_from)
        if rel is not None:
            last = rel.relation
            yield rel


def relations(ps: list[Passage], refs: list[dict[str, Any]], doc_type: str | None, own_from: str | None) -> list[Relation]:
    """Every act of the document's own articles on the documents it cites, once per (act, target)."""
    by_passage = _refs_by_passage(ps, refs)
    found: dict[tuple[Act, str], Relation] = {}
    heads: dict[str, tuple[Act, str]] = {}  # a list head ("Bãi bỏ các văn bản sau:") → its act, sentence
    quoted = 0  # quotation marks left open by the paragraphs before, since the last division
    for i, p in enumerate(ps):
        quoted = max(0, quoted) if p.kind == NodeKind.PARAGRAPH else 0
        refs_in, quoted = _unquoted(p, by_passage.get(i, []), quoted), quoted + open_marks(p.text)
        if p.kind == NodeKind.BASIS or p.zone == NodeKind.APPENDIX:
            continue
        inherited = next((v for h, v in heads.items() if h in p.within), None) if heads else None  # under a list head
        for rel in _passage_acts(p, refs_in, heads, inherited, doc_type, own_from):
            key = (rel.relation, rel.target or rel.number or rel.surface)
            if key in found:
                found[key].provisions += [q for q in rel.provisions if q not in found[key].provisions]
            else:
                found[key] = rel
    return list(found.values())


def _unquoted(p: Passage, refs_in: list[_Ref], quoted: int) -> list[_Ref]:
    """The references of a passage outside the new wording an amendment quotes: not after a mark the
    passage or the paragraphs before it under the same division left open ("4. Sửa đổi, bổ sung Điều
    10 như sau:" / "“a) Thực hiện theo quy định của pháp luật về giá; Nghị định số 60/2021/NĐ-CP …")."""
    if not quoted and QUOTE_OPEN not in p.text:
        return refs_in
    marks, at, depth = {}, 0, quoted  # the marks left open before each reference, counted once along the text
    for pos in sorted({x.pos for x in refs_in}):
        depth, at = depth + open_marks(p.text[at:pos]), pos
        marks[pos] = depth
    return [x for x in refs_in if marks[x.pos] <= 0]


def _opens_list(sent: str, verbs: tuple, own: bool) -> bool:
    """A list head whose act goes to the items under it: "Bãi bỏ các văn bản sau:", "Các Thông tư
    sau đây hết hiệu lực"."""
    return bool(verbs and _LIST_HEAD.search(sent) and (
        own or verbs[0][0] - labels_end(sent) <= 2
        or re.search(r"\bsau\s+đây\s+(?:đều\s+)?hết\s+hiệu\s+lực", sent)))


def _sentence_acts(sent: str, verbs: tuple[tuple[int, int, Act], ...], inside: list[_Ref], s: int, own: bool,
                   inherited: tuple[Act, str] | None, own_from: str | None) -> list[Relation]:
    """_acts_of_sentence as a list; a sentence that cites no document states none."""
    return list(_acts_of_sentence(sent, verbs, inside, s, own, inherited, own_from)) if inside else []


def _sentences_with_verbs(text: str, cites: bool, low: str | None = None) -> Iterator[tuple[int, int, tuple[tuple[int, int, Act], ...]]]:
    """(start, end, act verbs) of each sentence of a passage; the verbs are sought only when the
    passage holds one of their words. None of a passage that *cites* nothing and has no such word:
    it states no act and opens no list. *low*: text.lower(), if known."""
    acting = may_contain(text, _act_words(), low)
    if not (cites or acting):
        return
    for s, e in sentences(text):
        sent = text[s:e]
        yield s, e, _verbs(sent, low if sent is text else None) if acting else ()


def _passage_acts(p: Passage, refs_in: list[_Ref], heads: dict[str, tuple[Act, str]],
                  inherited: tuple[Act, str] | None, doc_type: str | None, own_from: str | None) -> Iterator[Relation]:
    """The acts of one passage, sentence by sentence; a list head it opens is put in *heads*."""
    pending: list[_Ref] = []  # "2. Thông tư A …; Thông tư B … hết hiệu lực …": A waits for the verb
    for s, e, verbs in _sentences_with_verbs(p.text, bool(refs_in), p.lowered()):
        sent = p.text[s:e]
        inside = [x for x in refs_in if s <= x.pos < e]
        # only a sentence with an act verb or a reference asks whether the document is its subject
        own = bool(verbs or inside) and any(rank < 2 for _, rank in _own_subjects(sent[:60], doc_type))
        if not inside and _opens_list(sent, verbs, own):
            heads[p.head] = (verbs[-1][2], sent)
        rels = _sentence_acts(sent, verbs, inside, s, own, inherited, own_from)
        if not verbs and inside and not rels and sent.rstrip().endswith(";") and inherited is None:
            pending.append(inside[0])
            continue
        if pending and rels and rels[0].relation is Act.REPEALS and verbs and _expiry(sent, verbs[-1]) \
                and inside and rels[0].target == inside[0].ref.get("target"):
            rels = [r for r in (_relation(x.ref, Act.REPEALS, "", sent, own_from) for x in pending) if r] + rels
        pending = []
        if rels and verbs and sent.rstrip().endswith(";"):
            inherited = (verbs[-1][2], sent)  # "Bãi bỏ: a) Quyết định số …; b) …"
        yield from rels


_AMENDING_ITEM = re.compile(r"(?:Sửa\s+đổi,?\s+bổ\s+sung|Sửa\s+đổi|Bổ\s+sung|Bãi\s+bỏ|Thay\s+thế)\s+(?P<what>[^:]{3,200}?)"
                            r"\s*(?:như\s+sau|:|$)", re.I)


def _amended_provisions(ps: list[Passage], rel: Relation) -> list[str]:
    """For "Sửa đổi, bổ sung một số điều của …": the provisions its items name ("1. Sửa đổi, bổ sung
    khoản 2 Điều 7 như sau:")."""
    out: list[str] = []
    for p in ps:
        m = _AMENDING_ITEM.match(p.text, labels_end(p.text))
        if not m or p.head == rel.node:
            continue
        for q in _provisions(m.group("what")):
            if q not in out and len(out) < 40:
                out.append(q)
    return out


def document_effect(root: Any, refs: list[dict[str, Any]], doc_type: str | None, issued: str | None) -> Effect | None:
    """The effect of one document and its acts; None when it says nothing of either."""
    ps = passages(root)
    effect = own_effect(ps, doc_type, issued)
    acts = relations(ps, refs, doc_type, effect.from_ if effect else None)
    amending = [r for r in acts if r.relation is Act.AMENDS]
    if len(amending) == 1 and (not amending[0].provisions or any("một số" in q for q in amending[0].provisions)):
        rel = amending[0]  # "Sửa đổi, bổ sung một số điều của …": the items name the provisions
        rel.provisions = [q for q in rel.provisions if "một số" not in q]
        rel.provisions += [q for q in _amended_provisions(ps, rel) if q not in rel.provisions][:40]
    if effect is None and not acts:
        return None
    effect = effect or Effect(None, None, None, None, None)
    effect.relations = acts
    return effect


# The fields of a reference effect reads, as Reference.to_json gives them (strings, None, the span
# list, which effect copies and never changes), without building the rest of the contract's dict.
_REF_FIELDS = ("node", "relation", "span", "target", "doc_type", "number", "issued_date", "title", "surface")


def extract_effect(doc: Any) -> None:
    """Set ``doc.header["effective"]`` (a Document after references were extracted)."""
    if doc.root is None:
        doc.header["effective"] = None
        return
    refs = [{k: getattr(r, k) for k in _REF_FIELDS} for r in doc.references]
    effect = document_effect(doc.root, refs, doc.header.get("doc_type"), doc.header.get("issued_date"))
    doc.header["effective"] = effect.to_json() if effect else None


def effect_of_output(data: dict[str, Any]) -> dict[str, Any] | None:
    """`document.effective` of a contract dict: as written, or read now from its structure when the
    output predates it."""
    d = data.get("document") or {}
    if "effective" in d:
        return d["effective"]
    effect = document_effect(data.get("structure") or {}, data.get("references") or [], d.get("doc_type"),
                             d.get("issued_date"))
    return effect.to_json() if effect else None
