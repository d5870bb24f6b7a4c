"""Issue 15: every basis right, every document its own node. Unit cases from real corpus lines, and
corpus measures (skipped without ../shared/corpus) that print their figures: the share of Căn cứ-line
mentions labelled can_cu, self references, signers without Nơi nhận, graph identity, versions."""
from __future__ import annotations

import csv
import json
import re
import subprocess
import sys
from collections import Counter, defaultdict
from pathlib import Path

import pytest

from pipeline import graph, graph_keys
from pipeline.identity import document_id
from pipeline.segment import with_province
from tests.conftest import CORPUS, ROOT, converted, needs_corpus

CASES = Path(__file__).parent / "cases"
_BASIS_LINE = re.compile(r"^[\s*_\-–+•]*căn\s+cứ(?![^\W_])", re.I)


def _walk(node):
    yield node
    for c in node.get("children", []):
        yield from _walk(c)


@pytest.mark.parametrize("issuer, parent, want", [
    ("Sở Tư pháp", "UBND tỉnh Lâm Đồng", "Sở Tư pháp tỉnh Lâm Đồng"),                 # "UBND TỈNH LÂM ĐỒNG / SỞ TƯ PHÁP"
    ("Sở Văn hóa, thể thao và du lịch", "UBND thành phố Hồ Chí Minh",
     "Sở Văn hóa, Thể thao và Du lịch thành phố Hồ Chí Minh"),                        # the gazetteer's capitals
    ("Công an tỉnh Lâm Đồng", "Bộ Công an", "Công an tỉnh Lâm Đồng"),                  # not under a province's UBND
    ("Văn phòng UBND tỉnh Lâm Đồng", "UBND tỉnh Lâm Đồng", "Văn phòng UBND tỉnh Lâm Đồng"),  # already placed
    ("Sở Nội vụ", None, "Sở Nội vụ"),
])
def test_department_carries_its_province(issuer, parent, want):
    assert with_province(issuer, parent) == want


def test_unnumbered_ids_differ_by_file_and_stay_stable():
    a = document_id("Kế hoạch", "/KH-UBND", None, "UBND tỉnh Lâm Đồng", "Tuyên truyền cải cách hành chính năm 2026", "ab" * 32)
    b = document_id("Kế hoạch", "/KH-UBND", None, "UBND tỉnh Lâm Đồng", "Tuyên truyền cải cách hành chính năm 2026", "cd" * 32)
    assert a != b and a == document_id("Kế hoạch", "/KH-UBND", None, "UBND tỉnh Lâm Đồng",
                                       "Tuyên truyền cải cách hành chính năm 2026", "ab" * 32)
    assert a.startswith("vn:ke-hoach:ubnd-tinh-lam-dong~tuyen-truyen-cai-cach-hanh-chinh-nam-2026:nd:h")
    assert document_id("Quyết định", "2571/QĐ-UBND", "2022-12-30", None, None, "ab" * 32) == "vn:quyet-dinh:2571/QĐ-UBND:2022-12-30"


@pytest.mark.parametrize("attrs, want", [
    ({"doc_type": "Quyết định", "number": "2571/QĐ-UBND", "title": ""}, "QĐ 2571/QĐ-UBND"),
    ({"doc_type": "Luật", "number": "", "title": "Tổ chức chính quyền địa phương"}, "Luật Tổ chức chính quyền địa phương"),
    ({"doc_type": "Kế hoạch", "number": "/KH-UBND", "title": "Cải cách hành chính nhà nước giai đoạn 2026 - 2030 của tỉnh"},
     "KH /KH-UBND Cải cách hành chính nhà nước …"),
])
def test_short_labels(attrs, want):
    assert graph.short_label(attrs) == want


def _tiny_graph():
    def out(path, number, title, refs=(), draft=False):
        doc = {"id": document_id("Kế hoạch", number, None, "UBND tỉnh Lâm Đồng", title, path.encode().hex().ljust(64, "0")),
               "doc_type": "Kế hoạch", "number": number, "issued_date": None, "issuer": "UBND tỉnh Lâm Đồng", "title": title}
        return path, {"source": {"path": ("Du thao " if draft else "") + path}, "document": doc, "structure": {},
                      "references": list(refs)}
    basis = {"doc_type": "Nghị quyết", "number": "76/NQ-CP", "issued_date": "2021-07-15", "issuer": "Chính phủ",
             "title": None, "relation": "can_cu", "target": "vn:nghi-quyet:76/NQ-CP:2021-07-15"}
    return graph.build([out("a.docx", "/KH-UBND", "Cải cách hành chính năm 2026", [basis], draft=True),
                        out("b.docx", "/KH-UBND", "Cải cách hành chính năm 2026", [basis]),
                        out("c.docx", "/KH-UBND", "Tuyên truyền cải cách hành chính")])


