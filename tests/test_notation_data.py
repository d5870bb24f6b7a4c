"""Every row of the notation's data files is a test of each use it has: offices.csv and body_heads.csv."""
from __future__ import annotations

import re

import pytest

from pipeline.notation.offices import body_head_rows, doc_type_use_rows, office_rows
from pipeline.text import fold

_OFFICE_USES = {"sign", "authority", "holder", "role", "cite", "actor"}
_HEAD_USES = {"issuer", "agency", "case", "sub_body", "cell", "authority", "actor", "flat", "title"}


@pytest.mark.parametrize("row", office_rows(), ids=lambda r: r["office"])
def test_office_example(row):
    from extractors.agencies import _ROLE_ONLY, split_agencies
    from extractors.prose_tasks import _HOLDER
    from extractors.references import _OFFICE_BEFORE_ISSUER
    from pipeline.notation.markers import AUTHORITY, signature_tail

    office, example, uses = row["office"], row["example"], set(row["uses"].split())
    assert uses and uses <= _OFFICE_USES and fold(example).startswith(fold(office) + " ")
    if "sign" in uses:  # flattened onto a recipients line by a two-column layout
        assert signature_tail(f"- Lưu: VT, NC; KT. {office.upper()}") == ("- Lưu: VT, NC;", f"KT. {office.upper()}")
    if "authority" in uses:
        assert AUTHORITY.match(example.upper())
    if "holder" in uses:
        assert _HOLDER.match(fold(example)).end() == len(office) + 1
    if "role" in uses:  # alone on its line, the office of the agency on the next
        assert _ROLE_ONLY.match(fold(office))
        assert split_agencies([office, "Sở Nội vụ"]) == [f"{office} Sở Nội vụ"]
    if "cite" in uses:
        assert _OFFICE_BEFORE_ISSUER.sub("", example) == example[len(office) + 1:]
    if "actor" in uses:  # a person acting for the body after it
        from extractors.agency_ids import name_key
        from extractors.prose_actors import _HOLDER as ACTOR

        m = ACTOR.match(name_key(example))  # "Trưởng đoàn", "Tổng Kiểm toán" too
        assert m and m.end() == len(office)


@pytest.mark.parametrize("row", body_head_rows(), ids=lambda r: r["head"])
def test_body_head_example(row):
    from extractors.agencies import agency_heads
    from extractors.tasks import _AGENCY_WORD
    from pipeline.legal import _agency_case, short_issuer
    from pipeline.notation.markers import AUTHORITY
    from pipeline.segment.header import opens_body, split_issuer

    head, example, uses = row["head"], row["example"], set(row["uses"].split())
    assert uses and uses <= _HEAD_USES and head == head.lower()
    assert re.match(re.escape(fold(head)) + r"\b", fold(example)), example
    if "issuer" in uses:
        assert opens_body(example) and split_issuer([example])[0]
    if "agency" in uses:
        assert agency_heads().match(fold(example))
    if "case" in uses:  # "SỞ NỘI VỤ" → "Sở Nội vụ": the head in lower case, the name after it capitalised
        words = _agency_case(example.upper()).split()
        n = len(head.split())
        assert " ".join(words[:n]).lower() == head and words[0][0].isupper()
        assert len(words) == n or words[n][0].isupper() or words[n] in ("tỉnh", "nhà")
    if "sub_body" in uses:  # under its parent in a two-level header
        assert split_issuer(["UBND TỈNH LÂM ĐỒNG", example.upper()])[1] == short_issuer("UBND TỈNH LÂM ĐỒNG")
    if "cell" in uses:
        assert _AGENCY_WORD.match(example)
    if "authority" in uses:
        assert AUTHORITY.match(example.upper())
    if "flat" in uses:  # a line of a flattened table's row that opens an agency cell
        from pipeline.readers.flattables import opens_agency

        assert opens_agency(example) and opens_agency(f"Và {example[:1].lower()}{example[1:]}")
    if "title" in uses:  # alone on its line, the body's name below it goes on with it
        from pipeline.readers.flattables import bare_head

        assert bare_head(example[:len(head)].capitalize()) and not bare_head(example)
    if "actor" in uses:
        from extractors.agency_ids import name_key
        from extractors.prose_actors import _HEAD

        assert _HEAD.match(name_key(example))  # "đoàn", "liên đoàn", "kiểm toán nhà nước" too


def test_lists_differ_on_purpose():
    """A signer's office is not an issuer's head ("Thứ trưởng" signs, no header opens with it), and a
    cell's agency words take generic ones the header would not ("địa phương")."""
    heads = {r["head"]: set(r["uses"].split()) for r in body_head_rows()}
    assert "issuer" not in heads["địa phương"] and "cell" in heads["địa phương"]
    assert "thứ trưởng" not in heads


@pytest.mark.parametrize("row", doc_type_use_rows(), ids=lambda r: r["name"])
def test_doc_type_use_example(row):
    from extractors.references import _TITLE_STOP
    from pipeline.notation.markers import DECIDE, doc_type_heading
    from pipeline.readers.md import _PART_START
    from pipeline.vocab import doc_type_names

    name, example, uses = row["name"], row["example"], set(row["uses"].split())
    assert name in doc_type_names() and uses <= {"part", "decide", "cite", "cite_and", "signed"}
    assert fold(example).startswith(fold(name))
    if "part" in uses:
        assert _PART_START.match(example) and doc_type_heading(example)[0] == name
    if "signed" in uses:
        assert doc_type_heading(example)[0] == name
    if "decide" in uses:
        assert DECIDE.match(f"{name.upper()}:") and DECIDE.match(f"{name}:")
    title, cited = "về việc tổ chức thực hiện chương trình", f"{name} số 12"
    stop = _TITLE_STOP.search(f"{title} và {cited}")
    if uses & {"cite", "cite_and"}:
        assert stop and stop.start() == len(title)
    if "cite" in uses:
        assert _TITLE_STOP.search(f"{title}, {cited}").start() == len(title)
    if "cite_and" in uses:  # a comma before it does not end the title
        assert _TITLE_STOP.search(f"{title}, {cited}") is None
