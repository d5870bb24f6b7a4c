"""The one document model every stage shares: blocks from a reader, a structure tree, annotations."""
from __future__ import annotations

from dataclasses import dataclass, field, fields
from enum import StrEnum
from functools import cache
from operator import attrgetter
from typing import Any, ClassVar

from pipeline import collector


class NodeKind(StrEnum):
    """The kinds of structure node (the schema's node.kind); a StrEnum, so "article" == NodeKind.ARTICLE."""

    DOCUMENT = "document"
    HEADER = "header"
    BASIS = "basis"            # the Căn cứ lines
    PART = "part"              # Phần
    CHAPTER = "chapter"        # Chương
    SECTION = "section"        # Mục
    ARTICLE = "article"        # Điều
    CLAUSE = "clause"          # Khoản "1."
    POINT = "point"            # Điểm "a)"
    ITEM = "item"              # "-", "+" and deeper numbering
    APPENDIX = "appendix"      # Phụ lục
    ATTACHMENT = "attachment"  # a document issued with this one ("ban hành kèm theo")
    TABLE = "table"
    ROW = "row"
    SIGNATURE = "signature"
    RECIPIENTS = "recipients"  # Nơi nhận
    PARAGRAPH = "paragraph"


class WarningCode(StrEnum):
    """Every warning code an output can carry; each has its Vietnamese text in pipeline/data/labels.toml."""

    EXTENSION = "extension"                            # the file's name says another format than its content
    ENCODING = "encoding"                              # legacy (TCVN3, VNI) or guessed text encoding
    OCR = "ocr"                                        # text read by OCR
    READER = "reader"                                  # a reader's note (pages without text, a damaged part)
    OUTPUT_CUT = "output_cut"                          # a bound cut the output (paragraphs, title length)
    ROW_UNALIGNED = "row_unaligned"                    # a table row not aligned to the columns
    ROW_REALIGNED = "row_realigned"                    # a short row's cells moved right to fit
    TYPE_FROM_SUBJECT = "type_from_subject"            # a công văn known by its "V/v" line
    HEADER_FROM_ATTACHMENT = "header_from_attachment"  # a header field borrowed from the attachment
    DATE_FROM_ADOPTION = "date_from_adoption"          # issue date from "thông qua ngày …"
    ISSUER_FROM_NUMBER = "issuer_from_number"          # issuer from the number's symbol
    SIGNATURE_ELSEWHERE = "signature_elsewhere"        # signer from a block outside the closing
    NUMBER_BLANK = "number_blank"                      # "Số:   /QĐ-UBND": a draft
    DATE_BLANK = "date_blank"
    NO_DOC_TYPE = "no_doc_type"
    REFERENCE_VARIANT = "reference_variant"            # one number cited with different dates or codes
    CONFUSABLE_LETTERS = "confusable_letters"          # Cyrillic or Greek letters in a number
    TASK_ROW_SHARES_TEXT = "task_row_shares_text"      # a row under a task text merged over rows
    DEADLINE_UNREAD = "deadline_unread"                # a deadline kept raw
    AGENCY_BY_REFERENCE = "agency_by_reference"        # "như cột 3": a role column naming no agency


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
    """One table cell, once however many slots it covers: its first row and column and how many rows
    and columns it spans; ``paragraphs`` keeps the source's line/paragraph breaks inside the cell."""

    row: int
    col: int
    paragraphs: list[str]
    rowspan: int = 1
    colspan: int = 1

    @property
    def text(self) -> str:
        """The paragraphs that are not blank, one a line (a lone paragraph, most cells', as it is)."""
        paragraphs = self.paragraphs
        if len(paragraphs) == 1:
            return paragraphs[0] if paragraphs[0].strip() else ""
        return "\n".join([p for p in paragraphs if p.strip()])


@dataclass(slots=True, frozen=True)
class Slot:
    """One position of a table's grid view: the cell covering it, ``covered`` when that cell starts
    in another slot (a merged cell seen from a row or column it spans)."""

    row: int
    col: int
    cell: Cell
    covered: bool = False

    @property
    def text(self) -> str:
        return self.cell.text

    @property
    def paragraphs(self) -> list[str]:
        return self.cell.paragraphs

    @property
    def origin(self) -> tuple[int, int]:
        """Where the covering cell starts: ``(row, col)`` of this slot unless it is covered."""
        return (self.cell.row, self.cell.col)


_SET_ROW, _SET_COL, _SET_CELL, _SET_COVERED = (Slot.__dict__[name].__set__ for name in ("row", "col", "cell", "covered"))


