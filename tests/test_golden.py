"""Golden outputs of the samples: any change of output must be deliberate (`make golden`)."""
from __future__ import annotations

import json
import os

import pytest

from tests.conftest import ROOT
from tests.regen_golden import golden_view, samples

GOLDEN = sorted((ROOT / "tests" / "golden").glob("*.json"))


@pytest.mark.parametrize("golden", GOLDEN, ids=[g.stem for g in GOLDEN])
def test_sample_matches_golden(golden):
    from pipeline.convert import convert

    sample = next(p for p in samples() if p.stem == golden.stem)
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        got = golden_view(convert(str(sample.relative_to(ROOT))))
    finally:
        os.chdir(cwd)
    want = json.loads(golden.read_text(encoding="utf-8"))
    for key in want:
        assert got[key] == want[key], f"{key} differs from tests/golden/{golden.name}; run `make golden` if intended"
    assert set(got) == set(want)


def test_every_sample_has_a_golden_file():
    stems = {p.stem for p in samples()}
    assert stems and stems == {g.stem for g in GOLDEN}
