"""Task tables → tasks: columns mapped by the meaning of their header cells (data/task_columns.csv),
or, for a table whose header row is missing, by what their cells hold (labels, agencies, deadlines,
money). Each row becomes a task with its label, enclosing groups, agencies, deadline and budget."""
from __future__ import annotations

import csv
import re
from functools import lru_cache
from importlib import resources

from extractors.agencies import gazetteer_spans, normalize_agency, split_agencies
from extractors.agency_ids import agency_place
from extractors.budgets import normalize_budget
from extractors.context import plan_year
from extractors.deadlines import normalize_deadline, read_deadline
from extractors.recall import recall, scope
from pipeline.model import Cell, Document, Node, NodeKind, Slot, Table, Task, TaskSource, WarningCode
from pipeline.notation.labels import BULLET_KINDS, DECIMAL, LETTER, label_only, parse_label
from pipeline.notation.offices import alternation, body_heads
from pipeline.segment.structure import is_group_row
from pipeline.text import clean_space, fold

_MONEY = re.compile(r"đồng|kinh\s+phí|dự\s+toán|ngân\s+sách|gói\s+thầu|nguồn\s+vốn|xã\s+hội\s+hóa|chi\s+thường\s+xuyên", re.I)
_AGENCY_WORD = re.compile(r"^(?:các\s+)?(?:" + alternation(body_heads("cell"), "written") + r")\b", re.I)  # body_heads.csv, use "cell"
ROLES = ("label", "text", "product", "lead", "cooperating", "monitoring", "deadline", "budget", "note")
_ITEM_GROUP_LABEL = re.compile(r"\d{1,3}")  # a numbered heading of item rows (fullmatch)
_ROMAN = re.compile(r"[IVXLC]+")


def _own_number(text: str) -> tuple[str, int] | None:
    """(number, where the text after it starts) when a cell opens with its row's own number before a
    text: "3.23." (kept with its dot), "1.1", "2." or "2)"; a bare "07 ngày" is not one."""
    label = parse_label(text)
    if label is None or label.kind != DECIMAL:
        return None
    if label.gap:  # "1.1 ......": the number, then dots where the text was left to fill in
        return (label.value, label.after_value) if label.depth > 1 else None
    if label.bare or label.rest == label.end:
        return None
    if label.depth == 1:
        return (label.value, label.rest) if label.mark else None
    return label.value + ("." if label.mark == "." else ""), label.rest


@lru_cache(maxsize=1)
def _header_patterns() -> list[tuple[str, re.Pattern[str]]]:
    text = resources.files("extractors.data").joinpath("task_columns.csv").read_text(encoding="utf-8")
    return [(r["role"], re.compile(r["pattern"])) for r in csv.DictReader(text.splitlines())]


_COOPERATING = re.compile(r"phoi\s*hop")
_LEADING = re.compile(r"chu\s*tri")
_HEADER_MAX = 80  # a longer text names no column


def header_role(cell_text: str) -> str | None:
    """The role a header cell names ("Cơ quan chủ trì" → "lead"), or None."""
    f = clean_space(fold(cell_text)).strip(" *:")
    if not f or len(f) > _HEADER_MAX:
        return None
    if _COOPERATING.search(f) and not _LEADING.search(f):
        return "cooperating"
    for role, pattern in _header_patterns():
        if pattern.search(f):
            return role
    return None


def _own(cell: Slot) -> bool:
    return not cell.covered and bool(cell.text)