def _new_slot(row: int, col: int, cell: Cell, covered: bool) -> Slot:
    """Slot(row, col, cell, covered), its fields set through their slot descriptors: a frozen
    dataclass's __init__ sets each through object.__setattr__, twice the time (a table's every slot)."""
    slot = object.__new__(Slot)
    _SET_ROW(slot, row)
    _SET_COL(slot, col)
    _SET_CELL(slot, cell)
    _SET_COVERED(slot, covered)
    return slot


@dataclass(slots=True)
class Table:
    """A table as its cells, each merged cell once with its spans, and its views: ``grid()`` (every
    row ``ncols`` slots wide, a merged cell seen in each slot it covers), ``own_cells()`` and
    ``rows_text()``. The spans are fixed once the grid is built: a reader changing them makes a new
    Table. ``header_rows``: the rows the reader knows for the header (DOCX ``tblHeader``, the rows
    above a Markdown rule row, a PDF header repeated on the next page), 0 when it does not know."""

    cells: list[Cell]
    header_rows: int = 0
    # rows a reader could not align to the grid's columns (kept, but not trusted column by column)
    unaligned: set[int] = field(default_factory=set)
    _grid: list[list[Slot]] | None = field(default=None, init=False, repr=False, compare=False)
    _widths: list[int] = field(default_factory=list, init=False, repr=False, compare=False)

    @classmethod
    def from_slots(cls, rows: list[list[Cell]], header_rows: int = 0, unaligned: set[int] | None = None) -> "Table":
        """The Table of a reader's slot map: ``rows[r][c]`` is the cell covering that slot, the same
        Cell object in every slot a merged cell covers (no copies). Each cell starts at its first
        slot and spans the rows and columns it covers; a slot map whose merged cell is not a
        rectangle (a dump's value carried down beside a cell of its own) keeps its slots as read. A
        cell may be declared wider (colspan) than the slots it covers: a Markdown group row's title,
        read as spanning the table though the page wrote the row's other cells out (left empty)."""
        boxes: dict[int, list] = {}  # id → [cell, first row, first column, last row, last column]
        for r, row in enumerate(rows):
            for c, cell in enumerate(row):
                box = boxes.get(id(cell))
                if box is None:
                    boxes[id(cell)] = [cell, r, c, r, c]
                    continue
                box[3] = r  # rows come in order: the first seen is the first row
                if c < box[2]:
                    box[2] = c
                elif c > box[4]:
                    box[4] = c
        for cell, r0, c0, r1, c1 in boxes.values():
            cell.row, cell.col, cell.rowspan, cell.colspan = r0, c0, r1 - r0 + 1, max(cell.colspan, c1 - c0 + 1)
        table = cls([box[0] for box in boxes.values()], header_rows, set() if unaligned is None else unaligned)
        table._set_grid([list(row) for row in rows])
        return table

    def _set_grid(self, rows: list[list[Cell]]) -> None:
        """The grid of a slot map: a cell is its own in the first slot it covers, covered in the others."""
        self._widths = [len(row) for row in rows]
        width = max(self._widths, default=0)
        placed: set[int] = set()
        grid: list[list[Slot]] = []
        for r, row in enumerate(rows):
            slots = []
            for c, cell in enumerate(row):
                slots.append(_new_slot(r, c, cell, id(cell) in placed))
                placed.add(id(cell))
            grid.append(slots + [Slot(r, c, Cell(r, c, [])) for c in range(len(row), width)])
        self._grid = grid

    def _painted(self) -> list[list[Cell]]:
        """The slot map the cells' spans draw: each cell's own slot first, then the slots it spans
        that no other cell claimed (the earlier cell wins); a slot no cell covers is an empty cell."""
        nrows = max((c.row + c.rowspan for c in self.cells), default=0)
        at: dict[tuple[int, int], Cell] = {(c.row, c.col): c for c in reversed(self.cells)}
        for cell in self.cells:
            for r in range(cell.row, cell.row + cell.rowspan):
                for c in range(cell.col, cell.col + cell.colspan):
                    at.setdefault((r, c), cell)
        widths = [0] * nrows
        for r, c in at:
            widths[r] = max(widths[r], c + 1)
        return [[at.get((r, c)) or Cell(r, c, []) for c in range(widths[r])] for r in range(nrows)]

    def grid(self) -> list[list[Slot]]:
        """The per-slot view: ``grid()[r][c]`` for every row and column, a merged cell's text in each
        slot it covers (``covered`` there), a row shorter than the table padded with empty slots."""
        if self._grid is None:
            self._set_grid(self._painted())
        return self._grid  # type: ignore[return-value]

    def own_cells(self) -> list[Cell]:
        """Every cell once, merged or not, row by row (the text a table holds, none of it twice)."""
        return [s.cell for row in self.grid() for s in row if not s.covered]

    def rows_text(self) -> list[list[str]]:
        """Each row's slot texts, one per column (a merged cell's text in every slot it covers)."""
        return [[s.text for s in row] for row in self.grid()]

    @property
    def nrows(self) -> int:
        return len(self.grid())

    @property
    def ncols(self) -> int:
        return max(self.source_widths, default=0)

    @property
    def source_widths(self) -> list[int]:
        """How many slots each row had as read, before padding (a short row lost merged cells)."""
        self.grid()
        return self._widths


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
            if node.children:  # most nodes are leaves
                stack.extend(reversed(node.children))

    def to_json(self) -> dict[str, Any]:
        """The node and its subtree as the contract's dicts, the cyclic collector paused (they hold no cycles)."""
        with collector.paused():
            return self._json()

    def _json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": self.id,
            "kind": self.kind,
            "label": self.label,
            "title": self.title,
            "text": self.text,
            "loc": self.loc.to_json() if self.loc else None,
            "children": [c._json() for c in self.children] if self.children else [],  # most nodes are leaves
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
    code: WarningCode
    message: str
    node: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {"code": str(self.code), "message": self.message, "node": self.node}


