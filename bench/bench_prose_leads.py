"""How many prose-task leads are agencies the gazetteer knows, or collectives ("Các sở, ban,
ngành"), over a folder of vanban outputs (a batch's OUT). Prints figures; asserts nothing.

    .venv/bin/python bench/bench_prose_leads.py OUT [OUT2 …]
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

from extractors.agencies import gazetteer_spans
from extractors.prose_actors import _COLLECTIVE, _HOLDER
from extractors.agency_ids import name_key


def known(lead: str) -> bool:
    """A gazetteer name, whole (also after an office holder: "Giám đốc Sở Tài chính"), or a collective."""
    key = name_key(lead)
    holder = _HOLDER.match(key)
    rest = lead[holder.end():].lstrip(" ,") if holder else lead
    spans = gazetteer_spans(rest)
    return bool(spans and spans[0] == (0, len(rest.rstrip()))) or _COLLECTIVE.match(name_key(rest)) is not None


def main(folders: list[str]) -> None:
    for folder in folders:
        docs = tasks = leads = good = 0
        for path in Path(folder).rglob("*.json"):
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                continue
            if not isinstance(data, dict) or "prose_tasks" not in data:
                continue
            docs += 1
            for t in data["prose_tasks"]:
                tasks += 1
                leads += len(t["lead"])
                good += sum(map(known, t["lead"]))
        share = good / leads if leads else 0.0
        print(f"{folder}: {docs} documents, {tasks} prose tasks, {leads} leads, "
              f"{good} known agencies or collectives ({share:.1%})")


if __name__ == "__main__":
    main(sys.argv[1:] or ["output"])