def _find_header(table: Table, slot_texts: list[list[str]] | None = None) -> tuple[int, dict[int, str]] | None:
    """(row index, column → role) of the header row among the first rows, if there is one.
    A header naming what is not an assignment (a catalogue of procedures, the steps of a
    procedure) makes the table no task table: role "exclude" in data/task_columns.csv.
    *slot_texts*: each row's slot texts (``Table.rows_text()``, joined once by the caller)."""
    slot_texts = table.rows_text() if slot_texts is None else slot_texts
    rows, row_texts = table.grid()[:4], slot_texts[:4]
    for r, row in enumerate(rows):
        # a header on one row, or split over two ("Cơ quan chủ" above "trì thực hiện")
        options = [(r, [None if (cell.covered and cell.cell.row == r) else t for cell, t in zip(row, row_texts[r])])]
        if r + 1 < len(rows):
            options.append((r + 1, [clean_space(f"{a} {b}") if b != a else a for a, b in zip(row_texts[r], row_texts[r + 1])]))
        found = []
        for last, texts in options:
            roles: dict[int, str] = {}
            excluded = None
            for c, text in enumerate(texts):
                role = recall(header_role, text) if text else None
                if role == "exclude":
                    excluded = c
                elif role and role not in roles.values():
                    roles[c] = role
            if len(roles) >= 2 and ("text" in roles.values() or "lead" in roles.values()):
                if excluded is not None and last == r:  # a header that names what is not an assignment
                    return last, {excluded: "exclude"}
                found.append((len(roles), -last, roles))
        if found:
            n, last, roles = max(found, key=lambda f: f[0])  # the reading that names the most columns
            return -last, _unit_as_lead(table, roles, -last + 1, slot_texts)
    return None


def _unit_as_lead(table: Table, roles: dict[int, str], first: int, slot_texts: list[list[str]]) -> dict[int, str]:
    """A column headed only "Đơn vị" (unit; role "unit") is the lead when no other column names
    one and its cells are agencies; otherwise (a unit of measure) it is left out."""
    units = [c for c, role in roles.items() if role == "unit"]
    if not units:
        return roles
    roles = {c: role for c, role in roles.items() if role != "unit"}
    if "lead" not in roles.values() and _fit(table, {units[0]: "lead"}, first, slot_texts) >= 0.6:
        roles[units[0]] = "lead"
    return roles


def _fit(table: Table, roles: dict[int, str], first: int, slot_texts: list[list[str]]) -> float:
    """How well the cells under each header agree with its meaning (texts long, labels short,
    deadlines readable, agencies known), averaged over the mapped columns."""
    return _weigh(_weighed_rows(table, first, slot_texts), roles)


def _weighed_rows(table: Table, first: int, slot_texts: list[list[str]]) -> list[list[Slot]]:
    """The rows _fit weighs: the first 40 from *first* on, neither unaligned nor group rows."""
    grid = table.grid()
    return [grid[r] for r in range(first, min(first + 40, len(grid)))
            if r not in table.unaligned and not is_group_row(grid[r], slot_texts[r])]


def _fit_rows(rows: list[list[Slot]], roles: dict[int, str]) -> float:
    """_fit over these rows, their group rows left out."""
    return _weigh([row for row in rows if not is_group_row(row)], roles)


def _weigh(rows: list[list[Slot]], roles: dict[int, str]) -> float:
    """_fit over these rows (no group row among them)."""
    scores = []
    for c, role in roles.items():
        cells = [text for row in rows if c < len(row) for text in (row[c].text,) if text]
        if not cells:
            scores.append(0.0)
            continue
        if role == "text":
            scores.append(sum(len(x) > 25 for x in cells) / len(cells))
        elif role == "label":
            scores.append(sum(label_only(x) is not None for x in cells) / len(cells))
        elif role == "deadline":
            scores.append(sum(normalize_deadline(x, 2000)["rule"] is not None for x in cells) / len(cells))
        elif role in ("lead", "cooperating", "monitoring"):
            scores.append(sum(_is_agency_cell(x) for x in cells) / len(cells))
        else:
            scores.append(0.5)
    return sum(scores) / len(scores) if scores else 0.0


def _best_shift(table: Table, roles: dict[int, str], first: int, slot_texts: list[list[str]]) -> dict[int, str]:
    """A header row that lost a merged cell ("STT" spanning two header rows) names the columns
    one place off: keep the placement whose cells fit their headers best."""
    rows = _weighed_rows(table, first, slot_texts)
    best, best_fit = roles, _weigh(rows, roles)
    for shift in (1, -1, 2):
        moved = {c + shift: r for c, r in roles.items() if 0 <= c + shift < table.ncols}
        if len(moved) < len(roles):
            continue
        fit = _weigh(rows, moved)
        if fit > best_fit + 0.15:
            best, best_fit = moved, fit
    return best


