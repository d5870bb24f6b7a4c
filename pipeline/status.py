"""Is a document still in force? Status over an archive (a store or folders of outputs) as of a date,
and `vanban check`: each basis of a draft checked against what the archive knows.

The archive learns from every document's own `effective` (its dates, and what it replaces, repeals
or amends from when) and starts from pipeline/data/central_documents.csv, facts on much-cited
central documents with the corpus sentence that states each; the archive's documents win over a
fact and the disagreement is reported.
"""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from enum import Enum
from importlib import resources
from typing import Any, Iterable

from pipeline.legal import number_parts
from pipeline.legal.numbers import number_key
from pipeline.text import fold, slug


class Status(str, Enum):
    IN_FORCE = "in_force"
    AMENDED = "amended"
    REPLACED = "replaced"
    REPEALED = "repealed"
    EXPIRED = "expired"
    NOT_YET = "not_yet_in_force"
    UNKNOWN = "unknown"


LABEL_VI = {Status.IN_FORCE: "còn hiệu lực", Status.AMENDED: "còn hiệu lực, đã được sửa đổi",
            Status.REPLACED: "bị thay thế", Status.REPEALED: "bị bãi bỏ", Status.EXPIRED: "hết hiệu lực",
            Status.NOT_YET: "chưa có hiệu lực", Status.UNKNOWN: "chưa rõ"}

# Legal force, highest first (Luật Ban hành văn bản quy phạm pháp luật): a basis is cited in this order.
FORCE = ("hien phap", "bo luat", "luat", "nghi quyet/QH", "phap lenh", "nghi quyet/UBTVQH", "nghi dinh",
         "nghi quyet/CP", "quyet dinh/TTg", "thong tu", "nghi quyet/HĐND", "quyet dinh", "chi thi", "ke hoach")


_LOCAL_CODES = {"UBND", "HĐND", "TU", "UB", "HU", "ĐU", "BCĐ"}


def key_of(doc_type: str | None, number: str | None, title: str | None = None, issued: str | None = None) -> tuple[str, str]:
    """Identity across documents: type and number, or type, name and date for laws cited by name (a
    new law often keeps the name of the one it replaces; without a date a name is not an identity)."""
    num = number_key(number)
    if num:
        parts = number_parts(num)
        if (parts.issuer_code or "").upper() in _LOCAL_CODES:
            num += f"@{issued or '?'}"  # "15/2025/QĐ-UBND" is a number in every province: the date tells which
        elif parts.year is None and not re.search(r"/(?:19|20)\d\d/|-(?:19|20)\d\d$|/QH\d+$", num):
            num += f"@{issued[:4] if issued else '?'}"  # "893/QĐ-TTg" comes back every year
        return fold(doc_type or ""), num
    return fold(doc_type or ""), f"{slug(title or '')}@{issued or '?'}"


def force_rank(doc_type: str | None, number: str | None) -> int | None:
    """Position in FORCE of a cited document (None when its type is not ranked)."""
    t = fold(doc_type or "")
    code = (number or "").upper()
    for i, name in enumerate(FORCE):
        base, _, issuer = name.partition("/")
        if t == base and (not issuer or issuer.upper() in code or (issuer == "HĐND" and "HĐND" in code)):
            return i
    return None


@dataclass
class Known:
    """What the archive knows of one document."""

    doc_type: str | None
    number: str | None
    issued_date: str | None
    issuer: str | None
    title: str | None
    effective_from: str | None = None
    effective_to: str | None = None
    source: str = ""  # output path, or "facts" for a row of central_documents.csv


@dataclass
class ActOn:
    """A relation stated by *by* on a document: replaces / repeals / amends, from a date."""

    relation: str
    by: tuple[str, str]
    by_label: str
    effective_from: str | None
    provisions: list[str]
    source: str


@dataclass
class StatusOf:
    status: Status
    by: str | None = None
    since: str | None = None
    provisions: list[str] = field(default_factory=list)
    amended_by: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {"status": self.status.value, "label": LABEL_VI[self.status], "by": self.by, "since": self.since,
                "provisions": self.provisions, "amended_by": self.amended_by}

    def text(self) -> str:
        if self.status in (Status.REPLACED, Status.REPEALED):
            return f"{LABEL_VI[self.status]} bởi {self.by}" + (f" từ ngày {_vi_date(self.since)}" if self.since else "")
        if self.status is Status.AMENDED:
            return f"{LABEL_VI[self.status]} bởi {', '.join(self.amended_by)}"
        return LABEL_VI[self.status]


def _vi_date(iso: str | None) -> str:
    return f"{iso[8:10]}/{iso[5:7]}/{iso[:4]}" if iso else "?"


