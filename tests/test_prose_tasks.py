"""Tasks assigned in prose: the agency that is given work, who cooperates, and by when."""
from __future__ import annotations

from pipeline.model import Document, Source
from pipeline.readers.txt import read_text
from pipeline.segment import segment
from tests.conftest import SEED, converted


def _prose(text: str) -> list[dict]:
    from extractors import extract_all

    blocks, _ = read_text(text)
    doc = Document(Source("x.txt", "0" * 64, "txt"), blocks, text)
    segment(doc)
    extract_all(doc)
    return [t.to_json() for t in doc.prose_tasks]


def test_sentences_that_assign_work():
    tasks = _prose(
        "KẾ HOẠCH\nTriển khai chuyển đổi số năm 2026\n"
        "III. TỔ CHỨC THỰC HIỆN\n"
        "1. Giao Sở Nội vụ chủ trì, phối hợp với Sở Tài chính; Văn phòng UBND tỉnh theo dõi, đôn đốc việc "
        "thực hiện Kế hoạch này, báo cáo UBND tỉnh trước ngày 15/12/2026.\n"
        "2. Sở Khoa học và Công nghệ thường xuyên hướng dẫn các xã triển khai hằng quý.\n"
        "3. Kinh phí thực hiện từ nguồn ngân sách nhà nước.\n")
    got = [(t["lead"], t["cooperating"], t["deadline"]["kind"], t["deadline"]["end"]) for t in tasks]
    # after ";" Văn phòng UBND tỉnh is the subject of its own clause (it monitors), not a cooperator
    assert got == [(["Sở Nội vụ"], ["Sở Tài chính"], "date", "2026-12-15"),
                   (["Sở Khoa học và Công nghệ"], [], "recurring", None)]
    assert all(t["source"] == "prose" for t in tasks)


def test_seed_prose_tasks_are_apart_from_the_table():
    out = converted(str(SEED))
    assert len(out["tasks"]) == 38
    leads = [t["lead"] for t in out["prose_tasks"]]
    assert ["Sở Tài chính"] in leads
    for t in out["prose_tasks"]:
        assert t["text"]