def _realigned(table: Table, r: int, roles: dict[int, str], doc: Document, node_id: str) -> list[Slot]:
    """A row shorter than the table lost cells merged with the row above somewhere after its text:
    put the missing cells where the row's cells fit their columns best (and say so)."""
    row = table.grid()[r]
    short = max(roles) + 1 - table.source_widths[r]  # against the last column the header names
    text_col = next((c for c, role in roles.items() if role == "text"), None)
    if short <= 0 or text_col is None or short > 3:
        return row
    present = row[: table.source_widths[r]]
    tail = row[max(roles) + 1:]
    best, best_fit = row, _fit_rows([row], roles)
    for gap in range(text_col + 1, len(present) + 1):
        cand = present[:gap] + [Slot(r, 0, Cell(r, 0, [])) for _ in range(short)] + present[gap:] + tail[: len(row) - len(present) - short]
        fit = _fit_rows([cand], roles)
        if fit > best_fit + 0.2:
            best, best_fit = cand, fit
    if best is not row:
        doc.warn(WarningCode.ROW_REALIGNED, f"a short row's cells were moved right by {short} to fit their columns", node_id)
    return best


@lru_cache(maxsize=4096)  # a cell's text is weighed once per column role and table
def _is_agency_cell(text: str) -> bool:
    parts = split_agencies([text])
    return bool(parts) and all(_AGENCY_WORD.match(fold(p)) or _AGENCY_WORD.match(p) or gazetteer_spans(p) for p in parts)


def _own_texts(table: Table, slot_texts: list[list[str]]) -> tuple[list[list[str]], int]:
    """Per column, the texts of the own (not covered) cells of the table's task rows (neither
    unaligned nor group rows; *slot_texts* each row's slot texts); and how many such rows there are."""
    ncols = table.ncols
    texts: list[list[str]] = [[] for _ in range(ncols)]
    count = 0
    for r, row in enumerate(table.grid()):
        if r in table.unaligned:
            continue
        cells = slot_texts[r]
        if is_group_row(row, cells):
            continue
        count += 1
        for c, slot in enumerate(row[:ncols]):
            text = "" if slot.covered else cells[c]
            if text:
                texts[c].append(text)
    return texts, count


def _may_hold_labels(cells: list[str]) -> bool:
    """Whether 60% of a column's cells could open with a row number: a decimal label (parse_label)
    is blanks then a digit (``str.isspace``, ``str.isdecimal``: re's own classes), so a column with
    fewer cells opening so has fewer numbers."""
    return sum(x.lstrip()[:1].isdecimal() for x in cells) / len(cells) >= 0.6


def _column_shares(table: Table, slot_texts: list[list[str]]) -> tuple[list[list[str]], list[list[tuple[str, int] | None]], dict[str, list[float]]]:
    """Per column of the table's task rows: its own cells' texts (``_own_texts``); the row number
    each opens with (``_own_number``), and the share of them that do, for a column where 60% of
    the cells may (``_may_hold_labels``; elsewhere none is read: under 0.6 the column is no label
    column whatever its share); and the share of own cells (``_content_shares`` adds what else
    they hold, ``_stt_share`` the STT labels, for the columns whose roles depend on it)."""
    ncols = table.ncols
    texts, nrows = _own_texts(table, slot_texts)
    numbers: list[list[tuple[str, int] | None]] = [[] for _ in range(ncols)]
    share: dict[str, list[float]] = {k: [0.0] * ncols for k in ("label", "agency", "deadline", "money", "own")}
    for c, cells in enumerate(texts):
        share["own"][c] = len(cells) / max(1, nrows)
        if not cells or not _may_hold_labels(cells):
            continue
        numbers[c] = [_own_number(x) for x in cells]
        share["label"][c] = sum(m is not None for m in numbers[c]) / len(cells)
    return texts, numbers, share


