"""Agencies as entities: one id per body across the archive, whatever the spelling ("UBND tỉnh",
"Ủy ban nhân dân tỉnh Lâm Đồng", "Uỷ ban nhân dân tỉnh Lâm Đồng" → ag:uy-ban-nhan-dan-tinh-lam-dong),
with its level and province; bodies renamed or merged in 2025 are followed to their successor
(data/agency_successors.csv, dated). Tasks gain lead_ids / cooperating_ids, the document its
``agencies``."""
from __future__ import annotations

import csv
import hashlib
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from extractors.agencies import normalize_agency
from pipeline.model import Document
from pipeline.places import level_of, province
from pipeline.text import clean_space, fold, slug

# a level word and the province after it, at the end of a name: "… tỉnh Lâm Đồng", "… thành phố Hồ Chí Minh"
_TAIL = re.compile(r"\s+(?P<level>tỉnh|thành phố|Tỉnh|Thành phố|TP\.?)\s+(?P<place>[^,;()]+)$")
_CENTRAL = re.compile(r"^(?:bo|chinh phu|thu tuong|van phong chinh phu|quoc hoi|uy ban thuong vu quoc hoi|ngan hang nha nuoc|"
                      r"toa an nhan dan toi cao|vien kiem sat nhan dan toi cao|kiem toan nha nuoc|tong cuc|cuc|uy ban dan toc|"
                      r"bao hiem xa hoi viet nam|ban chi dao trung uong|ban chap hanh trung uong|ban bi thu|bo chinh tri)\b")
_COMMUNE = re.compile(r"\b(?:xa|phuong|dac khu|thi tran)\b")
_COLLECTIVE = re.compile(r"(?:^|\s)cac\s")


# Vietnamese writes the tone of an open oa/oe/uy rhyme in two places ("hoá"/"hóa", "khoẻ"/"khỏe",
# "thuý"/"thúy", "uỷ"/"ủy"); a closed one ("đoàn", "toán", "loại", "khoét") and a qu- syllable ("quý",
# "quỹ") are written one way only. The key puts the tone where most documents do ("hóa", "ủy").
_SECOND_VOWEL = {"oá": "óa", "oà": "òa", "oả": "ỏa", "oã": "õa", "oạ": "ọa", "oé": "óe", "oè": "òe", "oẻ": "ỏe",
                 "oẽ": "õe", "oẹ": "ọe", "uý": "úy", "uỳ": "ùy", "uỷ": "ủy", "uỹ": "ũy", "uỵ": "ụy"}
_OPEN_RHYME = re.compile("(?<!q)(?:" + "|".join(_SECOND_VOWEL) + r")(?!\w)")
# the form agency ids are hashed from: the tone moved in closed syllables too ("đoàn" → "đòan"); it
# is as spelling-blind, and kept so that an agency's id stays what earlier versions wrote
_ANY_RHYME = re.compile("|".join(_SECOND_VOWEL))


def name_key(name: str) -> str:
    """What two writings of one name share: NFC, lower case, tone marks placed alike, one space
    ("Uỷ ban Văn hoá" → "ủy ban văn hóa"; "Liên đoàn", "Quỹ" as written). Unlike fold it keeps
    the marks: "Sở" (a department) and "Sổ" (a book) stay apart."""
    low = unicodedata.normalize("NFC", clean_space(name)).lower()
    return _OPEN_RHYME.sub(lambda m: _SECOND_VOWEL[m.group(0)], low)


def _id_key(name: str) -> str:
    """The name_key of earlier versions, which an agency's id digest is made from ("đoàn" → "đòan")."""
    return _ANY_RHYME.sub(lambda m: _SECOND_VOWEL[m.group(0)], name_key(name))


@dataclass(frozen=True)
class Agency:
    """One body: its id, its canonical name, level (central | province | commune | collective |
    unknown), province, and the name it had before a 2025 merger when it was written so."""
    id: str
    name: str
    level: str
    province: str | None
    predecessor: str | None = None
    since: str | None = None

    def to_json(self) -> dict[str, Any]:
        out = {"id": self.id, "name": self.name, "level": self.level, "province": self.province}
        if self.predecessor:
            out["successor_of"] = {"name": self.predecessor, "since": self.since}
        return out


@lru_cache(maxsize=1)
def successors() -> list[dict[str, str]]:
    """Rows of data/agency_successors.csv, longest predecessor first."""
    text = resources.files("extractors.data").joinpath("agency_successors.csv").read_text(encoding="utf-8")
    rows = list(csv.DictReader(ln for ln in text.splitlines() if ln and not ln.startswith("#")))
    return sorted(rows, key=lambda r: -len(r["predecessor"]))


