"""Compare two conversions of a corpus field by field: the check a refactor proves itself with.

Either compare two folders of outputs written by `vanban batch` (same tree under each):

    .venv/bin/python bench/compare_outputs.py --old /tmp/before --new /tmp/after

or let the script convert the corpus with two commits first (each in a throw-away git worktree,
run with this checkout's .venv), then compare:

    .venv/bin/python bench/compare_outputs.py --commits d221f83 HEAD --corpus ../shared/corpus

It prints one line per differing field class ("references[].target: 12 documents, 31 values"),
with a few examples each (--show N), the documents present on one side only, and exits 1 when
anything differs, so that "byte-identical but for the listed changes" can be checked by reading.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Fields that name the run rather than the document: left out unless --strict.
RUN_FIELDS = ("generator", "source.path")


@dataclass
class Diffs:
    """Differences found, by field class: documents touched, values differing, a few examples."""

    docs: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    values: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    examples: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))

    def add(self, where: str, doc: str, old, new, show: int) -> None:
        self.docs[where].add(doc)
        self.values[where] += 1
        if len(self.examples[where]) < show:
            self.examples[where].append(f"{doc}: {_short(old)} → {_short(new)}")


def _short(value, width: int = 110) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= width else text[: width - 1] + "…"


def outputs(folder: Path) -> dict[str, Path]:
    """Output files of a batch folder by their path inside it (summaries and errors left out)."""
    found = {}
    for path in folder.rglob("*.json"):
        rel = path.relative_to(folder).as_posix()
        if rel == "summary.json":
            continue
        found[rel] = path
    return found


def flat_nodes(node: dict, out: dict | None = None) -> dict[str, dict]:
    """Structure nodes by id, without their children: node fields compare one level at a time."""
    out = {} if out is None else out
    out[node.get("id", "?")] = {k: v for k, v in node.items() if k != "children"}
    for child in node.get("children") or []:
        flat_nodes(child, out)
    return out


def compare_items(where: str, doc: str, old: list, new: list, diffs: Diffs, show: int) -> None:
    """Lists of records (references, tasks …) compared position by position, field by field."""
    if len(old) != len(new):
        diffs.add(f"{where}.count", doc, len(old), len(new), show)
    for a, b in zip(old, new):
        if not (isinstance(a, dict) and isinstance(b, dict)):
            if a != b:
                diffs.add(f"{where}[]", doc, a, b, show)
            continue
        for key in sorted(set(a) | set(b)):
            if a.get(key) != b.get(key):
                diffs.add(f"{where}[].{key}", doc, a.get(key), b.get(key), show)


def compare_structure(doc: str, old: dict, new: dict, diffs: Diffs, show: int) -> None:
    """Nodes matched by id; a node on one side only is counted as such."""
    a, b = flat_nodes(old or {}), flat_nodes(new or {})
    for only, side in ((set(a) - set(b), "structure.node.removed"), (set(b) - set(a), "structure.node.added")):
        for node_id in sorted(only):
            diffs.add(side, doc, node_id if side.endswith("removed") else None,
                      node_id if side.endswith("added") else None, show)
    for node_id in sorted(set(a) & set(b)):
        for key in sorted(set(a[node_id]) | set(b[node_id])):
            if a[node_id].get(key) != b[node_id].get(key):
                diffs.add(f"structure.node.{key}", doc, a[node_id].get(key), b[node_id].get(key), show)


def compare_doc(doc: str, old: dict, new: dict, diffs: Diffs, show: int, strict: bool) -> None:
    """Every top-level section of two outputs of one input."""
    for key in sorted(set(old) | set(new)):
        a, b = old.get(key), new.get(key)
        if key == "structure":
            compare_structure(doc, a, b, diffs, show)
        elif isinstance(a, list) and isinstance(b, list):
            compare_items(key, doc, a, b, diffs, show)
        elif isinstance(a, dict) and isinstance(b, dict):
            for sub in sorted(set(a) | set(b)):
                name = f"{key}.{sub}"
                if (strict or name not in RUN_FIELDS) and a.get(sub) != b.get(sub):
                    diffs.add(name, doc, a.get(sub), b.get(sub), show)
        elif (strict or key not in RUN_FIELDS) and a != b:
            diffs.add(key, doc, a, b, show)


def compare_folders(old_dir: Path, new_dir: Path, show: int, strict: bool) -> tuple[Diffs, list, list, int]:
    """Both folders' outputs paired by path; returns the differences and the unpaired paths."""
    old, new = outputs(old_dir), outputs(new_dir)
    diffs = Diffs()
    for rel in sorted(set(old) & set(new)):
        a, b = (json.loads(p.read_bytes()) for p in (old[rel], new[rel]))
        compare_doc(rel, a, b, diffs, show, strict)
    return diffs, sorted(set(old) - set(new)), sorted(set(new) - set(old)), len(set(old) & set(new))


def convert_at(commit: str, corpus: Path, out: Path, workers: int) -> None:
    """Convert the corpus with the code of one commit, in a throw-away worktree."""
    with tempfile.TemporaryDirectory(prefix="vanban-compare-") as tmp:
        tree = Path(tmp) / "tree"
        subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", "-q", str(tree), commit], check=True)
        try:
            env = {**os.environ, "PYTHONPATH": str(tree)}
            cmd = [str(ROOT / ".venv/bin/vanban"), "batch", str(corpus), "-o", str(out), "--workers", str(workers)]
            subprocess.run(cmd, cwd=tree, env=env, check=False, stdout=subprocess.DEVNULL)
        finally:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(tree)], check=False)


def report(diffs: Diffs, only_old: list, only_new: list, paired: int) -> int:
    """Print the differences by field class; the exit status says whether anything differs."""
    print(f"documents compared: {paired}")
    for label, paths in (("only before", only_old), ("only after", only_new)):
        if paths:
            print(f"{label}: {len(paths)} ({', '.join(paths[:5])}{' …' if len(paths) > 5 else ''})")
    if not diffs.values:
        print("no field differs")
        return 1 if only_old or only_new else 0
    for where in sorted(diffs.values, key=lambda w: (-len(diffs.docs[w]), w)):
        print(f"{where}: {len(diffs.docs[where])} documents, {diffs.values[where]} values")
        for example in diffs.examples[where]:
            print(f"    {example}")
    return 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--old", type=Path, help="outputs before (a batch folder)")
    parser.add_argument("--new", type=Path, help="outputs after (a batch folder)")
    parser.add_argument("--commits", nargs=2, metavar=("OLD", "NEW"), help="convert with these commits first")
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    parser.add_argument("--workdir", type=Path, help="where --commits writes its outputs (default: a temp folder)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--show", type=int, default=3, help="examples per field class")
    parser.add_argument("--strict", action="store_true", help="also compare the generator and source path")
    args = parser.parse_args(argv)
    if args.commits:
        work = args.workdir or Path(tempfile.mkdtemp(prefix="vanban-compare-out-"))
        args.old, args.new = work / "old", work / "new"
        for commit, out in zip(args.commits, (args.old, args.new)):
            print(f"converting {args.corpus} at {commit} into {out}", file=sys.stderr)
            convert_at(commit, args.corpus, out, args.workers)
    if not (args.old and args.new):
        parser.error("give --old and --new folders, or --commits OLD NEW")
    return report(*compare_folders(args.old, args.new, args.show, args.strict))


if __name__ == "__main__":
    sys.exit(main())