def _stt_share(cells: list[str]) -> float:
    """The share of a column's own cells that are a row label and nothing else (an STT column)."""
    return sum(label_only(x) is not None for x in cells) / len(cells) if cells else 0.0


def _content_shares(texts: list[list[str]], share: dict[str, list[float]], cols: list[int]) -> None:
    """For columns *cols* (*texts*: each column's own cell texts): the share of their own cells that
    read as an agency, a deadline or money (only the columns right of the text column are weighed
    so: the agency test is the costly one)."""
    for c in cols:
        cells = texts[c]
        if not cells:
            continue
        n = len(cells)
        share["agency"][c] = sum(_is_agency_cell(x) for x in cells) / n
        share["deadline"][c] = sum(normalize_deadline(x, 2000)["rule"] is not None for x in cells) / n
        share["money"][c] = sum(bool(_MONEY.search(x)) for x in cells) / n


def _roles_right_of_text(share: dict[str, list[float]], right: list[int], roles: dict[int, str]) -> None:
    """The roles of the columns right of the text column, most telling first: the deadline column,
    a money column, up to three agency columns (lead, cooperating, monitoring), then a product
    column before the agencies."""
    deadline = max(right, key=lambda c: share["deadline"][c], default=None)
    if deadline is not None and share["deadline"][deadline] >= 0.5:
        roles[deadline] = "deadline"
    money = [c for c in right if c not in roles and share["money"][c] >= 0.5]
    if money:
        roles[money[-1]] = "budget"
    agencies = [c for c in right if c not in roles and share["agency"][c] >= 0.6]
    for c, role in zip(agencies, ("lead", "cooperating", "monitoring")):
        roles[c] = role
    product = [c for c in right if c not in roles and (not agencies or c < agencies[0])]
    if product:
        roles[product[0]] = "product"


def _infer_roles(table: Table, slot_texts: list[list[str]]) -> dict[int, str]:
    """Column roles of a table without a header row, from the content of its cells (*slot_texts*:
    each row's slot texts)."""
    ncols = table.ncols
    texts, numbers, share = _column_shares(table, slot_texts)
    roles: dict[int, str] = {}
    label_cols = [c for c in range(ncols) if share["label"][c] >= 0.6 and share["own"][c] > 0 and _distinct_labels(numbers[c])]
    if not label_cols:
        return roles
    text_col = label_cols[-1]
    roles[text_col] = "text"
    for c in label_cols[:-1]:
        roles[c] = "group"
    right = [c for c in range(text_col + 1, ncols) if share["own"][c] > 0]
    _content_shares(texts, share, right)
    _roles_right_of_text(share, right, roles)
    for c in range(text_col):
        if c not in roles and _stt_share(texts[c]) >= 0.6:
            roles[c] = "label"
    return roles


def _distinct_labels(numbers: list[tuple[str, int] | None]) -> bool:
    """Row numbers count up (*numbers*: what a column's own cells open with): a column where every
    cell opens with "1." is a list inside cells."""
    labels = [m[0] for m in numbers if m]
    return bool(labels) and len(set(labels)) >= 0.6 * len(labels)


_STEP = re.compile(r"^\s*bước\s+\d", re.I)


def _is_procedure(slot_texts: list[list[str]], first: int) -> bool:
    """The steps of a procedure ("Bước 1", "Bước 2" …) are not assignments (*slot_texts*: each row's slot texts)."""
    firsts = [next((t for t in row if t), "") for row in slot_texts[first:]]
    return bool(firsts) and sum(bool(_STEP.match(t)) for t in firsts) >= 0.5 * len(firsts)


def _is_programme(slot_texts: list[list[str]], first: int, col: dict[str, int]) -> bool:
    """A meeting's programme (what is said at 14h00, 14h05 …, by whom) is not a list of assignments:
    most cells of its time column are times of day (deadline rule "clock_time")."""
    if "deadline" not in col:
        return False
    c = col["deadline"]
    times = [row[c] for row in slot_texts[first:] if c < len(row) and row[c]]
    return bool(times) and sum(normalize_deadline(t, None)["rule"] == "clock_time" for t in times) >= 0.6 * len(times)