def label(doc_type: str | None, number: str | None, title: str | None, issued: str | None = None) -> str:
    name = " ".join(x for x in (doc_type, f"số {number}" if number else title) if x)
    return f"{name} ngày {_vi_date(issued)}" if issued else name


class Archive:
    """Documents and the acts on them, from outputs and the central facts."""

    def __init__(self) -> None:
        self.docs: dict[tuple[str, str], Known] = {}
        self.acts: dict[tuple[str, str], list[ActOn]] = {}
        self.by_date: dict[tuple[str, str], list[tuple[str, str]]] = {}
        self.disagreements: list[str] = []

    def add_output(self, path: str, data: dict[str, Any]) -> None:
        """One converted document: its own dates, then its acts on the documents it cites."""
        from extractors.effect import effect_of_output

        d = data.get("document") or {}
        eff = effect_of_output(data) or {}
        k = key_of(d.get("doc_type"), d.get("number"), None, d.get("issued_date"))
        if not d.get("number"):
            k = ("", "")  # a document without a number cannot be cited: its acts still count
        else:
            self._learn(k, Known(d.get("doc_type"), d.get("number"), d.get("issued_date"), d.get("issuer"),
                                 d.get("title"), eff.get("from"), eff.get("to"), path))
        by_label = label(d.get("doc_type"), d.get("number"), d.get("title"), d.get("issued_date"))
        for r in eff.get("relations") or []:
            target = key_of(r.get("doc_type"), r.get("number"), r.get("title"), r.get("issued_date"))
            if target[1].endswith("@?"):
                continue  # "Luật Đất đai" without number or date: which one is not said
            self.acts.setdefault(target, []).append(ActOn(r["relation"], k, by_label, r.get("effective_from"),
                                                          r.get("provisions") or [], path))
            if r.get("number") and target not in self.docs:
                self._learn(target, Known(r.get("doc_type"), r.get("number"), r.get("issued_date"), None,
                                          r.get("title"), source=f"{path} (cited)"), weak=True)

    def _learn(self, k: tuple[str, str], known: Known, weak: bool = False) -> None:
        old = self.docs.get(k)
        if old and old.source == "facts" and not weak:
            for f in ("issued_date", "effective_from"):
                if getattr(old, f) and getattr(known, f) and getattr(old, f) != getattr(known, f):
                    self.disagreements.append(f"{label(known.doc_type, known.number, known.title)}: {f} "
                                              f"{getattr(known, f)} ({known.source}) ≠ {getattr(old, f)} (facts)")
        if old is None or not weak and (old.source == "facts" or old.source.endswith("(cited)")):
            self.docs[k] = known
            if known.issued_date:
                self.by_date.setdefault((k[0], known.issued_date), []).append(k)

    def add_facts(self, rows: Iterable[dict[str, str]]) -> None:
        """Rows of central_documents.csv: a document and, when the corpus says so, its replacement."""
        for row in rows:
            k = key_of(row["doc_type"], row["number"], None, row["issued_date"] or None)
            self._learn(k, Known(row["doc_type"], row["number"], row["issued_date"] or None, row["issuer"] or None,
                                 row["title"] or None, row["effective_from"] or None, source="facts"), weak=k in self.docs)
            if row["replaced_by"]:
                by_type, _, by_number = row["replaced_by"].partition(" số ")
                by = key_of(by_type, by_number)
                if not any(a.by == by for a in self.acts.get(k, [])):
                    self.acts.setdefault(k, []).append(ActOn("replaces", by, f"{by_type} số {by_number}",
                                                             row["replaced_from"] or None, [], "facts"))

    def _acts_due(self, k: tuple[str, str], as_of: str | None, besides: tuple[str, str] | None) -> list:
        """The acts on document *k* in effect by *as_of*, oldest first, but those of *besides*."""
        acts = sorted((a for a in self.acts.get(k, []) if besides is None or a.by != besides),
                      key=lambda a: a.effective_from or "")
        return [a for a in acts if as_of is None or (a.effective_from or "0") <= as_of]

    def status(self, k: tuple[str, str], as_of: str | None, besides: tuple[str, str] | None = None) -> StatusOf:
        """The status of document *k* on *as_of* (ISO date; None: today's knowledge, every act counts),
        leaving out the acts of *besides* (a document citing the one it replaces)."""
        due = self._acts_due(k, as_of, besides)
        whole = [a for a in due if a.relation in ("replaces", "repeals")]
        if whole:
            a = whole[0]
            return StatusOf(Status.REPLACED if a.relation == "replaces" else Status.REPEALED, a.by_label, a.effective_from)
        known = self.docs.get(k)
        dated = _out_of_dates(known, as_of)
        if dated is not None:
            return dated
        amends = [a for a in due if a.relation == "amends"]
        if amends:
            provisions = [p for a in amends for p in a.provisions]
            return StatusOf(Status.AMENDED, since=amends[-1].effective_from, provisions=provisions[:20],
                            amended_by=[a.by_label for a in amends][:5])
        if known and not known.source.endswith("(cited)"):
            return StatusOf(Status.IN_FORCE, since=known.effective_from or known.issued_date)
        return StatusOf(Status.UNKNOWN)