@dataclass(slots=True)
class Document:
    """Everything known about one input file, filled stage by stage."""

    source: Source
    blocks: list[Block]
    text: str = ""  # the decoded, NFC source text that block offsets index (empty for binary formats)
    header: dict[str, Any] = field(default_factory=dict)
    attachments: list["Attachment"] = field(default_factory=list)
    root: Node | None = None
    references: list["Reference"] = field(default_factory=list)
    back_references: list["BackReference"] = field(default_factory=list)
    tasks: list["Task"] = field(default_factory=list)
    prose_tasks: list["Task"] = field(default_factory=list)
    agencies: list[Any] = field(default_factory=list)  # the bodies the tasks name, one each (extractors.agency_ids.Agency)
    targets: list["Target"] = field(default_factory=list)
    budget_items: list["Budget"] = field(default_factory=list)
    warnings: list[Warning_] = field(default_factory=list)

    def warn(self, code: WarningCode, message: str, node: str | None = None) -> None:
        self.warnings.append(Warning_(WarningCode(code), message, node))

    def node(self, node_id: str) -> Node | None:
        """Find a structure node by id."""
        if self.root is None:
            return None
        for n in self.root.walk():
            if n.id == node_id:
                return n
        return None


# -- the contract's items: one dataclass each, one to_json() each ---------------------------------
# Fields are in the order the contract writes them. A field named in OPTIONAL is left out of the
# JSON when it is None (the contract adds such keys only when there is something to say).

_AS_IS = frozenset({str, int, float, bool, type(None), dict})  # types whose values are their own JSON


def _json(value: Any) -> Any:
    if type(value) in _AS_IS:  # most values: the checks below would return them unchanged
        return value
    if isinstance(value, StrEnum):
        return str(value)
    if hasattr(value, "to_json"):
        return value.to_json()
    if isinstance(value, list):
        return [v if type(v) in _AS_IS else _json(v) for v in value]
    return value


@cache
def _fields_of(cls: type) -> tuple[tuple[str, ...], Any]:
    """The names of an item's dataclass fields, in order, and a getter of their values as a tuple
    (``fields()`` rebuilds its tuple at every call; one attrgetter reads all values in C)."""
    names = tuple(f.name for f in fields(cls))
    get = attrgetter(*names)
    return names, (get if len(names) > 1 else lambda item: (get(item),))


_NOTHING: frozenset[str] = frozenset()


class _Item:
    """What the contract's items share: to_json() as a loop over the fields, from_json() of the
    contract's dict (an unknown key is a TypeError: the dataclass is the contract)."""

    __slots__ = ()
    OPTIONAL: ClassVar[frozenset[str]] = frozenset()
    NESTED: ClassVar[dict[str, type]] = {}  # field → the item type its dict (or list of dicts) holds

    def omitted(self) -> tuple[frozenset[str], frozenset[str]]:
        """The fields the JSON leaves out: (always, when None): the OPTIONAL ones when None."""
        return _NOTHING, self.OPTIONAL

    def to_json(self) -> dict[str, Any]:
        names, values = _fields_of(type(self))
        always, if_none = self.omitted()
        return {name: value if type(value) in _AS_IS else _json(value)
                for name, value in zip(names, values(self))
                if name not in always and (value is not None or name not in if_none)}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Any:
        values = dict(data)
        for name, kind in cls.NESTED.items():
            v = values.get(name)
            if isinstance(v, dict):
                values[name] = kind.from_json(v)
            elif isinstance(v, list):
                values[name] = [kind.from_json(x) for x in v]
        return cls(**values)


