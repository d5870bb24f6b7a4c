"""Tasks assigned in prose ("Sở Tài chính phối hợp, hướng dẫn …", "Giao Sở Nội vụ chủ trì …"):
sentences (underthesea's sentence splitter) whose subject is an agency and whose verb assigns work.
They are kept in ``prose_tasks``, apart from the task tables' ``tasks``: a plan's table is its
authoritative task list and its prose often restates it."""
from __future__ import annotations

import re
from typing import Iterator

from extractors.agencies import agency_heads, normalize_agency, split_agencies
from extractors.agency_ids import agency_place
from extractors.context import outside_header, plan_year
from extractors.deadlines import read_deadline
from extractors.prose_actors import is_actor, is_condition, is_plain_subject, opens_with_actor
from extractors.prose_coop import cooperating
from extractors.prose_items import is_lead_in, item_tasks, list_items
from extractors.recall import recall, scope
from pipeline.model import Deadline, Document, Node, NodeKind, Task, TaskSource
from pipeline.notation.offices import alternation, offices
from pipeline.text import clean_space, fold

# verbs that give work to the subject (folded)
_VERB = re.compile(
    r"\b(?:chu tri|phoi hop|tham muu|huong dan|trien khai|to chuc(?! chinh tri| xa hoi|,| va ca nhan| ca nhan| khac)|thuc hien|xay dung|theo doi|don doc|bao cao|"
    r"kiem tra|ra soat|bo tri|can doi|chi dao|co trach nhiem|co nhiem vu|chiu trach nhiem|nghien cuu|de xuat|tong hop|cap nhat|"
    r"hoan thien|(?<!chuong )(?<!quy )(?<!to )(?<!lo )(?<!tien )(?<!qua )trinh)\b"
)
_GIVE = re.compile(r"^(?:giao|de nghi|yeu cau)\s+")
_GIVE_WRITTEN = re.compile(r"^(?:Giao|Đề nghị|Yêu cầu)\s+")
# people who act for their agency: "Giám đốc các sở", "Chủ tịch UBND các xã"
_HOLDER = re.compile(r"^(?:" + alternation(offices("holder"), "folded") + r")\s+")  # offices.csv, use "holder"
# words between the agency and its verb that are not part of the agency's name
_ADVERBS = re.compile(r"(?:\s+(?:thuong xuyen|tiep tuc|khan truong|tich cuc|chu dong|kip thoi|can cu|nghiem tuc|co lien quan|lien quan))+$")
_CIRCUMSTANCE = re.compile(r"\s+(?:can cu|tren co so|theo chuc nang|trong pham vi)\b")
_DEADLINE_START = re.compile(r"\b(?:truoc ngay|cham nhat|trong (?:nam|quy|thang)|hang (?:nam|quy|thang)|dinh ky|quy [ivx]+|thang \d)")
# nodes whose text assigns no work: the Căn cứ lines, tables and their rows (the table's tasks), the closing
_SKIP_KINDS = frozenset({NodeKind.DOCUMENT, NodeKind.HEADER, NodeKind.BASIS, NodeKind.TABLE, NodeKind.ROW,
                         NodeKind.RECIPIENTS, NodeKind.SIGNATURE})


def sentences(text: str) -> list[str]:
    from extractors.splitter import sent_tokenize

    return [s for s in (clean_space(x) for x in sent_tokenize(text)) if s]


# a verb match that is part of a noun phrase: "cơ quan chủ trì", "dự án đầu tư xây dựng", "các tổ chức",
# "Các cơ quan, tổ chức"
_NOUN_BEFORE = re.compile(r"(?:co quan|don vi|dau tu|cac|nhung|, )\s*$")


def _first_verb(sentence: str, folded: str, head_at: int) -> re.Match[str] | None:
    """The first verb after the agency that is a verb, not a word of a noun phrase or a name."""
    for verb in _VERB.finditer(folded, head_at):
        before = folded[max(0, verb.start() - 12):verb.start()]
        if _NOUN_BEFORE.search(before) and verb.group(0) in ("chu tri", "xay dung", "to chuc", "thuc hien"):
            continue
        if verb.group(0) == "kiem tra" and before.endswith("doan "):
            continue  # "Trưởng Đoàn kiểm tra có trách nhiệm …": the team's name, not what it does
        if sentence[verb.start()].isupper() and not before.rstrip().endswith(":"):
            continue  # a capital inside a sentence opens a name ("Ban Chỉ đạo", "Bộ Xây dựng"), not a verb
        return verb
    return None


