"""The second round of shortcuts in effect and references gives what the code it replaced gave:
each replaced function is written out here as it was, and hypothesis compares the two."""
from __future__ import annotations

from dataclasses import dataclass

from hypothesis import given, settings
from hypothesis import strategies as st

from extractors import effect, references
from extractors.keywords import may_contain, required_words
from pipeline.model import Node, NodeKind

# -- effect: act verbs ------------------------------------------------------------------------


def _verbs_before(sent: str) -> tuple[tuple[int, int, effect.Act], ...]:
    """effect._verbs as it was: one alternation of every act rule, then each rule over the sentence."""
    if not effect._any_act().search(sent):
        return ()
    out = []
    for rule in effect._part("act"):
        out += [(m.start(), m.end(), effect.Act(rule.kind)) for m in rule.regex.finditer(sent)]
    out.sort()
    return tuple(v for i, v in enumerate(out) if not any(o[0] <= v[0] < o[1] for o in out[:i]))


_ACT_RULES = [r.regex for r in effect.rules() if r.part == "act"]
# pieces of real sentences, act verbs in any case, the letters lower() does not keep ("İ", "ı", "ſ")
_FILLERS = ["Bãi bỏ ", "bãi  bỏ", "BÃI BỎ", "Thay thế cho ", "thay thế bởi", "sửa đổi, bổ sung ", "bổ sung khoản ",
            "Bổ sung một số ", "hết hiệu lực", "đều hết hiệu lực", "sẽ hết hiệu lực", "hủy bỏ", "huỷ bỏ", "Điều 3 ",
            "Quyết định số 12/2020/QĐ-UBND ", "các văn bản sau: ", "; ", ". ", "\n", " ", "ı", "İ", "ſ", "thay", "sửa"]


_ACT_TEXT = st.one_of(
    st.lists(st.sampled_from(_FILLERS), max_size=10).map("".join),
    st.sampled_from(_ACT_RULES).flatmap(lambda p: st.from_regex(p)),
)


@settings(max_examples=500, deadline=None)
@given(_ACT_TEXT)
def test_verbs_are_what_the_alternation_first_gave(text):
    """Each rule scans only a sentence holding one of its words: the same verbs as the alternation
    of all the rules followed by every rule's scan."""
    assert effect._verbs(text) == _verbs_before(text)


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(_ACT_RULES).flatmap(lambda p: st.tuples(st.just(p), st.from_regex(p))))
def test_each_act_rule_needs_its_words(pattern_text):
    pattern, text = pattern_text
    assert pattern.search(text)
    words = dict((rule.regex, w) for rule, w in effect._act_rules())[pattern]
    assert may_contain(text, words)


# -- effect: passages -------------------------------------------------------------------------


@dataclass(frozen=True)
class _FlatBefore:
    id: str
    kind: str
    text: str
    top: str
    zone: str
    within: tuple[str, ...]


def _flat_before(root):
    get = dict.get if isinstance(root, dict) else getattr
    stack = [(c, c, ()) for c in reversed(get(root, "children") or [])]
    while stack:
        n, top, within = stack.pop()
        yield _FlatBefore(get(n, "id"), get(n, "kind"), get(n, "text") or "", get(top, "id"), get(top, "kind"), within)
        inner = (*within, get(n, "id"))
        stack.extend((c, top, inner) for c in reversed(get(n, "children") or []))


def _passages_before(root) -> list[effect.Passage]:
    """effect.passages as it was: the sentence end tested on the passage's whole text each time."""
    out: list[effect.Passage] = []
    for n in _flat_before(root):
        if n.kind in effect._SKIP_KINDS or not n.text.strip():
            continue
        prev = out[-1] if out else None
        if prev and n.kind == NodeKind.PARAGRAPH and not effect._ends_sentence(prev.text) \
                and (prev.kind == NodeKind.BASIS or prev.last_top == n.top):
            start = len(prev.text) + 1
            prev.text += " " + n.text
            prev.pieces.append((n.id, start, len(n.text)))
            prev.last_top = n.top
        else:
            out.append(effect.Passage(n.text, [(n.id, 0, len(n.text))], n.kind, n.id, n.zone, n.within, n.top))
    return out


_KINDS = [NodeKind.PARAGRAPH, NodeKind.BASIS, NodeKind.ARTICLE, NodeKind.HEADER, NodeKind.TABLE, NodeKind.ROW,
          NodeKind.APPENDIX, NodeKind.SIGNATURE]
_TEXTS = ["", " ", "\n", "Điều 1. Bãi bỏ", "Quyết định này có hiệu lực", "kể từ ngày ký.", "các văn bản sau:",
          "a) Quyết định số 12/2020/QĐ-UBND;", "và ", "hết hiệu lực .  ", "Căn cứ Luật Tổ chức", "!"]