@lru_cache(maxsize=1)
def _folded_successors() -> tuple[list[tuple[str, dict[str, str]]], list[tuple[str, dict[str, str]]]]:
    """(folded predecessor, row) of the province rows and of the body rows, in successors()'s order."""
    rows = [(fold(r["predecessor"]), r) for r in successors()]
    return [x for x in rows if x[1]["kind"] == "province"], [x for x in rows if x[1]["kind"] == "body"]


def _with_level(name: str) -> str:
    """"Sở Tài chính Lâm Đồng" → "Sở Tài chính tỉnh Lâm Đồng": a province at the end gets its level word."""
    if _TAIL.search(name):
        return name
    words = name.split()
    for n in (4, 3, 2):
        if len(words) > n:
            place = province(" ".join(words[-n:]))
            if place and fold(" ".join(words[-n:])) == fold(place):
                return " ".join(words[:-n] + [level_of(place), place])
    return name


def _own_level(name: str) -> str:
    """"Sở Nội vụ tỉnh Hà Nội" → "Sở Nội vụ thành phố Hà Nội": the level word a province has."""
    m = _TAIL.search(name)
    place = province(m.group("place").strip()) if m else None
    if not place or fold(place) != fold(m.group("place").strip()):
        return name
    return f"{name[:m.start()]} {level_of(place)} {place}"


def _follow(name: str) -> tuple[str, list[dict[str, str]]]:
    """The successor's name of a body merged or renamed in 2025 (its province, then its head), and
    the facts used."""
    used = []
    provinces, bodies = _folded_successors()
    m = _TAIL.search(name)
    if m:
        place = fold(province(m.group("place").strip()) or m.group("place").strip())
        for head, row in provinces:
            if place == head:
                name = f"{name[:m.start()]} {level_of(row['successor'])} {row['successor']}"
                used.append(row)
                break
    folded = fold(name)
    for head, row in bodies:
        if folded == head or folded.startswith(head + " "):
            name = row["successor"] + name[len(row["predecessor"]):]
            used.append(row)
            break
    return clean_space(name), used


def _level(name: str, where: str | None) -> str:
    """collective ("Các sở, ngành", "UBND các xã"), commune, province (a name ending in its
    province), central (ministries, the Government and their departments), else unknown."""
    f = fold(name)
    if _COLLECTIVE.search(f):
        return "collective"
    if _COMMUNE.search(f):
        return "commune"
    if where:
        return "province"
    return "central" if _CENTRAL.match(f) else "unknown"


def agency(written: str, place: str | None) -> Agency:
    """The entity a name as written stands for in a document of *place* (its province). A commune
    or a collective named without its province is the document's: its id ends with the province
    ("ag:uy-ban-nhan-dan-phuong-1-bao-loc--lam-dong"), for communes of one name lie in several."""
    full = _own_level(_with_level(normalize_agency(written, place))).replace("Uỷ", "Ủy").replace("uỷ", "ủy")
    if place and fold(full).startswith("so ") and not _TAIL.search(full) and province(place):
        full = f"{full} {level_of(province(place))} {province(place)}"  # a Sở is always a province's
    name, facts = _follow(full)
    m = _TAIL.search(name)
    where = province(m.group("place").strip()) if m else None
    level = _level(name, where)
    key = _id_key(name)
    if where is None and place and level in ("commune", "collective", "unknown"):
        where = province(place) or place
        key = f"{key} -- {_id_key(where)}"
    digest = hashlib.sha1(key.encode("utf-8")).hexdigest()[:6]  # the marks the slug drops
    return Agency(id=f"ag:{slug(key)}-{digest}", name=name, level=level, province=where,
                  predecessor=full if facts else None, since=max(f["date"] for f in facts) if facts else None)


def agency_place(doc: Document) -> str | None:
    """The province the document's agencies named without one belong to: its place; none in a
    central body's document ("Chính phủ", a ministry, in Hà Nội): its "Sở Nội vụ", "Ủy ban nhân dân
    cấp tỉnh" are every province's."""
    return None if _CENTRAL.match(fold(doc.header.get("issuer") or "")) else doc.header.get("place")


def assign_agency_ids(doc: Document) -> None:
    """lead_ids / cooperating_ids on every task, and the document's agencies (each once)."""
    place = agency_place(doc)
    seen: dict[str, Agency] = {}
    read: dict[str, Agency] = {}  # agency() is pure: a name the document repeats task after task is read once
    for task in [*doc.tasks, *doc.prose_tasks]:
        leads, cooperating = ([read.get(name) or read.setdefault(name, agency(name, place)) for name in names]
                              for names in (task.lead, task.cooperating))
        task.lead_ids, task.cooperating_ids = [a.id for a in leads], [a.id for a in cooperating]
        for a in (*leads, *cooperating):
            seen.setdefault(a.id, a)
    doc.agencies = list(seen.values())