def _subject(sentence: str, folded: str) -> tuple[str, int] | None:
    """(agency phrase, end of the words before its verb) when the sentence (*folded*: its fold)
    opens with an agency that is given work; the words up to the second offset are what is checked
    for plainness."""
    give = _GIVE.match(folded)
    start = give.end() if give else 0
    holder = _HOLDER.match(folded[start:])
    head_at = start + (holder.end() if holder else 0)
    if not agency_heads().match(folded[head_at:]) or not sentence[head_at:head_at + 1].isupper() and not folded[head_at:].startswith("cac "):
        return None
    verb = _first_verb(sentence, folded, head_at)
    if not verb or verb.start() - head_at > 220 or verb.start() <= head_at:
        return None
    end = verb.start()
    cut = _CIRCUMSTANCE.search(folded, head_at, end)
    if cut:
        end = cut.start()
    region = end
    adverbs = _ADVERBS.search(folded[:end].rstrip(" ,;:"))
    if adverbs:
        end = adverbs.start()
    subject = sentence[start:end].strip(" ,;:")
    return (subject, region) if subject else None


def _shouted(text: str) -> bool:
    """A subject in capitals is a heading ("BAN CHỈ ĐẠO THỰC HIỆN QUY CHẾ DÂN CHỦ")."""
    letters = [c for c in text if c.isalpha()]
    return len(letters) > 3 and all(c.isupper() for c in letters)


# where a deadline phrase ends: the clause's ";" or ":", the sentence's ". " ("… hằng năm; tổng mức vốn …")
_PHRASE_END = re.compile(r"[;:]|\.(?:\s|$)")
_CITED_DATE = re.compile(r"\bngay \d{1,2}\s*$")
# ... unless a word of time opens it: the day is the task's ("triển khai từ ngày 01 tháng 8 năm 2026",
# "khen thưởng vào ngày 19 tháng 12 năm 2025", "chậm nhất là ngày 15 tháng 8")
_DAY_OF_TASK = re.compile(r"\b(?:(?:ke )?tu|vao|cham nhat(?: la)?)\s+ngay \d{1,2}\s*$")  # not "đến ngày 15 …, chưa …"
# a plan, a budget or money of each year ("bố trí trong kế hoạch hằng năm", "dự toán ngân sách hằng năm"):
# the "hằng năm" after it names the thing, not when the task falls due
_YEARLY_THING = re.compile(r"\b(?:ke hoach|ngan sach(?: nha nuoc| trung uong| dia phuong)?|du toan|von|kinh phi(?: su nghiep)?|"
                           r"trung han,?|tro cap|chi)\s*$")


def _deadline(sentence: str, folded: str, year: int | None) -> Deadline:
    """The deadline a sentence's tail sets ("… báo cáo UBND tỉnh trước ngày 15/12/2026"), or none;
    *folded* the sentence's fold."""
    for m in _DEADLINE_START.finditer(folded):
        start = m.start()
        if _CITED_DATE.search(folded, 0, start):
            day = _DAY_OF_TASK.search(folded, 0, start)
            if day is None:
                continue  # "Chỉ thị số 12/CT-TTg ngày 15 tháng 4 năm 2026 về …": no deadline
            start = day.start()
        if _YEARLY_THING.search(folded, 0, start):
            continue  # "kế hoạch hằng năm": no deadline
        end = _PHRASE_END.search(sentence, m.end())
        phrase = sentence[start:end.start() if end else len(sentence)]
        got, rule = read_deadline(phrase, year)
        if rule and got.kind != "none":
            got.raw = clean_space(phrase).rstrip(" .;,")
            return got
    return Deadline(None, "none", None, None)


# the label a sentence opens with, left out of its task's text
_SENTENCE_LABEL = re.compile(r"^(?:\d+(?:\.\d+)*[.)]|[a-zđ]\)|[-–+•]|Điều\s+\d+\.)\s*")
# documents that tell what was done or propose it: their sentences assign no work
_NARRATIVE = {"Báo cáo", "Tờ trình"}


