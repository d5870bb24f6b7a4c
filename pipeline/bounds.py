"""Bounds on what one document can produce, so that absurd input (a whole file on one line, a
DOCX of a million empty paragraphs) gives a cut output with a warning, not hundreds of MB of JSON.
Each bound lies far above the largest value of the 830 corpus documents (noted beside it)."""
from __future__ import annotations

from pipeline.model import Document, WarningCode

MAX_BLOCKS = 200_000   # paragraphs and tables read from one file (corpus: 52,282 structure nodes)
MAX_TITLE = 2_000      # characters of a title (corpus: 1,161)
MAX_ID_NAME = 400      # characters of the name part of a document id (corpus: ids of 320)


def cap_blocks(doc: Document) -> None:
    """Keep the first MAX_BLOCKS blocks of *doc*, saying so in a warning when some are dropped (a
    reader may stop collecting after MAX_BLOCKS + 1)."""
    limit = MAX_BLOCKS
    if len(doc.blocks) <= limit:
        return
    del doc.blocks[limit:]
    doc.warn(WarningCode.OUTPUT_CUT, f"the file holds more than {limit} paragraphs and tables: only the first"
                           f" {limit} are read")


def cap_title(parts: list[str], doc: Document) -> list[str]:
    """The title's paragraphs cut to MAX_TITLE characters in all, at a word boundary and marked
    "…", with a warning: a title that long is a whole document read as its title. Cut before the
    title is read, whose cost grows with its length."""
    total = sum(len(p) + 1 for p in parts)
    if total <= MAX_TITLE:
        return parts
    kept, room = [], MAX_TITLE
    for part in parts:
        if len(part) >= room:
            cut = part.rfind(" ", 0, room)
            kept.append(part[: cut if cut > room // 2 else room].rstrip() + "…")
            break
        kept.append(part)
        room -= len(part) + 1
    doc.warn(WarningCode.OUTPUT_CUT, f"the title runs to {total} characters: cut at {MAX_TITLE}", "header")
    return kept