def _cell_label(text: str) -> str | None:
    own = _own_number(text)
    if own is not None:
        return own[0].rstrip(".")
    label = label_only(text)
    return label.value if label is not None else None


def _table_gate(table: Table | None, slot_texts: list[list[str]] | None = None) -> tuple[int | None, int, dict[int, str]] | None:
    """Whether a table is an assignment table: (its header row or None, its first data row, the
    role of each column), or None when it has no text column, neither a lead nor a deadline column,
    or lists a procedure's steps or a meeting's programme. *slot_texts*: each row's slot texts
    (``Table.rows_text()``, which the table node's rows hold already)."""
    if table is None or table.nrows < 2:
        return None
    slot_texts = table.rows_text() if slot_texts is None else slot_texts
    head = _find_header(table, slot_texts)
    first = 0
    if head:
        first, roles = head[0] + 1, _best_shift(table, head[1], head[0] + 1, slot_texts)
        _unnamed_label(table, roles, slot_texts)
    else:
        roles = _infer_roles(table, slot_texts)
    if "text" not in roles.values() or not ({"lead", "deadline"} & set(roles.values())) or _is_procedure(slot_texts, first):
        return None
    if _is_programme(slot_texts, first, _column_map(roles)):
        return None
    return (head[0] if head else None), first, roles


def _unnamed_label(table: Table, roles: dict[int, str], slot_texts: list[list[str]]) -> None:
    """A header that names no STT column over a column of row numbers left of the text ("Nội
    dung | Đơn vị thực hiện | …" over "1.1 | Xây dựng …", its header repeated under group rows):
    that column holds the rows' labels."""
    text_col = next((c for c, role in roles.items() if role == "text"), None)
    if text_col is None or "label" in roles.values():
        return
    texts, _ = _own_texts(table, slot_texts)
    for c in range(text_col - 1, -1, -1):
        if c not in roles and texts[c] and _stt_share(texts[c]) >= 0.6:
            roles[c] = "label"
            return


def _column_map(roles: dict[int, str]) -> dict[str, int]:
    """The column of each role but "group" (the group columns are kept apart, in order)."""
    return {role: c for c, role in roles.items() if role != "group"}


def _grouped(groups: list[tuple[str | None, str]], rnode: Node, table: Table, r: int, row: list[Slot],
             col: dict[str, int]) -> list[tuple[str | None, str]] | None:
    """The group stack after row ``r`` when the row opens a group (a group row closes the groups of
    its level; a numbered heading of item rows replaces the item heading before it), else None."""
    if rnode.group:
        label = rnode.label
        return [g for g in groups if not _same_level(g[0], label)] + [(label, rnode.title or "")]
    if _heads_items(table, r, col):
        label = _cell_label(row[col["label"]].text)
        title = clean_space(row[col["text"]].text.replace("\n", " "))
        return [g for g in groups if g[0] != label and not _is_item_group(g)] + [(label, title)]
    return None


def _row_text(doc: Document, row: list[Slot], col: dict[str, int], rnode: Node) -> tuple[str, str | None] | None:
    """The task text of a row and its label, or None when the row is no task: its text cell is
    merged from above with nothing of its own, it has no words, or it only repeats a group's text."""
    tcell = row[col["text"]]
    if not _own(tcell):
        # the text cell merged down over several rows: a row with its own product, agency or
        # deadline is a further assignment of the same task (one task per row)
        own = [role for role in ("product", "lead", "cooperating", "deadline") if role in col and _own(row[col[role]])]
        if not (tcell.text and own):
            return None
        doc.warn(WarningCode.TASK_ROW_SHARES_TEXT, "a row of its own under a task text merged over several rows", rnode.id)
    text = tcell.text
    label = _cell_label(text)
    own = _own_number(text)
    if own is not None:
        text = text[own[1]:]
    text = clean_space(text.replace("\n", " "))
    if sum(map(str.isalpha, text)) < 2 or (label is None and "label" in col and not _own(row[col["label"]]) and _only_group_text(row, col)):
        return None
    if label is None and "label" in col and row[col["label"]].text:
        label = _cell_label(row[col["label"]].text) or row[col["label"]].text
    return text, label