def test_drafts_are_own_nodes_linked_to_their_issued_version():
    g = _tiny_graph()
    own = [n for n, a in g.nodes(data=True) if a["converted"]]
    assert len(own) == 3  # three blank-numbered plans, three nodes
    (draft, issued), = [(u, v) for u, v, e in g.edges(data=True) if e["relation"] == "version_of"]
    assert g.nodes[draft]["path"] == "a.docx" and g.nodes[issued]["path"] == "b.docx"
    assert all(e["weight"] == e["count"] for _, _, e in g.edges(data=True))


def test_resolve_by_number_or_phrase():
    g = _tiny_graph()
    assert graph.resolve(g, "76/NQ-CP") == "vn:nghi-quyet:76/NQ-CP:2021-07-15"
    assert g.nodes[graph.resolve(g, "tuyên truyền")]["path"] == "c.docx"
    with pytest.raises(LookupError, match="2 documents match"):
        graph.resolve(g, "cải cách hành chính năm 2026")
    with pytest.raises(LookupError, match="no document"):
        graph.resolve(g, "Luật Đất đai")
    text = graph.answer(g, cited_by="76/NQ-CP")
    assert text.splitlines()[0].startswith("cited by") and text.count("can_cu") == 2


def test_gexf_nodes_carry_start_dates(tmp_path):
    g = _tiny_graph()
    path = tmp_path / "g.gexf"
    graph.write(g, str(path))
    text = path.read_text(encoding="utf-8")
    assert 'timeformat="date"' in text and 'start="2021-07-15"' in text


def test_cli_graph_answers_only_and_refuses_unknown_in_one_line(tmp_path):
    out = tmp_path / "qd.json"
    out.write_text(json.dumps(converted(str(ROOT / "samples" / "qd-2571-ubnd-lamdong-2022.txt")), ensure_ascii=False),
                   encoding="utf-8")
    cli = [sys.executable, "-m", "pipeline.cli", "graph", str(out)]
    ok = subprocess.run(cli + ["--basis-of", "2571/QĐ-UBND"], capture_output=True, text=True, cwd=ROOT)
    assert ok.returncode == 0 and ok.stdout.startswith("legal basis of Quyết định 2571/QĐ-UBND") and "most cited" not in ok.stdout
    bad = subprocess.run(cli + ["--cited-by", "9999/QĐ-XYZ"], capture_output=True, text=True, cwd=ROOT)
    assert bad.returncode == 1 and bad.stdout == "" and len(bad.stderr.strip().splitlines()) == 1


# ---- corpus measures -------------------------------------------------------------------------

def _corpus_outputs():
    for path in sorted(CORPUS.rglob("*")):
        if path.suffix.lower() in (".txt", ".md", ".docx", ".doc", ".pdf") and path.name != "README.md":
            try:
                yield path, converted(str(path))
            except Exception:  # refused inputs are test_corpus's business
                continue


@needs_corpus
@pytest.mark.corpus
def test_corpus_basis_lines_self_references_and_identity():
    basis = Counter()
    numbered = selfs = 0
    nodes: dict[str, set[str]] = defaultdict(set)
    outputs = []
    for path, out in _corpus_outputs():
        outputs.append((str(path), out))
        text = {n["id"]: n["text"] for n in _walk(out["structure"])}
        starts = Counter((r["node"], r["span"][0]) for r in out["references"])
        assert max(starts.values(), default=1) == 1, path  # one entry per mention
        for r in out["references"]:
            if _BASIS_LINE.match(text.get(r["node"], "")):
                basis[r["relation"] == "can_cu"] += 1
        doc = out["document"]
        # a number read from the "kèm theo" line (no number line of its own) is not counted
        if doc["number"] and not any(w["code"] == "header_from_attachment" for w in out["warnings"]):
            numbered += 1
            selfs += any(r["relation"] == "self" and r["target"] == doc["id"] for r in out["references"])
    share = basis[True] / max(1, sum(basis.values()))
    print(f"\nCăn cứ-line mentions labelled can_cu: {basis[True]}/{sum(basis.values())} = {share:.4f}; "
          f"self references: {selfs}/{numbered} documents with a number line")
    assert share >= 0.99
    assert selfs == numbered
    g = graph.build(outputs)
    for path, out in outputs:
        nodes[graph_keys.doc_key(out["document"])].add(out["source"]["sha256"])
    unnumbered = {k: v for k, v in nodes.items() if k[0] == "id"}
    assert all(len(v) == 1 for v in unnumbered.values())  # a document without a number is only itself
    numbered_nodes = {k: v for k, v in nodes.items() if k[0] != "id"}
    print(f"graph: {g.number_of_nodes()} nodes; {len(unnumbered)} unnumbered documents, each its own node; "
          f"{sum(len(v) > 1 for v in numbered_nodes.values())} numbered documents present in two files (txt+pdf, doc+docx)")