def _task_of(sentence: str, folded: str, node: Node, at: int, year: int | None, place: str | None) -> Task | None:
    """The task a sentence of *node* (at offset *at* of its text; *folded* its fold) assigns, its
    label left out; None when it assigns none: no agency opens it, a condition, a definition, a
    generic word or a heading. Its id is the caller's to give."""
    body = _SENTENCE_LABEL.sub("", sentence)
    folded = folded[len(sentence) - len(body):]  # the label is cut off the front: fold is char for char
    found = _subject(body, folded)
    if not found or is_condition(body) or not is_plain_subject(body[:found[1]]):
        return None
    subject, _ = found
    lead = [a for a in split_agencies([subject]) if a]
    if not lead or not all(map(is_actor, lead)) or _shouted(subject):
        return None
    coop = cooperating(body, folded)
    return Task(
        id="", uid="", label=None, objective=None, task=None, groups=[], text=body, product=None,
        lead=lead, cooperating=coop, monitoring=[],
        lead_normalized=[recall(normalize_agency, a, place) for a in lead],
        cooperating_normalized=[recall(normalize_agency, a, place) for a in coop],
        deadline=_deadline(body, folded, year), budget=None, source=TaskSource.PROSE, node=node.id,
        span=[at + len(sentence) - len(body), at + len(sentence)])


def _tasks_of_node(node: Node, folded: str, year: int | None, place: str | None) -> Iterator[Task]:
    """The tasks a node's sentences assign, each with its node and its span in the node's text
    (*folded*: its fold, of which each sentence's is a slice)."""
    pos = 0
    for sentence in sentences(node.text):
        at = node.text.find(sentence, pos)
        if at < 0:
            continue
        pos = at + len(sentence)
        task = _task_of(sentence, folded[at:pos], node, at, year, place)
        if task is not None:
            yield task


def _strip_label(text: str) -> str:
    """*text* without the label it opens with ("- ", "a) ", "2. ")."""
    return _SENTENCE_LABEL.sub("", text)


def _own_actor(text: str) -> bool:
    """Whether an item's text (its label cut off) names its own actor: "Giao Sở Y tế …", "Sở Y tế …",
    or a name before a colon ("Thuế tỉnh, Bảo hiểm xã hội tỉnh: Xác nhận …"; not "Tham mưu UBND tỉnh: …")."""
    head = _NAME_COLON.match(text)
    named = head is not None and text[:1].isupper() and not _VERB.search(fold(head.group(1)))
    return named or opens_with_actor(_GIVE_WRITTEN.sub("", text))


# the words before an item's colon ("Công an tỉnh: …"), a name when no verb is among them
_NAME_COLON = re.compile(r"^([^:;.]{2,100}):")
# what a bare assignment holds besides its agencies and verbs
_NOTHING_MORE = re.compile(r"\b(?:giao|de nghi|yeu cau|va|voi|cung|co trach nhiem)\b|\W")


def _bare(task: Task) -> bool:
    """A sentence that says who acts, and with whom, but not what ("Sở Tài chính chủ trì, phối hợp
    các sở, ban, ngành", "Chủ tịch Ủy ban nhân dân địa bàn cấp xã chỉ đạo")."""
    rest = fold(task.text)
    for name in sorted(task.lead + task.cooperating, key=len, reverse=True):
        rest = rest.replace(fold(name), " ")
    return not _NOTHING_MORE.sub(" ", _VERB.sub(" ", rest)).strip()


def _cooperating_pairs(text: str, place: str | None) -> list[tuple[str, str]]:
    """The agencies *text* says cooperate, each as written and normalised."""
    return [(a, recall(normalize_agency, a, place)) for a in cooperating(text, fold(text))]


def _node_tasks(node: Node, parent: Node | None, year: int | None, place: str | None) -> list[Task]:
    """The tasks a node's sentences assign; a last sentence that introduces a list (prose_items)
    is replaced by the tasks of the list's items."""
    folded = fold(node.text)
    if not _VERB.search(folded):
        return []  # no verb that gives work: no sentence to split
    tasks = list(_tasks_of_node(node, folded, year, place))
    if tasks and is_lead_in(tasks[-1], node, _bare):
        items = item_tasks(tasks[-1], list_items(node, parent), _strip_label, _own_actor,
                           lambda text: _deadline(text, fold(text), year), _bare(tasks[-1]),
                           lambda text: _cooperating_pairs(text, place))
        if items:
            tasks[-1:] = items
    return tasks


def extract_prose_tasks(doc: Document) -> None:
    """Fill ``doc.prose_tasks`` (none for a report or a submission: they narrate, not assign)."""
    if doc.root is None or doc.header.get("doc_type") in _NARRATIVE:
        return
    year = plan_year(doc)
    place = agency_place(doc)
    parents = {id(child): node for node in doc.root.walk() for child in node.children}
    out: list[Task] = []
    with scope():  # the agencies' full names, read once per name (extractors/recall.py)
        for node in outside_header(doc.root):
            if node.kind in _SKIP_KINDS or not node.text:
                continue
            for task in _node_tasks(node, parents.get(id(node)), year, place):
                task.id = f"prose-task-{len(out) + 1}"
                out.append(task)
    doc.prose_tasks = out