def _assemble_task(doc: Document, row: list[Slot], col: dict[str, int], group_cols: list[int],
                   groups: list[tuple[str | None, str]], rnode: Node, text: str, label: str | None,
                   year: int | None, task_id: str) -> Task:
    """One task from a row: its groups, agencies, deadline, product and budget read from the
    row's cells by the column map (its uid and agency ids are given later, by task_ids and agency_ids)."""
    place = agency_place(doc)
    group_labels = [(_cell_label(row[c].text) if row[c].text else None) for c in group_cols]

    def cell(role: str) -> Slot | None:
        return row[col[role]] if role in col and col[role] < len(row) else None

    lead, coop, monitoring = (_named_agencies(doc, cell(role), role, rnode.id) for role in ("lead", "cooperating", "monitoring"))
    deadline, rule = read_deadline(cell("deadline").text if cell("deadline") else None, year)
    if deadline.raw and rule is None:
        doc.warn(WarningCode.DEADLINE_UNREAD, f"deadline not understood, kept raw: {deadline.raw!r}", rnode.id)
    product = clean_space(" ".join(cell("product").paragraphs)) if cell("product") and cell("product").text else None
    return Task(
        id=task_id, uid="", label=label,
        objective=group_labels[0] if group_labels else (_group_name(groups[0]) if groups else None),
        task=group_labels[1] if len(group_labels) > 1 else (_group_name(groups[1]) if len(groups) > 1 else None),
        groups=[f"{lab}. {title}" if lab else title for lab, title in groups],
        text=text, product=product or None, lead=lead, cooperating=coop, monitoring=monitoring,
        lead_normalized=[recall(normalize_agency, a, place) for a in lead],
        cooperating_normalized=[recall(normalize_agency, a, place) for a in coop],
        deadline=deadline,
        budget=normalize_budget(cell("budget").text) if cell("budget") and cell("budget").text else None,
        source=TaskSource.TABLE, node=rnode.id)


def tasks_of_table(doc: Document, tnode: Node, year: int | None, start_id: int) -> list[Task]:
    """Tasks of one table node (empty when it is not an assignment table)."""
    table = tnode.table
    gate = _table_gate(table, [rnode.cells for rnode in tnode.children])  # each row's slot texts (add_table)
    if gate is None:
        return []
    head, first, roles = gate
    col = _column_map(roles)
    group_cols = sorted(c for c, role in roles.items() if role == "group")
    header_texts = tnode.children[head].cells if head is not None else None
    groups = _groups_above(tnode, table, head, col)
    out: list[Task] = []
    for r in range(first, table.nrows):
        row = _realigned(table, r, roles, doc, tnode.children[r].id) if head is not None else table.grid()[r]
        rnode = tnode.children[r]
        if r in table.unaligned or _repeats(row, header_texts):
            continue
        opened = _grouped(groups, rnode, table, r, row, col)
        if opened is not None:
            groups = opened
            continue
        got = _row_text(doc, row, col, rnode)
        if got is None:
            continue
        text, label = got
        if label and _ITEM_GROUP_LABEL.fullmatch(label):  # the next numbered row closes a heading of items
            groups = [g for g in groups if not _is_item_group(g)]
        out.append(_assemble_task(doc, row, col, group_cols, groups, rnode, text, label, year,
                                  f"task-{start_id + len(out) + 1}"))
    return out


def _groups_above(tnode: Node, table: Table, head: int | None, col: dict[str, int]) -> list[tuple[str | None, str]]:
    """The groups the group rows above the header row open ("B. PHÁT TRIỂN KINH TẾ SỐ …", "I. …"
    over a header repeated for the table's second part): its first rows are under them."""
    groups: list[tuple[str | None, str]] = []
    for r in range(head or 0):
        if tnode.children[r].group:
            groups = _grouped(groups, tnode.children[r], table, r, table.grid()[r], col) or groups
    return groups


