"""GraphML of the citation graph, byte for byte what networkx's lxml writer (nx.write_graphml)
makes of it: its key ids and their order, types, layout and escaping. A batch writes its graph
after the last document, so the writer's time is the batch's: networkx's builds an lxml element
and makes a dozen Python calls per value (0.05 s of CPU for the 110 DOCX's 727 nodes and 1,319
edges) and imports numpy first (0.13 s) for the types of numpy values. A graph this writer is not
shown exact for (tests/test_graphml.py) is left to networkx: see writable()."""
from __future__ import annotations

import re
from typing import Any

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


def _plain(value: Any) -> bool:
    return type(value) in _XML_TYPE and not (type(value) is str and _UNSURE.search(value))


def writable(g: Any) -> bool:
    """Whether *g* is a graph this writer gives networkx's bytes for: directed, not a multigraph,
    no graph attributes, string node ids and str, int or bool values of characters lxml writes as
    they are (or escapes as _TEXT and _ATTR do)."""
    if not g.is_directed() or g.is_multigraph() or g.graph:
        return False
    return (all(type(n) is str and _plain(n) and _plain_data(a) for n, a in g.nodes(data=True))
            and all(_plain_data(e) for _, _, e in g.edges(data=True)))


def _plain_data(data: dict[Any, Any]) -> bool:
    return all(type(k) is str and _plain(k) and _plain(v) for k, v in data.items())


def _keys(g: Any) -> dict[tuple[str, str, str], str]:
    """(name, GraphML type, scope) → key id ("d0", "d1" …), in the order networkx meets them:
    every node's values, then every edge's."""
    keys: dict[tuple[str, str, str], str] = {}
    for scope, items in (("node", (a for _, a in g.nodes(data=True))), ("edge", (e for _, _, e in g.edges(data=True)))):
        for data in items:
            for k, v in data.items():
                keys.setdefault((str(k), _XML_TYPE[type(v)], scope), f"d{len(keys)}")
    return keys


def _element(start: str, tag: str, data: dict[str, Any], scope: str, keys: dict[tuple[str, str, str], str]) -> str:
    """One node or edge as lxml's pretty printer writes it: its values one per line, indented."""
    if not data:
        return f"{start}/>\n"
    lines = [f'  <data key="{keys[str(k), _XML_TYPE[type(v)], scope]}">{str(v).translate(_TEXT)}</data>\n'
             for k, v in data.items()]
    return f"{start}>\n{''.join(lines)}</{tag}>\n"


def graphml_bytes(g: Any) -> bytes:
    """The GraphML networkx writes for *g* (writable(g) must hold)."""
    keys = _keys(g)
    parts = [_HEAD]
    parts += [f'<key id="{kid}" for="{scope}" attr.name="{name.translate(_ATTR)}" attr.type="{typ}"/>\n'
              for (name, typ, scope), kid in reversed(keys.items())]
    parts.append('<graph edgedefault="directed">')
    parts += [_element(f'<node id="{n.translate(_ATTR)}"', "node", a, "node", keys) for n, a in g.nodes(data=True)]
    parts += [_element(f'<edge source="{u.translate(_ATTR)}" target="{v.translate(_ATTR)}"', "edge", e, "edge", keys)
              for u, v, e in g.edges(data=True)]
    parts.append("</graph></graphml>")
    return "".join(parts).encode("utf-8")