@needs_corpus
@pytest.mark.corpus
def test_lamdong_drafts_are_linked_to_their_issued_texts():
    folder = CORPUS / "vbai-lamdong-ubnd"
    outputs = [(str(p), converted(str(p))) for p in sorted(folder.rglob("*"))
               if p.suffix.lower() in (".docx", ".doc", ".pdf", ".txt", ".md") and p.name != "README.md"]
    g = graph.build(outputs)
    names = {n: Path(a["path"]).name for n, a in g.nodes(data=True) if a["converted"]}
    pairs = {(names[u], names[v]) for u, v, e in g.edges(data=True) if e["relation"] == "version_of"}
    print(f"\nversion_of edges: {len(pairs)}")
    for pair in sorted(pairs):
        print("  ", *pair, sep="  ")
    for draft, issued in [
        ("Du thao KH CCHC gđ 2026-2030 17.3s.docx", "Kế hoạch CCHC giai đoạn 2026-2030.docx"),
        ("Du thao Ke hoach tuyen truyen CCHC tinh Lam Dong nam 2026. 31.12.docx", "Ke hoach tuyen truyen CCHC tinh Lam Dong nam 2026.docx"),
        ("DU THAO BC CCHC NAM 2025.docx", "BAO CAO CCHC NAM 2025.docx"),
        ("Du thao ke hoach phat dong thi dua CCHC nam 2026 tinh Lam Dong 10.02s.docx",
         "Ke hoach phat dong phong trao thi dua CCHC nam 2026 tinh Lam Dong.docx"),
        ("DU THAO BC CCHC QUY I 2026 TINH LAM DONG 11-3.docx", "Báo cáo CCHC Qúy I 2026 tỉnh Lâm Đồng.docx"),
    ]:
        assert any(d.startswith(Path(draft).stem) and i.startswith(Path(issued).stem) for d, i in pairs), (draft, issued)


def _signer_cases():
    text = (CASES / "signer_cases.csv").read_text(encoding="utf-8")
    return list(csv.DictReader(ln for ln in text.splitlines() if ln and not ln.startswith("#")))


@needs_corpus
@pytest.mark.parametrize("case", _signer_cases(), ids=lambda c: c["path"].rsplit("/", 1)[1][:30])
def test_signer_without_recipients(case):
    out = converted(str(CORPUS / case["path"]))
    assert out["document"]["signer"] == case["signer"]
    # the signature block is not left as a paragraph of the last article
    inside = [n for n in _walk(out["structure"]) if n["kind"] in ("paragraph", "clause", "point", "item")
              and n["id"].startswith(("article", "chapter")) and n["text"].strip() == case["signer"]]
    assert not inside


def _header_doc(*lines, number):
    from pipeline.model import Document, Node, Source

    root = Node("doc", "document")
    header = Node("header", "header")
    header.children = [Node(f"header.p-{k}", "paragraph", text=t) for k, t in enumerate(lines, 1)]
    root.children = [header]
    doc = Document(Source("x.docx", "ab" * 32, "docx"), [], root=root)
    doc.header = {"id": document_id("Công văn", number, None, "UBND tỉnh Lâm Đồng", "Tham mưu", "ab" * 32),
                  "doc_type": "Công văn", "number": number, "issued_date": "2025-09-08",
                  "issuer": "UBND tỉnh Lâm Đồng", "place": "Lâm Đồng"}
    return doc


def test_blank_number_line_is_self_and_a_cited_number_in_the_header_is_not():
    """Lines of a corpus header (UBND tỉnh Lâm Đồng forwarding the ministry's Công văn 3980)."""
    from extractors.references import extract_references

    doc = _header_doc("Số: /UBND-NC", "V/v tham mưu triển khai Công văn số 3980/C04-P6", number="/UBND-NC")
    extract_references(doc)
    got = [(r.surface, r.relation, r.issuer, r.issued_date) for r in doc.references]
    assert got[0] == ("Số: /UBND-NC", "self", "UBND tỉnh Lâm Đồng", "2025-09-08")
    assert doc.references[0].target == doc.header["id"]
    assert [r.relation for r in doc.references if r.number == "3980/C04-P6"] == ["implements"]  # "triển khai", not self


def test_number_on_the_line_after_its_label_is_self():
    from extractors.references import extract_references

    doc = _header_doc("Số:", "36/2025/QĐ-CTUBND", number="36/2025/QĐ-CTUBND")
    extract_references(doc)
    assert [(r.surface, r.relation, r.node) for r in doc.references] == [("36/2025/QĐ-CTUBND", "self", "header.p-2")]
