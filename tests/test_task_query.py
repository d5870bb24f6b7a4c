"""Archive-wide task queries: `vanban tasks --store S --agency A --role … --due-from … --due-to …
--overdue` over a store of plans, in every export format; agencies and assignments as tables."""
from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from icalendar import Calendar

from extractors.agency_ids import agency
from extractors.schedule import due_dates
from pipeline.store import Store
from pipeline.store.task_query import TaskQuery, agencies_matching, find_tasks
from tests.conftest import ROOT, SEED, converted


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    src = tmp_path_factory.mktemp("plans")
    shutil.copy(SEED, src / SEED.name)
    out = tmp_path_factory.mktemp("out")
    res = subprocess.run([sys.executable, "-m", "pipeline.cli", "batch", str(src), "-o", str(out), "--workers", "1", "-q",
                          "--no-graph"], capture_output=True, cwd=ROOT, timeout=300)
    assert res.returncode == 0, res.stderr
    return out / "vanban.sqlite"


def _cli(*args):
    return subprocess.run([sys.executable, "-m", "pipeline.cli", "tasks", *args], capture_output=True, cwd=ROOT, timeout=120)


def _seed_tasks(name, role):
    return [t for t in converted(str(SEED))["tasks"] if name in t[role]]


def test_agencies_are_a_table(store):
    with Store(str(store)) as s:
        (snv,) = [a for a in agencies_matching(s, "sở nội vụ") if a["name"] == "Sở Nội vụ tỉnh Lâm Đồng"]
        assert snv["level"] == "province" and snv["province"] == "Lâm Đồng" and snv["agency_id"].startswith("ag:")
        assert agencies_matching(s, snv["agency_id"]) == [snv]
        n = s.db.execute("SELECT count(*) FROM task_agencies WHERE agency_id=? AND role='lead'", (snv["agency_id"],)).fetchone()[0]
    assert n == len(_seed_tasks("Sở Nội vụ", "lead"))


@pytest.mark.parametrize("role", ["lead", "cooperating"])
def test_agency_and_role(store, role):
    office = agency("Văn phòng UBND tỉnh", "Lâm Đồng").id
    res = _cli("--store", str(store), "--agency", office, "--role", role, "--format", "json")
    assert res.returncode == 0, res.stderr
    rows = json.loads(res.stdout)
    want = _seed_tasks("Văn phòng UBND tỉnh", role)
    assert [r["uid"] for r in rows] == [t["uid"] for t in want] and want


def test_a_merged_body_is_found_by_its_successor(store):
    # the 2023 plan gives work to "Sở Thông tin và Truyền thông", merged into Sở Khoa học và Công nghệ on 2025-03-01
    res = _cli("--store", str(store), "--agency", "Sở Khoa học và Công nghệ", "--role", "lead", "--format", "json")
    rows = json.loads(res.stdout)
    assert [r["uid"] for r in rows] == [t["uid"] for t in _seed_tasks("Sở Thông tin và Truyền thông", "lead")] and rows


def test_due_window_and_overdue(store):
    with Store(str(store)) as s:
        q2 = find_tasks(s, TaskQuery(due_from="2023-04-01", due_to="2023-06-30"))
        overdue = find_tasks(s, TaskQuery(overdue=True, today="2023-07-01"))
        none_yet = find_tasks(s, TaskQuery(overdue=True, today="2023-01-01"))
    tasks = converted(str(SEED))["tasks"]
    assert [t["uid"] for t in q2[0]["tasks"]] == [t["uid"] for t in tasks if any("2023-04-01" <= d <= "2023-06-30" for d in due_dates(t["deadline"]))]
    assert [t["deadline"]["raw"] for t in q2[0]["tasks"]] == ["Quý II/2023"]
    assert {t["deadline"]["raw"] for t in overdue[0]["tasks"]} == {"Quý IV năm 2022", "Quý II/2023"}
    assert none_yet == [] or all(d < "2023-01-01" for t in none_yet[0]["tasks"] for d in due_dates(t["deadline"]))