def _out_of_dates(known, as_of: str | None) -> StatusOf | None:
    """Expired, or not yet in force, on *as_of* by the document's own dates; None otherwise."""
    if known and known.effective_to and as_of and known.effective_to < as_of:
        return StatusOf(Status.EXPIRED, since=known.effective_to)
    if known and known.effective_from and as_of and known.effective_from > as_of:
        return StatusOf(Status.NOT_YET, since=known.effective_from)
    return None


def central_facts() -> list[dict[str, str]]:
    """pipeline/data/central_documents.csv."""
    text = resources.files("pipeline.data").joinpath("central_documents.csv").read_text(encoding="utf-8")
    return list(csv.DictReader(ln for ln in text.splitlines() if ln and not ln.startswith("#")))


def add_store(archive: Archive, store: Any) -> None:
    """The documents of a store and their acts, from its tables (no JSON is decoded: fast enough for
    a page of the review desk)."""
    import json

    rows = store.status_rows()
    by_id = {}
    for r in rows:
        by_id[r["doc_id"]] = r
        if r["number"]:
            archive._learn(key_of(r["doc_type"], r["number"], None, r["issued_date"]), Known(r["doc_type"], r["number"], r["issued_date"],
                                                                     r["issuer"], r["title"], r["date_from"], r["date_to"], r["path"]))
    for a in store.relation_rows():
        src = by_id.get(a["doc_id"])
        if src is None or not a["number"]:
            continue
        by = key_of(src["doc_type"], src["number"], None, src["issued_date"]) if src["number"] else ("", "")
        archive.acts.setdefault(key_of(a["doc_type"], a["number"], None, a["issued_date"]), []).append(
            ActOn(a["relation"], by, label(src["doc_type"], src["number"], src["title"], src["issued_date"]),
                  a["effective_from"], json.loads(a["provisions"] or "[]"), src["path"]))


def load_archive(store: str | None = None, folders: Iterable[str] = ()) -> Archive:
    """The archive of a store and/or folders of outputs, over the central facts."""
    from pipeline import graph

    archive = Archive()
    archive.add_facts(central_facts())
    if store:
        from pipeline.store import Store

        with Store(store) as s:
            add_store(archive, s)
    for path, data in graph.iter_outputs(list(folders)):
        if data is not None:
            archive.add_output(path, data)
    return archive


# -- vanban check -------------------------------------------------------------------------------
@dataclass
class Finding:
    level: str  # error | warning | info
    code: str
    message: str
    node: str | None
    reference: int | None = None

    def to_json(self) -> dict[str, Any]:
        return {"level": self.level, "code": self.code, "message": self.message, "node": self.node,
                "reference": self.reference}


LEVEL_VI = {"error": "lỗi", "warning": "cảnh báo", "info": "ghi chú"}


def _near(a: str, b: str) -> bool:
    """Two numbers one typo apart ("108/2020/NĐ-CP" and "180/2020/NĐ-CP", "10/2020/NĐ-CP")."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        return len(diff) == 1 or (len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]])
    short, long_ = sorted((a, b), key=len)
    return any(long_[:i] + long_[i + 1:] == short for i in range(len(long_)))


def _same_title(a: str | None, b: str | None) -> bool:
    """Most words of the shorter title are in the other one (several laws are passed on one day)."""
    wa, wb = set(fold(a or "").split()), set(fold(b or "").split())
    if not wa or not wb:
        return False
    return len(wa & wb) >= 0.6 * min(len(wa), len(wb))


def _agreement(archive: Archive, i: int, r: dict[str, Any]) -> Iterable[Finding]:
    """Does the citation's number and date agree with what is known?"""
    k = key_of(r.get("doc_type"), r.get("number"), r.get("title"), r.get("issued_date"))
    known = archive.docs.get(k)
    if known and not known.source.endswith("(cited)"):
        if r.get("issued_date") and known.issued_date and r["issued_date"] != known.issued_date:
            yield Finding("warning", "date_mismatch",
                          f"{r['surface']}: ngày ban hành ghi {_vi_date(r['issued_date'])}, văn bản có ngày "
                          f"{_vi_date(known.issued_date)} (có thể ghi nhầm)", r.get("node"), i)
        return
    if r.get("number") and r.get("issued_date"):
        for other in archive.by_date.get((k[0], r["issued_date"]), []):
            o = archive.docs[other]
            if o.number and _near(o.number.upper(), r["number"].upper()) and not o.source.endswith("(cited)") \
                    and _same_title(o.title, r.get("title")):
                yield Finding("warning", "number_mismatch",
                              f"{r['surface']}: không thấy số {r['number']}; văn bản cùng loại, cùng ngày có số "
                              f"{o.number} (có thể ghi nhầm)", r.get("node"), i)
                return
    if known is None and r.get("relation") == "can_cu":
        yield Finding("info", "unknown", f"{r['surface']}: chưa có trong kho, không kiểm tra được hiệu lực",
                      r.get("node"), i)


