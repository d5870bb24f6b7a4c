"""The one document model every stage shares: blocks from a reader, a structure tree, annotations."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(slots=True)
class Loc:
    """Where a piece of text came from: page (None when unknown), block index, character span in the source text."""

    page: int | None
    block: int
    start: int
    end: int

    def to_json(self) -> dict[str, Any]:
        return {"page": self.page, "block": self.block, "start": self.start, "end": self.end}


@dataclass(slots=True)
class Cell:
    """One table cell; ``paragraphs`` keeps the source's line/paragraph breaks inside the cell."""

    row: int
    col: int
    paragraphs: list[str]
    rowspan: int = 1
    colspan: int = 1
    # True when the cell only repeats the value of a merged neighbour (carried down or across).
    merged_from: tuple[int, int] | None = None

    @property
    def text(self) -> str:
        return "\n".join(p for p in self.paragraphs if p.strip())


@dataclass(slots=True)
class Table:
    """A grid of cells: ``rows[r][c]``; every row has ``ncols`` cells after normalisation."""

    rows: list[list[Cell]]
    header_rows: int = 0
    # rows a reader could not align to the grid's columns (kept, but not trusted column by column)
    unaligned: set[int] = field(default_factory=set)

    # how many cells each row had in the source, before padding (a short row lost merged cells)
    source_widths: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        # a ragged source row is padded with empty cells so that every row has ncols cells
        width = self.ncols
        self.source_widths = [len(row) for row in self.rows]
        for r, row in enumerate(self.rows):
            row.extend(Cell(r, c, []) for c in range(len(row), width))

    @property
    def ncols(self) -> int:
        return max((len(r) for r in self.rows), default=0)


@dataclass(slots=True)
class Block:
    """A reader's unit: paragraph, heading, list item or table, with provenance."""

    kind: str  # paragraph | heading | list_item | table
    text: str
    loc: Loc
    table: Table | None = None
    bold: bool = False
    centered: bool = False
    # The role a reader already knows (e.g. "header" for a DOCX layout table), else None.
    role: str | None = None
    # What the reader knows of the block's numbering, the text left as it is: the label the text
    # starts with ("1.", "a)", "-") and its list level (0 at the top) where the source numbered it
    # (Word's auto-numbering), a footnote's id where its text starts "[id] ".
    label: str | None = None
    level: int | None = None
    note_id: str | None = None


@dataclass(slots=True)
class Node:
    """A structure tree node; ``span_text`` is the text that annotations' spans index."""

    id: str
    kind: str
    label: str | None = None
    title: str | None = None
    text: str = ""
    loc: Loc | None = None
    children: list["Node"] = field(default_factory=list)
    table: Table | None = None
    cells: list[str] | None = None  # for kind == "row": the cell texts, one per column
    group: bool = False  # for kind == "row": a group heading row spanning the table

    def walk(self):
        """Yield this node and every descendant, in document order."""
        stack = [self]
        while stack:
            node = stack.pop()
            yield node
            stack.extend(reversed(node.children))

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": self.id,
            "kind": self.kind,
            "label": self.label,
            "title": self.title,
            "text": self.text,
            "loc": self.loc.to_json() if self.loc else None,
            "children": [c.to_json() for c in self.children],
        }
        if self.cells is not None:
            out["cells"] = self.cells
            out["group"] = self.group
        return out


@dataclass(slots=True)
class Source:
    path: str
    sha256: str
    format: str
    pages: int | None = None


@dataclass(slots=True)
class Warning_:
    code: str
    message: str
    node: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {"code": self.code, "message": self.message, "node": self.node}


@dataclass(slots=True)
class Document:
    """Everything known about one input file, filled stage by stage."""

    source: Source
    blocks: list[Block]
    text: str = ""  # the decoded, NFC source text that block offsets index (empty for binary formats)
    header: dict[str, Any] = field(default_factory=dict)
    attachments: list[dict[str, Any]] = field(default_factory=list)
    root: Node | None = None
    references: list[dict[str, Any]] = field(default_factory=list)
    back_references: list[dict[str, Any]] = field(default_factory=list)
    tasks: list[dict[str, Any]] = field(default_factory=list)
    prose_tasks: list[dict[str, Any]] = field(default_factory=list)
    agencies: list[dict[str, Any]] = field(default_factory=list)  # the bodies the tasks name, one entry each
    targets: list[dict[str, Any]] = field(default_factory=list)
    budget_items: list[dict[str, Any]] = field(default_factory=list)
    warnings: list[Warning_] = field(default_factory=list)

    def warn(self, code: str, message: str, node: str | None = None) -> None:
        self.warnings.append(Warning_(code, message, node))

    def node(self, node_id: str) -> Node | None:
        """Find a structure node by id."""
        if self.root is None:
            return None
        for n in self.root.walk():
            if n.id == node_id:
                return n
        return None