@pytest.mark.parametrize("fmt", ["csv", "json", "ics", "xlsx"])
def test_every_export_format(store, tmp_path, fmt):
    target = tmp_path / f"q.{fmt}"
    res = _cli("--store", str(store), "--agency", "Sở Nội vụ tỉnh Lâm Đồng", "--role", "lead", "--format", fmt, "-o", str(target))
    assert res.returncode == 0, res.stderr
    n = len(_seed_tasks("Sở Nội vụ", "lead"))
    if fmt == "csv":
        assert len(list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8-sig"))))) == n
    elif fmt == "json":
        assert len(json.loads(target.read_text(encoding="utf-8"))) == n
    elif fmt == "ics":
        dated = sum(len(due_dates(t["deadline"])) for t in _seed_tasks("Sở Nội vụ", "lead"))
        assert len(Calendar.from_ical(target.read_bytes()).walk("VEVENT")) == dated
    else:
        from openpyxl import load_workbook

        ws = load_workbook(target).worksheets[0]
        assert sum(1 for r in ws.iter_rows(min_row=4) if r[2].value) == n


def test_bad_queries_say_why(store):
    res = _cli("--store", str(store), "--due-from", "31/02/2026")
    assert res.returncode == 2 and b"not a date" in res.stderr
    res = _cli("--store", str(store), "--agency", "Bộ Quốc phòng", "--format", "json")
    assert res.returncode == 0 and json.loads(res.stdout) == [] and b"no agency" in res.stderr
    res = _cli("--store", str(store.parent / "missing.sqlite"))
    assert res.returncode == 2 and b"no store" in res.stderr
    res = _cli(str(SEED), "--store", str(store))
    assert res.returncode == 2 and b"Traceback" not in res.stderr
    res = _cli(str(SEED), "--overdue")
    assert res.returncode == 2 and b"add --store" in res.stderr


@pytest.fixture(scope="module")
def two_copies(tmp_path_factory) -> Path:
    """A store holding one plan twice, as an archive holds a decision's PDF beside its text: the
    same document (the same uids) at two paths."""
    src = tmp_path_factory.mktemp("copies")
    (src / "b-copy").mkdir()
    shutil.copy(SEED, src / "a.txt")
    shutil.copy(SEED, src / "b-copy" / "plan.txt")
    out = tmp_path_factory.mktemp("copies-out")
    res = subprocess.run([sys.executable, "-m", "pipeline.cli", "batch", str(src), "-o", str(out), "--workers", "1", "-q",
                          "--no-graph"], capture_output=True, cwd=ROOT, timeout=300)
    assert res.returncode == 0, res.stderr
    return out / "vanban.sqlite"


def test_a_task_stored_twice_is_listed_once(two_copies, tmp_path):
    """A query and an agency's view list each task once, from the copy whose path sorts first, and
    its calendar holds each event once (the store keeps both copies' rows)."""
    seed = [t["uid"] for t in converted(str(SEED))["tasks"]]
    office = agency("Văn phòng UBND tỉnh", "Lâm Đồng").id
    with Store(str(two_copies)) as s:
        assert s.count("documents") == 2
        found = find_tasks(s, TaskQuery())
        assert [d["source"]["path"].endswith("a.txt") for d in found] == [True]
        assert [t["uid"] for t in found[0]["tasks"]] == seed
        links = s.agency_links(office)
        assert len(links) == len({(r["uid"], r["role"]) for r in links}) > 0
        assert all(s.document(r["doc_id"])["source"]["path"].endswith("a.txt") for r in links)
        stored = s.db.execute("SELECT count(*) FROM task_agencies WHERE agency_id=?", (office,)).fetchone()[0]
        assert s.agency_task_counts()[office] == len(links) == stored // 2
    target = tmp_path / "all.ics"
    res = _cli("--store", str(two_copies), "--format", "ics", "-o", str(target))
    assert res.returncode == 0, res.stderr
    uids = [str(e["UID"]) for e in Calendar.from_ical(target.read_bytes()).walk("VEVENT")]
    assert uids and len(uids) == len(set(uids))


def test_a_task_marked_done_is_not_overdue_and_exports_say_where_each_stands(two_copies, tmp_path):
    """What the desk's people set (pipeline/store/status.py) reaches the exports: --overdue leaves a
    task marked done out, and the CSV and the workbook show each task's status and who set it."""
    from openpyxl import load_workbook

    from pipeline.store import status

    store = tmp_path / "store.sqlite"
    with Store(str(two_copies)) as s:
        s.db.execute("VACUUM INTO ?", (str(store),))
    today = "2023-07-01"
    with Store(str(store)) as s:
        (late,) = [t for t in find_tasks(s, TaskQuery(overdue=True, today=today))[0]["tasks"]
                   if t["deadline"]["raw"] == "Quý II/2023"][:1]
        status.set_status(s, late["uid"], "done", "Nguyễn Văn An", "đã trình UBND tỉnh")
        still = [t["uid"] for d in find_tasks(s, TaskQuery(overdue=True, today=today)) for t in d["tasks"]]
        assert late["uid"] not in still and still
    res = _cli("--store", str(store), "--format", "csv")
    assert res.returncode == 0, res.stderr
    table = list(csv.DictReader(io.StringIO(res.stdout.decode("utf-8-sig"))))
    marked = [r for r in table if r["Mã nhiệm vụ"] == late["uid"]]
    assert [r["Trạng thái"] for r in marked] == ["done"]
    assert marked[0]["Ghi chú tiến độ"].startswith("Nguyễn Văn An, ") and marked[0]["Ghi chú tiến độ"].endswith(": đã trình UBND tỉnh")
    assert {r["Trạng thái"] for r in table if r["Mã nhiệm vụ"] != late["uid"]} == {""}
    target = tmp_path / "all.xlsx"
    assert _cli("--store", str(store), "--format", "xlsx", "-o", str(target)).returncode == 0
    ws = load_workbook(target).worksheets[0]
    head = [c.value for c in ws[3]]
    uid_col, status_col = head.index("Mã nhiệm vụ"), head.index("Trạng thái")
    shown = {r[uid_col].value: r[status_col].value for r in ws.iter_rows(min_row=4) if r[uid_col].value}
    assert shown[late["uid"]] == "Hoàn thành" and set(shown.values()) == {"Hoàn thành", "Chưa thực hiện"}
