"""The `vanban` command. Heavy libraries load inside the subcommands that need them."""
from __future__ import annotations

import argparse
import os
import sys

from pipeline import __version__


def _out_name(path: str) -> str:
    return os.path.splitext(os.path.basename(path))[0] + ".json"


def _convert_reporting(path: str) -> dict | None:
    """Convert one input; on failure print one line naming the file and return None, so that a
    bad file (or a bug) never loses the other files of the run."""
    from pipeline.convert import convert
    from pipeline.readers.errors import InputError
    from pipeline.writers.json_out import SchemaViolation

    try:
        return convert(path)
    except InputError as exc:
        print(f"vanban: error: {exc}", file=sys.stderr)
    except SchemaViolation as exc:
        print(f"vanban: internal error (please report): {path}: {exc}", file=sys.stderr)
    except Exception as exc:
        print(f"vanban: internal error (please report): {path}: {type(exc).__name__}: {exc}", file=sys.stderr)
    return None


def cmd_convert(args: argparse.Namespace) -> int:
    """Convert each PATH; one JSON to stdout for a single input without -o, else files in DIR."""
    from pipeline.writers.json_out import dumps, write_atomic

    if len(args.paths) > 1 and not args.output:
        print("vanban convert: several inputs need -o DIR", file=sys.stderr)
        return 2
    failed = 0
    for path in args.paths:
        data = _convert_reporting(path)
        if data is None:
            failed += 1
            continue
        text = dumps(data)
        if args.output:
            target = os.path.join(args.output, _out_name(path))
            write_atomic(target, text)
            if not args.quiet:
                print(f"{path} -> {target}", file=sys.stderr)
        else:
            sys.stdout.write(text)
    return 1 if failed else 0


def cmd_graph(args: argparse.Namespace) -> int:
    """Build the citation graph over converted outputs; write it and/or print the report."""
    from pipeline import graph

    outputs, bad = [], []
    for path, data in graph.iter_outputs(args.paths):
        (outputs.append((path, data)) if data is not None else bad.append(path))
    for path in bad:
        print(f"vanban: warning: {path}: not a vanban output, skipped", file=sys.stderr)
    if not outputs:
        print("vanban graph: no vanban outputs found in the given paths", file=sys.stderr)
        return 1
    g = graph.build(outputs)
    if args.output:
        try:
            graph.write(g, args.output)
        except ValueError as exc:
            print(f"vanban graph: {exc}", file=sys.stderr)
            return 2
        if not args.quiet:
            print(f"{args.output}: {g.number_of_nodes()} documents, {g.number_of_edges()} citing pairs", file=sys.stderr)
    if args.report or args.basis_of or args.cited_by:
        print(graph.report(g, basis_of=args.basis_of, cited_by=args.cited_by))
    return 0


def cmd_tasks(args: argparse.Namespace) -> int:
    """Export the tasks of documents (inputs to convert, or vanban JSON outputs) for trackers."""
    import json

    from pipeline.writers.json_out import write_atomic
    from pipeline.writers.tasks_export import WRITERS, rows

    if args.format == "xlsx" and not args.output:
        print("vanban tasks: --format xlsx needs -o FILE", file=sys.stderr)
        return 2
    outputs, failed = [], 0
    for path in args.paths:
        if path.lower().endswith(".json"):
            try:
                with open(path, encoding="utf-8") as f:
                    data = json.load(f)
            except (OSError, ValueError) as exc:
                data = None
                print(f"vanban: error: {path}: cannot read ({exc})", file=sys.stderr)
            if data is not None and (not isinstance(data, dict) or "tasks" not in data):
                print(f"vanban: error: {path}: not a vanban output", file=sys.stderr)
                data = None
        else:
            data = _convert_reporting(path)
        if data is None:
            failed += 1
            continue
        outputs.append(data)
    payload = WRITERS[args.format](rows(outputs, prose=args.with_prose))
    if args.output:
        write_atomic(args.output, payload)
    else:
        sys.stdout.buffer.write(payload)
    return 1 if failed else 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="vanban",
        description="Turn Vietnamese government decisions and plans into structured, validated JSON.",
    )
    parser.add_argument("--version", action="version", version=f"vanban {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    conv = sub.add_parser("convert", help="convert documents to JSON",
                          description="Convert .txt and .md documents to contract JSON (validated against the schema).")
    conv.add_argument("paths", nargs="+", metavar="PATH", help="input files")
    conv.add_argument("-o", "--output", metavar="DIR", help="write DIR/<name>.json instead of printing to stdout")
    conv.add_argument("-q", "--quiet", action="store_true", help="do not list written files")
    conv.set_defaults(func=cmd_convert)
    gr = sub.add_parser("graph", help="build the citation graph over converted outputs",
                        description="Build one citation graph over vanban JSON outputs (files or folders).")
    gr.add_argument("paths", nargs="+", metavar="OUTPUT", help="output .json files or folders holding them")
    gr.add_argument("-o", "--output", metavar="FILE", help="write the graph: .graphml, .gexf or .json")
    gr.add_argument("--report", action="store_true", help="print most-cited and missing documents, cycles, self-citations")
    gr.add_argument("--basis-of", metavar="ID", help="print the legal basis chain (can_cu edges) of a document id")
    gr.add_argument("--cited-by", metavar="ID", help="print the documents that cite a document id")
    gr.add_argument("-q", "--quiet", action="store_true", help="do not describe the written file")
    gr.set_defaults(func=cmd_graph)
    ta = sub.add_parser("tasks", help="export tasks as CSV, XLSX or JSON",
                        description="One row per task of the given documents (inputs or vanban JSON outputs).")
    ta.add_argument("paths", nargs="+", metavar="PATH", help="documents to convert, or vanban .json outputs")
    ta.add_argument("--format", choices=("csv", "xlsx", "json"), default="csv", help="output format (default csv)")
    ta.add_argument("-o", "--output", metavar="FILE", help="write FILE (needed for xlsx); else stdout")
    ta.add_argument("--with-prose", action="store_true", help="add the tasks assigned in prose (source 'prose')")
    ta.set_defaults(func=cmd_tasks)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return args.func(args)
    except KeyboardInterrupt:
        print("vanban: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 1


if __name__ == "__main__":
    sys.exit(main())
