"""extractors/recall.py: answers kept for one stage's pass over one document, and the stages that
use it give what they gave without it (the corpus compare checks the outputs themselves)."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from extractors import recall as rc
from extractors.agencies import normalize_agency
from extractors.deadlines import normalize_deadline
from extractors.tasks import _agencies
from extractors.agencies import split_agencies


def _counting():
    calls: list[tuple] = []

    def fn(*args):
        calls.append(args)
        return "-".join(map(str, args))

    return fn, calls


def test_outside_a_scope_every_call_is_made():
    fn, calls = _counting()
    assert rc.recall(fn, "a", 1) == rc.recall(fn, "a", 1) == "a-1"
    assert len(calls) == 2


def test_inside_a_scope_each_arguments_once_and_nothing_kept_after():
    fn, calls = _counting()
    with rc.scope():
        assert [rc.recall(fn, "a", 1), rc.recall(fn, "a", 1), rc.recall(fn, "a", None)] == ["a-1", "a-1", "a-None"]
        assert calls == [("a", 1), ("a", None)]
    assert rc._open == []
    rc.recall(fn, "a", 1)
    assert len(calls) == 3


def test_two_functions_of_the_same_arguments_are_kept_apart():
    with rc.scope():
        assert rc.recall(str.upper, "sở") == "SỞ"
        assert rc.recall(str.title, "sở") == "Sở"


def test_a_raised_error_is_not_kept_and_the_scope_closes():
    calls = []

    def fails(x):
        calls.append(x)
        raise ValueError(x)

    try:
        with rc.scope():
            for _ in range(2):
                try:
                    rc.recall(fails, "x")
                except ValueError:
                    pass
            raise KeyError("out")
    except KeyError:
        pass
    assert calls == ["x", "x"] and rc._open == []


def test_nested_scopes_keep_their_own_answers():
    fn, calls = _counting()
    with rc.scope():
        rc.recall(fn, 1)
        with rc.scope():
            rc.recall(fn, 1)
        rc.recall(fn, 1)
    assert calls == [(1,), (1,)]


def test_normalize_deadline_gives_a_fresh_dict_in_a_scope():
    with rc.scope():
        first = normalize_deadline("Quý II/2026", None)
        first["rule"] = "changed"
        assert normalize_deadline("Quý II/2026", None) == {
            "raw": "Quý II/2026", "kind": "period", "start": "2026-04-01", "end": "2026-06-30", "rule": "quarter"}


PHRASES = ["Quý II/2026", "Thường xuyên", "Trước ngày 15/12/2026", "Tháng 6/2026", "Năm 2026", "14h00", "",
           "Hằng quý", "6 tháng đầu năm", "Từ năm 2026", "2026-2030", "Trong năm", "chậm nhất ngày 30/6"]
NAMES = ["Sở Tài chính", "UBND tỉnh", "Sở TN&MT", "Công an tỉnh", "các sở, ban, ngành", "Bộ Công Thương",
         "UBND các xã, phường", "Sở Nội vụ; Sở Tư pháp", "Văn phòng UBND tỉnh"]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(PHRASES), st.sampled_from([None, 2000, 2026]),
                          st.sampled_from(NAMES), st.sampled_from([None, "Lâm Đồng"])), min_size=1, max_size=12))
def test_kept_answers_equal_fresh_ones(calls):
    """The kept functions are pure: in a scope, in any order and repeated, they answer as alone."""
    alone = [(normalize_deadline(p, y), normalize_agency(n, place), list(split_agencies([n])))
             for p, y, n, place in calls]
    with rc.scope():
        kept = [(normalize_deadline(p, y), rc.recall(normalize_agency, n, place), list(rc.recall(_agencies, (n,))))
                for p, y, n, place in calls]
    assert kept == alone