@st.composite
def _trees(draw, depth=0):
    children = draw(st.lists(_trees(depth + 1), max_size=3)) if depth < 3 else []
    return {"id": f"n{draw(st.integers(0, 10**6))}", "kind": draw(st.sampled_from(_KINDS)),
            "text": draw(st.sampled_from(_TEXTS)), "children": children}


def _node(d) -> Node:
    return Node(id=d["id"], kind=d["kind"], text=d["text"], children=[_node(c) for c in d["children"]])


@settings(max_examples=300, deadline=None)
@given(st.lists(_trees(), max_size=4))
def test_passages_are_what_they_were(children):
    """The same passages from a Node tree and from its contract dict as the code before."""
    root = {"id": "root", "kind": NodeKind.DOCUMENT, "text": "", "children": children}
    for tree in (root, _node(root)):
        assert [vars(p) for p in effect.passages(tree)] == [vars(p) for p in _passages_before(tree)]


# -- references: relation verbs ---------------------------------------------------------------


def _relation_verb_before(window: str) -> str | None:
    """The closest governing verb as _relation found it, every pattern scanning the window."""
    best, best_pos = None, -1
    for rel, pattern in references._RELATION_VERBS:
        for m in pattern.finditer(window):
            if m.start() > best_pos and references._governs(rel, window[m.end():], window[:m.start()]):
                best, best_pos = rel, m.start()
    return best


_REL_PIECES = ["bãi bỏ ", "Hủy bỏ ", "HẾT HIỆU LỰC", "thay thế ", "sửa đổi ", "bổ sung ", "điều chỉnh ",
               "triển khai ", "thực hiện ", "hướng dẫn thi hành ", "quy định chi tiết ", "cụ thể hóa ", "được ",
               "theo ", "các nội dung của ", "Điều 3 ", ", ", ": ", "ı", "ſ", "İ", "x "]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_REL_PIECES), max_size=10).map("".join))
def test_relation_verbs_are_what_every_scan_gave(window):
    node = Node(id="p1", kind=NodeKind.PARAGRAPH, text="x")
    assert references._relation(node, window, False) == (_relation_verb_before(window) or "cites")


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(range(len(references._RELATION_SCANS))).flatmap(
    lambda i: st.tuples(st.just(i), st.from_regex(references._RELATION_SCANS[i][1]))))
def test_each_relation_verb_needs_its_words(index_text):
    i, text = index_text
    _, pattern, words = references._RELATION_SCANS[i]
    assert pattern.search(text) and may_contain(text, words)
    assert words == required_words(pattern)


def test_nodes_with_text_is_every_node_but_the_documents_tables_and_signatures():
    tree = _node({"id": "r", "kind": NodeKind.DOCUMENT, "text": "", "children": [
        {"id": "h", "kind": NodeKind.HEADER, "text": "Số: 1/QĐ-UBND", "children": [
            {"id": "h1", "kind": NodeKind.PARAGRAPH, "text": "a", "children": []}]},
        {"id": "b", "kind": NodeKind.ARTICLE, "text": "Điều 1", "children": [
            {"id": "t", "kind": NodeKind.TABLE, "text": "x", "children": [
                {"id": "r1", "kind": NodeKind.ROW, "text": "y", "children": []}]},
            {"id": "s", "kind": NodeKind.SIGNATURE, "text": "z", "children": []},
            {"id": "e", "kind": NodeKind.PARAGRAPH, "text": "", "children": []}]}]})
    assert [(n.id, h) for n, h in references._nodes_with_text(tree)] == [("h", True), ("h1", True), ("b", False),
                                                                         ("r1", False)]



def test_isspace_is_what_strip_removes():
    """passages() skips a text that is blank by isspace() (no copy) where it tested strip(): the
    same characters over every code point."""
    chars = (chr(c) for c in range(0x110000) if not 0xD800 <= c < 0xE000)
    assert not [c for c in chars if (not (c + c).strip()) != (c + c).isspace()]


def test_effect_reads_only_the_reference_fields_it_is_given():
    """extract_effect hands document_effect only _REF_FIELDS of each reference: every golden file's
    effect is the same from its references' whole contract dicts."""
    import json
    from pathlib import Path

    for path in sorted((Path(__file__).parent / "golden").glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        d, refs = data["document"], data["references"]
        some = [{k: r[k] for k in effect._REF_FIELDS} for r in refs]
        whole = effect.document_effect(data["structure"], refs, d.get("doc_type"), d.get("issued_date"))
        light = effect.document_effect(data["structure"], some, d.get("doc_type"), d.get("issued_date"))
        assert (whole and whole.to_json()) == (light and light.to_json()), path.name