class TaskSource(StrEnum):
    TABLE = "table"  # a row of an assignment table
    PROSE = "prose"  # a sentence whose subject is an agency and whose verb assigns work


@dataclass(slots=True)
class Deadline(_Item):
    """A task's thời hạn: the raw words, their kind and dates; a recurring one's frequency, window
    and occurrences; a cell of several dated parts split into milestones (Deadlines themselves)."""

    raw: str | None
    kind: str  # date | period | recurring | event | none
    start: str | None
    end: str | None
    milestones: list["Deadline"] | None = None
    frequency: str | None = None
    window: dict[str, str | None] | None = None
    occurrences: list[dict[str, str]] | None = None
    OPTIONAL: ClassVar[frozenset[str]] = frozenset({"milestones", "frequency", "window", "occurrences"})
    NESTED: ClassVar[dict[str, type]] = {}


Deadline.NESTED = {"milestones": Deadline}


@dataclass(slots=True)
class Budget(_Item):
    """An amount of money (kinh phí): a task's budget cell, or a prose line of the plan (with its node)."""

    raw: str
    amount_vnd: int | None
    node: str | None = None
    OPTIONAL: ClassVar[frozenset[str]] = frozenset({"node"})


@dataclass(slots=True)
class Target(_Item):
    """A percentage the plan sets as an objective ("đạt 100% …"), with its qualifier ("trở lên")."""

    value_percent: float
    text: str
    qualifier: str | None
    node: str
    span: list[int]


@dataclass(slots=True)
class Attachment(_Item):
    """A document issued with this one ("Kế hoạch … ban hành kèm theo Quyết định này")."""

    doc_type: str | None
    title: str | None
    node: str


@dataclass(slots=True)
class Reference(_Item):
    """A mention of a document (Căn cứ, cited, implemented, this one's own number): what the mention
    says, where (node and span), and the graph id it resolves to (target)."""

    surface: str
    doc_type: str | None
    number: str | None
    issued_date: str | None
    issuer: str | None
    title: str | None
    relation: str
    node: str
    span: list[int]
    provisions: list[dict[str, Any]] | None = None  # the articles, clauses, points the mention names
    target: str = ""
    flags: list[str] | None = None                  # date_conflict, symbol_variant …
    OPTIONAL: ClassVar[frozenset[str]] = frozenset({"provisions", "flags"})


@dataclass(slots=True)
class BackReference(_Item):
    """"Quyết định này", "Nghị định nêu trên" … resolved to the document it points to."""

    surface: str
    doc_type: str
    refers_to: str  # self | attachment | previous
    target: str
    node: str
    span: list[int]


@dataclass(slots=True)
class Task(_Item):
    """One assigned task, from a table row (with its objective, task and group columns) or a prose
    sentence (with its span): who leads, cooperates and monitors, by when, with what money."""

    id: str
    uid: str
    label: str | None
    objective: str | None
    task: str | None
    groups: list[str]
    text: str
    product: str | None
    lead: list[str]
    cooperating: list[str]
    monitoring: list[str]
    lead_normalized: list[str]
    cooperating_normalized: list[str]
    deadline: Deadline
    budget: Budget | None
    source: TaskSource
    node: str
    span: list[int] | None = None
    lead_ids: list[str] = field(default_factory=list)
    cooperating_ids: list[str] = field(default_factory=list)
    OPTIONAL: ClassVar[frozenset[str]] = frozenset({"span"})
    NESTED: ClassVar[dict[str, type]] = {"deadline": Deadline, "budget": Budget}
    TABLE_ONLY: ClassVar[frozenset[str]] = frozenset({"objective", "task", "groups"})

    def omitted(self) -> tuple[frozenset[str], frozenset[str]]:
        """A table task writes its table's own columns even when None; a prose task never does."""
        if self.source == TaskSource.TABLE:
            return _NOTHING, self.OPTIONAL - self.TABLE_ONLY
        return self.TABLE_ONLY, self.OPTIONAL

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "Task":
        values = dict(data)
        if values.get("source") == TaskSource.PROSE:
            values.update({k: values.get(k) for k in ("objective", "task")}, groups=values.get("groups") or [])
        values["source"] = TaskSource(values["source"])
        return super(Task, cls).from_json(values)