def _repeats(row: list[Slot], header_texts: list[str] | None) -> bool:
    """Whether the row's slot texts are the header row's (*header_texts*): a header repeated on a
    page of its own; compared slot by slot up to the first that differs (most rows: the first)."""
    return header_texts is not None and len(row) == len(header_texts) and all(
        slot.text == text for slot, text in zip(row, header_texts))


# An agency cell that names none but points elsewhere: "Theo phân công tại Quyết định số 1441/QĐ-UBND …".
_BY_REFERENCE = re.compile(r"^theo\s")


def _named_agencies(doc: Document, cell: Slot | None, role: str, node_id: str) -> list[str]:
    """The agencies a cell names; what points elsewhere for them ("Theo phân công tại …") is no
    agency and is said in a warning on the row."""
    names = recall(_agencies, tuple(cell.paragraphs)) if cell is not None else ()
    for name in names:
        if _BY_REFERENCE.match(fold(name)):
            doc.warn(WarningCode.AGENCY_BY_REFERENCE, f"the {role} column points elsewhere, names no agency: {name!r}", node_id)
    return [name for name in names if not _BY_REFERENCE.match(fold(name))]


def _agencies(paragraphs: tuple[str, ...]) -> tuple[str, ...]:
    """``split_agencies`` of a cell's paragraphs, as a tuple (``recall`` keeps it for the document)."""
    return tuple(split_agencies(paragraphs))




def _is_item_label(text: str) -> bool:
    """An item's label alone in its cell: "-", "+", "•", "a)", "4.1" or "4.1."."""
    label = parse_label(text)
    if label is None or not label.bare or label.gap:
        return False
    if label.kind in BULLET_KINDS:
        return not label.mark and label.value != "—"
    return label.kind == LETTER and label.mark == ")" or label.kind == DECIMAL and label.depth == 2 and label.mark != ")"
_ASSIGNED = ("lead", "cooperating", "deadline", "product", "budget")


def _heads_items(table: Table, r: int, col: dict[str, int]) -> bool:
    """A numbered row with a text and nothing assigned, followed by item rows ("-", "a)", "4.1", or
    no label at all) that carry the assignments, is the heading of those items, not a task of its own."""
    if "label" not in col or r + 1 >= table.nrows:
        return False
    row, nxt = table.grid()[r], table.grid()[r + 1]
    if not _own(row[col["label"]]) or label_only(row[col["label"]].text) is None or not _own(row[col["text"]]):
        return False
    if any(row[col[role]].text for role in _ASSIGNED if role in col):
        return False
    item = _is_item_label(nxt[col["label"]].text) or (not nxt[col["label"]].text and _own(nxt[col["text"]]))
    return item and any(_own(nxt[col[role]]) for role in _ASSIGNED if role in col)


def _is_item_group(group: tuple[str | None, str]) -> bool:
    """A group opened by _heads_items (a numbered heading of item rows), closed by the next one."""
    return group[0] is not None and _ITEM_GROUP_LABEL.fullmatch(group[0]) is not None


def _same_level(old: str | None, label: str | None) -> bool:
    """Whether a new group row closes an open one: an unlabelled sub-heading closes only unlabelled
    ones; a labelled group closes sub-headings and groups of its own kind (roman or not)."""
    if label is None:
        return old is None
    if old is None:
        return True
    return (_ROMAN.fullmatch(old) is not None) == (_ROMAN.fullmatch(label) is not None)


def _group_name(group: tuple[str | None, str]) -> str:
    return group[0] or group[1]


def _only_group_text(row: list[Slot], col: dict[str, int]) -> bool:
    return all(not row[c].text for role, c in col.items() if role not in ("text", "label"))


def extract_tasks(doc: Document) -> None:
    """Fill ``doc.tasks`` from every assignment table of the document."""
    if doc.root is None:
        return
    year = plan_year(doc)
    tasks: list[Task] = []
    with scope():  # pure answers the document's tables repeat, computed once (extractors/recall.py)
        for node in doc.root.walk():
            if node.kind == NodeKind.TABLE:
                tasks.extend(tasks_of_table(doc, node, year, len(tasks)))
    doc.tasks = tasks
