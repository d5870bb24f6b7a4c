"""GraphML of the citation graph, byte for byte what networkx's lxml writer (nx.write_graphml)
makes of it: its key ids and their order, types, layout and escaping. A batch writes its graph
after the last document, so the writer's time is the batch's: networkx's builds an lxml element
and makes a dozen Python calls per value (0.05 s of CPU for the 110 DOCX's 727 nodes and 1,319
edges) and imports numpy first (0.13 s) for the types of numpy values. A graph this writer is not
shown exact for (tests/test_graphml.py) is left to networkx: see writable()."""
from __future__ import annotations

import re
from typing import Any, Callable

# networkx's names for Python types (GraphML.construct_types: the last name of a type wins)
_XML_TYPE = {bool: "boolean", int: "long", str: "string"}
# characters lxml writes as they are or escapes as below; any other (controls, surrogates, the
# private use area…) leaves the graph to networkx (lxml refuses some, and no test covers them)
_UNSURE = re.compile("[^\t\n\r\x20-\x7e\xa0-\ud7ff]")
_TEXT = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"})
_ATTR = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;",
                       "\r": "&#13;", "\n": "&#10;", "\t": "&#9;"})
_HEAD = ("<?xml version='1.0' encoding='utf-8'?>\n"
         '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"'
         ' xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns'
         ' http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">')


def _holds_any(table: dict[int, str]) -> Callable[[str], re.Match | None]:
    """The search for a character *table* rewrites: most texts hold none, and a search costs a
    tenth of translate, which goes through the table character by character."""
    return re.compile("[" + re.escape("".join(map(chr, table))) + "]").search


_IN_TEXT, _IN_ATTR = _holds_any(_TEXT), _holds_any(_ATTR)


def _text(value: str) -> str:
    """*value* as lxml writes an element's text ("a&b" → "a&amp;b")."""
    return value.translate(_TEXT) if _IN_TEXT(value) else value


def _attr(value: str) -> str:
    """*value* as lxml writes an attribute's ('"x"' → "&quot;x&quot;")."""
    return value.translate(_ATTR) if _IN_ATTR(value) else value


def writable(g: Any) -> bool:
    """Whether *g* is a graph this writer gives networkx's bytes for: directed, not a multigraph,
    no graph attributes, string node ids and str, int or bool values of characters lxml writes as
    they are (or escapes as _TEXT and _ATTR do)."""
    if not g.is_directed() or g.is_multigraph() or g.graph:
        return False
    datas = [a for _, a in g.nodes(data=True)] + [e for _, _, e in g.edges(data=True)]
    names = list(g.nodes) + [k for d in datas for k in d]
    values = [v for d in datas for v in d.values()]
    if {type(n) for n in names} - {str} or {type(v) for v in values} - _XML_TYPE.keys():
        return False
    # one search over all the texts (a blank between them, itself plain) instead of one each
    return not _UNSURE.search(" ".join(names + [v for v in values if type(v) is str]))


class _Keys:
    """The key ids networkx gives (name, GraphML type, scope) as it meets them ("d0", "d1" …: every
    node's values, then every edge's), handed out while the elements are written: one pass over
    the values, each line's opening (`  <data key="d3">`) made once per name and type."""

    def __init__(self) -> None:
        self.ids: dict[tuple[str, str, str], str] = {}
        self.openings: dict[tuple[str, str, type], str] = {}

    def opening(self, scope: str, name: str, kind: type) -> str:
        """The opening of a value's line, for a name and type met first (its key id given now)."""
        kid = self.ids.setdefault((name, _XML_TYPE[kind], scope), f"d{len(self.ids)}")
        line = self.openings[scope, name, kind] = f'  <data key="{kid}">'
        return line

    def element(self, start: str, tag: str, data: dict[str, Any], scope: str) -> str:
        """One node or edge as lxml's pretty printer writes it: its values one per line, indented."""
        if not data:
            return f"{start}/>\n"
        openings, lines = self.openings, []
        for k, v in data.items():
            kind = type(v)
            line = openings.get((scope, k, kind)) or self.opening(scope, k, kind)
            lines.append(f"{line}{_text(v if kind is str else str(v))}</data>\n")
        return f"{start}>\n{''.join(lines)}</{tag}>\n"


def graphml_bytes(g: Any) -> bytes:
    """The GraphML networkx writes for *g* (writable(g) must hold)."""
    keys = _Keys()
    body = [keys.element(f'<node id="{_attr(n)}"', "node", a, "node") for n, a in g.nodes(data=True)]
    body += [keys.element(f'<edge source="{_attr(u)}" target="{_attr(v)}"', "edge", e, "edge")
             for u, v, e in g.edges(data=True)]
    parts = [_HEAD]
    parts += [f'<key id="{kid}" for="{scope}" attr.name="{_attr(name)}" attr.type="{typ}"/>\n'
              for (name, typ, scope), kid in reversed(keys.ids.items())]
    parts.append('<graph edgedefault="directed">')
    parts += body
    parts.append("</graph></graphml>")
    return "".join(parts).encode("utf-8")