def check_document(data: dict[str, Any], archive: Archive, as_of: str | None = None) -> list[Finding]:
    """Findings on one document's references; bases on replaced or repealed documents are errors."""
    d = data.get("document") or {}
    when = as_of or d.get("issued_date")
    out: list[Finding] = []
    ranks: list[tuple[int, dict[str, Any]]] = []
    for i, r in enumerate(data.get("references") or []):
        if r.get("relation") in ("self", "ban_hanh_kem_theo"):
            continue
        out += list(_agreement(archive, i, r))
        if r.get("relation") != "can_cu":
            continue
        st = archive.status(key_of(r.get("doc_type"), r.get("number"), r.get("title"), r.get("issued_date")), when,
                            besides=key_of(d.get("doc_type"), d.get("number"), None, d.get("issued_date"))
                            if d.get("number") else None)
        if st.status in (Status.REPLACED, Status.REPEALED, Status.EXPIRED):
            out.append(Finding("error", f"basis_{st.status.value}",
                               f"căn cứ {r['surface']} đã {st.text()}" + (f" (xét tại ngày {_vi_date(when)})" if when else ""),
                               r.get("node"), i))
        elif st.status is Status.NOT_YET:
            out.append(Finding("warning", "basis_not_yet_in_force",
                               f"căn cứ {r['surface']} chưa có hiệu lực (từ ngày {_vi_date(st.since)})", r.get("node"), i))
        rank = force_rank(r.get("doc_type"), r.get("number"))
        if rank is not None:
            ranks.append((rank, r))
    for (ra, a), (rb, b) in zip(ranks, ranks[1:]):
        if rb < ra:  # one finding per document: the first basis out of order
            out.append(Finding("warning", "basis_order",
                               f"căn cứ {b['surface']} có hiệu lực pháp lý cao hơn {a['surface']} nhưng được nêu sau",
                               b.get("node")))
            break
    return out


def report_lines(path: str, findings: list[Finding]) -> list[str]:
    """One line per finding: FILE:node: mức: nội dung."""
    return [f"{path}:{f.node or '-'}: {LEVEL_VI[f.level]}: {f.message}" for f in findings]


_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def valid_date(text: str | None) -> bool:
    return text is None or bool(_ISO.match(text))


# -- the citation graph ---------------------------------------------------------------------------
def annotate_graph(g: Any, outputs: Iterable[tuple[str, dict[str, Any]]], archive: Archive, as_of: str | None) -> None:
    """Typed, dated act edges (act, effective_from) from each output's `effective.relations`, and each
    node's status as of *as_of* (status, status_by, status_since), in place."""
    ids = {key_of(a.get("doc_type") or None, a.get("number") or None, a.get("title") or None,
                  a.get("issued_date") or None): n for n, a in g.nodes(data=True)}
    from extractors.effect import effect_of_output

    for _, data in outputs:
        d = data.get("document") or {}
        source = ids.get(key_of(d.get("doc_type"), d.get("number"), d.get("title"), d.get("issued_date")))
        for r in ((effect_of_output(data) or {}).get("relations") or []):
            target = ids.get(key_of(r.get("doc_type"), r.get("number"), r.get("title"), r.get("issued_date")))
            if source and target and g.has_edge(source, target):
                g.edges[source, target]["act"] = r["relation"]
                g.edges[source, target]["effective_from"] = r.get("effective_from") or ""
    for n, a in g.nodes(data=True):
        k = key_of(a.get("doc_type") or None, a.get("number") or None, a.get("title") or None, a.get("issued_date") or None)
        st = archive.status(k, as_of)
        a["status"], a["status_by"], a["status_since"] = st.status.value, st.by or "", st.since or ""


def late_bases(outputs: Iterable[tuple[str, dict[str, Any]]], archive: Archive) -> list[str]:
    """Documents cited as a basis (Căn cứ) after they were replaced, repealed or expired: one line each."""
    lines = []
    for path, data in outputs:
        for f in check_document(data, archive):
            if f.level == "error":
                lines.append(f"  {path}:{f.node}: {f.message}")
    return lines
