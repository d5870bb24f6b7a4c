"""Regenerate tests/golden/*.json from samples/ (run `make golden` after a deliberate output change)."""
from __future__ import annotations

import json
from pathlib import Path

from pipeline.convert import convert
from pipeline.writers.json_out import dumps

ROOT = Path(__file__).resolve().parent.parent
# Every reader has a sample; each sample's whole output is a golden file.
SAMPLE_SUFFIXES = (".txt", ".md", ".docx", ".doc", ".pdf")


def samples() -> list[Path]:
    """The sample documents that have golden outputs."""
    return sorted(p for p in (ROOT / "samples").iterdir() if p.suffix in SAMPLE_SUFFIXES)


def golden_view(data: dict) -> dict:
    """The output without what depends on where the file lies or on the version."""
    out = dict(data)
    out["source"] = {k: v for k, v in data["source"].items() if k != "path"}
    out.pop("generator", None)
    return out


def main() -> None:
    target = ROOT / "tests" / "golden"
    target.mkdir(exist_ok=True)
    for sample in samples():
        data = golden_view(convert(str(sample.relative_to(ROOT))))
        (target / (sample.stem + ".json")).write_bytes(dumps(data))
        print(f"wrote tests/golden/{sample.stem}.json")


if __name__ == "__main__":
    main()
