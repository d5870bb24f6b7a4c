"""The `vanban` command. Heavy libraries load inside the subcommands that need them."""
from __future__ import annotations

import argparse
import atexit
import gc
import os
import sys

from pipeline import __version__
from pipeline.readers.errors import show_path


def _out_name(path: str) -> str:
    return os.path.splitext(os.path.basename(path))[0] + ".json"


def _convert_reporting(path: str, args: argparse.Namespace) -> dict | None:
    """Convert one input under the time and memory limits; on failure print one line naming the
    file and return None, so that a bad file (or a bug) never loses the other files of the run."""
    from pipeline.convert import convert, warm_up
    from pipeline.limits import LimitExceeded, bounded
    from pipeline.readers.errors import InputError
    from pipeline.writers.json_out import SchemaViolation

    warm_up()  # once, here: each document's child process inherits the loaded models
    try:
        return bounded(convert, path, timeout=args.timeout, max_memory_mb=args.max_memory)
    except InputError as exc:
        print(f"vanban: error: {exc}", file=sys.stderr)
    except LimitExceeded as exc:
        print(f"vanban: error: {show_path(path)}: {exc.reason}", file=sys.stderr)
    except MemoryError:
        print(f"vanban: error: {show_path(path)}: ran out of memory", file=sys.stderr)
    except SchemaViolation as exc:
        print(f"vanban: internal error (please report): {show_path(path)}: {show_path(str(exc))}", file=sys.stderr)
    except Exception as exc:
        print(f"vanban: internal error (please report): {show_path(path)}: {type(exc).__name__}: {show_path(str(exc))}", file=sys.stderr)
    return None


def cmd_convert(args: argparse.Namespace) -> int:
    """Convert each PATH; one JSON to stdout for a single input without -o, else files in DIR."""
    from pipeline.writers.json_out import dumps, write_atomic

    if len(args.paths) > 1 and not args.output:
        print("vanban convert: several inputs need -o DIR", file=sys.stderr)
        return 2
    if args.timeout <= 0 or args.max_memory <= 0:
        print("vanban convert: --timeout and --max-memory must be positive", file=sys.stderr)
        return 2
    failed = 0
    for path in args.paths:
        data = _convert_reporting(path, args)
        if data is None:
            failed += 1
            continue
        text = dumps(data)
        if args.output:
            target = os.path.join(args.output, _out_name(path))
            write_atomic(target, text)
            if not args.quiet:
                print(f"{show_path(path)} -> {target}", file=sys.stderr)
        else:
            sys.stdout.flush()
            sys.stdout.buffer.write(text)
    return 1 if failed else 0


def cmd_graph(args: argparse.Namespace) -> int:
    """Build the citation graph over converted outputs; write it and/or print the report."""
    from pipeline import graph

    outputs, bad = [], []
    for path, data in graph.iter_outputs(args.paths):
        (outputs.append((path, data)) if data is not None else bad.append(path))
    for path in bad:
        print(f"vanban: warning: {show_path(path)}: not a vanban output, skipped", file=sys.stderr)
    if not outputs:
        print("vanban graph: no vanban outputs found in the given paths", file=sys.stderr)
        return 1
    g = graph.build(outputs)
    archive = None
    if args.as_of is not None or args.report:
        from pipeline import status

        if not status.valid_date(args.as_of):
            print(f"vanban graph: --as-of {args.as_of}: not a date (YYYY-MM-DD)", file=sys.stderr)
            return 2
        archive = status.load_archive(folders=[])
        for path, data in outputs:
            archive.add_output(path, data)
        status.annotate_graph(g, outputs, archive, args.as_of)
    if args.output:
        try:
            graph.write(g, args.output)
        except ValueError as exc:
            print(f"vanban graph: {exc}", file=sys.stderr)
            return 2
        if not args.quiet:
            print(f"{args.output}: {g.number_of_nodes()} documents, {g.number_of_edges()} citing pairs", file=sys.stderr)
    try:  # --basis-of/--cited-by alone print only their answer
        if args.report:
            print(graph.report(g, basis_of=args.basis_of, cited_by=args.cited_by))
        elif args.basis_of or args.cited_by:
            print(graph.answer(g, basis_of=args.basis_of, cited_by=args.cited_by))
    except LookupError as exc:
        print(f"vanban graph: {exc.args[0]}", file=sys.stderr)
        return 1
    if args.report and archive is not None:
        from pipeline import status

        late = status.late_bases(outputs, archive)
        print(f"\ncited as a basis after being replaced, repealed or expired: {len(late)}")
        print("\n".join(late))
    return 0


def _load_outputs(paths: list[str], args: argparse.Namespace) -> tuple[list[dict], int]:
    """Contract outputs of the given paths (vanban .json read, other inputs converted under the
    limits of *args*), and how many could not be read or converted (each said in one line)."""
    import json

    outputs, failed = [], 0
    for path in paths:
        if path.lower().endswith(".json"):
            try:
                with open(path, encoding="utf-8") as f:
                    data = json.load(f)
            except (OSError, ValueError) as exc:
                data = None
                print(f"vanban: error: {show_path(path)}: cannot read ({show_path(str(exc))})", file=sys.stderr)
            if data is not None and (not isinstance(data, dict) or "tasks" not in data):
                print(f"vanban: error: {show_path(path)}: not a vanban output", file=sys.stderr)
                data = None
        else:
            data = _convert_reporting(path, args)
        if data is None:
            failed += 1
            continue
        outputs.append(data)
    return outputs, failed


def cmd_tasks(args: argparse.Namespace) -> int:
    """Export the tasks of documents (inputs to convert, or vanban JSON outputs) for trackers;
    with --diff, the task differences between two versions of a plan."""
    from pipeline.writers.json_out import write_atomic
    from pipeline.writers.tasks_export import WRITERS, rows

    if args.diff:
        return _tasks_diff(args)
    if not args.store and (args.agency or args.role or args.due_from or args.due_to or args.overdue):
        print("vanban tasks: --agency, --role, --due-from, --due-to and --overdue query a store: add --store S", file=sys.stderr)
        return 2
    if bool(args.paths) == bool(args.store):
        print("vanban tasks: give documents or outputs, or --store S (or --diff OLD NEW)", file=sys.stderr)
        return 2
    fmt = args.format or "csv"
    if fmt == "xlsx" and not args.output:
        print("vanban tasks: --format xlsx needs -o FILE", file=sys.stderr)
        return 2
    if args.store:
        outputs, failed = _stored_tasks(args)
        if outputs is None:
            return 2
    else:
        outputs, failed = _load_outputs(args.paths, args)
    if fmt == "ics":
        from pipeline.writers.ics import to_ics

        payload = to_ics(outputs, prose=args.with_prose)
    else:
        task_rows = rows(outputs, prose=args.with_prose)
        if args.store:  # where each task stands, as the desk's people set it
            from pipeline.store import Store
            from pipeline.store.status import mark_status

            with Store(args.store) as store:
                mark_status(task_rows, store)
        payload = WRITERS[fmt](task_rows, outputs) if fmt == "xlsx" else WRITERS[fmt](task_rows)
    if args.output:
        write_atomic(args.output, payload)
    else:
        sys.stdout.buffer.write(payload)
    return 1 if failed else 0


def _iso_date(value: str) -> str | None:
    """"2026-06-30" or "30/06/2026" → "2026-06-30"; None for anything else."""
    import datetime as dt

    from pipeline.legal import parse_date

    try:
        return dt.date.fromisoformat(value).isoformat() if "/" not in value else parse_date(value)
    except ValueError:
        return None


def _stored_tasks(args: argparse.Namespace) -> tuple[list[dict] | None, int]:
    """The outputs of the store cut down to the tasks --agency/--role/--due-from/--due-to/--overdue
    ask for; (None, 0) after saying why when the store or a date is not usable."""
    from pipeline.store import Store
    from pipeline.store.task_query import TaskQuery, agencies_matching, find_tasks

    if not os.path.exists(args.store):
        print(f"vanban tasks: {args.store}: no store here (run vanban batch first)", file=sys.stderr)
        return None, 0
    dates = {}
    for name in ("due_from", "due_to"):
        value = getattr(args, name)
        dates[name] = _iso_date(value) if value else None
        if value and not dates[name]:
            print(f"vanban tasks: --{name.replace('_', '-')} {value!r}: not a date (YYYY-MM-DD or DD/MM/YYYY)", file=sys.stderr)
            return None, 0
    with Store(args.store) as store:
        if args.agency and not agencies_matching(store, args.agency):
            print(f"vanban tasks: no agency in the store matches {args.agency!r}", file=sys.stderr)
            return [], 0
        query = TaskQuery(agency=args.agency, role=args.role, overdue=args.overdue, **dates)
        return find_tasks(store, query), 0


def _tasks_diff(args: argparse.Namespace) -> int:
    """`vanban tasks --diff OLD NEW`: added, removed and changed tasks as text, JSON or CSV."""
    from pipeline.writers.json_out import write_atomic
    from pipeline.writers.task_diff import diff, render

    if args.paths:
        print("vanban tasks: --diff takes exactly two documents or outputs: --diff OLD NEW", file=sys.stderr)
        return 2
    if args.format not in (None, "json", "csv"):
        print("vanban tasks: --diff writes text (default), json or csv", file=sys.stderr)
        return 2
    outputs, failed = _load_outputs(args.diff, args)
    if failed:
        return 1
    payload = render(diff(outputs[0], outputs[1]), args.format or "text")
    if args.output:
        write_atomic(args.output, payload)
    else:
        sys.stdout.buffer.write(payload)
    return 0


def cmd_batch(args: argparse.Namespace) -> int:
    """Convert a folder tree in parallel into OUT, the store and the graph; summarise. The workers
    fork from this process first (no thread, no store open yet), before the batch's own imports."""
    if not os.path.isdir(args.src):
        print(f"vanban batch: {args.src}: not a folder", file=sys.stderr)
        return 2
    if args.workers < 1 or args.timeout <= 0 or args.max_memory <= 0:
        print("vanban batch: --workers, --timeout and --max-memory must be positive", file=sys.stderr)
        return 2
    from pipeline.batch.start import start

    # the heap so far (modules) is left out of collections during the run: neither this process's
    # nor the forked workers' touch (and so copy) its pages; nor the exit's last one (~0.1 s of CPU)
    gc.freeze()
    atexit.register(gc.freeze)
    try:
        started = start(args.src, args.output, args.workers, local=not args.dask, fork=True)
        from pipeline.batch.runner import Options, run_batch

        opts = Options(workers=args.workers, store=args.store, dask=args.dask, timeout=args.timeout,
                       max_memory_mb=args.max_memory, retry_failed=args.retry_failed, graph=not args.no_graph,
                       keep_removed=args.keep_removed,
                       progress=False if args.quiet else None)
        summary = run_batch(args.src, args.output, opts, started)
    finally:
        gc.unfreeze()
    for line in summary.lines():
        print(line, file=sys.stderr)
    return 1 if summary.failed or summary.disk_full else 0


def cmd_search(args: argparse.Namespace) -> int:
    """Find stored documents by number, words (diacritics optional), type, issuer and date."""
    import json

    from pipeline.store import Store
    from pipeline.store.search import SearchError, check_query, search

    query = " ".join(args.query)
    try:
        check_query(query, args.limit, args.date_from, args.date_to)
        if not query.strip() and not (args.type or args.issuer or args.date_from or args.date_to):
            raise SearchError("give a query (words or a number) or a filter (--type, --issuer, --from, --to)")
    except SearchError as exc:
        print(f"vanban search: {exc}", file=sys.stderr)
        return 2
    if not os.path.exists(args.store):
        print(f"vanban search: {args.store}: no store here (run vanban batch first, or give --store)", file=sys.stderr)
        return 2
    with Store(args.store) as store:
        hits = search(store, query, doc_type=args.type, issuer=args.issuer,
                      date_from=args.date_from, date_to=args.date_to, limit=args.limit)
    if args.json:
        print(json.dumps([h.to_json() for h in hits], ensure_ascii=False, indent=1))
        return 0 if hits else 1
    for h in hits:
        head = " ".join(x for x in (h.doc_type, h.number, h.issued_date and f"ngày {h.issued_date}") if x)
        print(f"{head or '(no number)'} — {h.issuer or '?'}: {h.title or ''}\n  {h.path}\n  {h.excerpt}")
    if not hits:
        print("no documents found", file=sys.stderr)
    return 0 if hits else 1


def cmd_serve(args: argparse.Namespace) -> int:
    """Run the review desk over the store until interrupted."""
    try:
        import uvicorn

        from pipeline.serve.app import create_app
    except ImportError as exc:
        print(f"vanban serve: the review desk needs the 'serve' extra (pip install 'vanban[serve]'): {exc}",
              file=sys.stderr)
        return 2
    if args.max_upload <= 0 or args.timeout <= 0:
        print("vanban serve: --max-upload and --timeout must be positive", file=sys.stderr)
        return 2
    from pipeline.serve.commands import serve_refusal

    refusal = serve_refusal(args.host, args.store)
    if refusal:
        print(f"vanban serve: {refusal}", file=sys.stderr)
        return 2
    hosts = set(args.allowed_host or []) | ({args.host} if args.host not in ("0.0.0.0", "::") else set())
    app = create_app(args.store, max_upload_mb=args.max_upload, timeout=args.timeout, allowed_hosts=hosts,
                     max_running=args.conversions)
    print(f"vanban review desk on http://{args.host}:{args.port}/ (store {args.store})", file=sys.stderr)
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning")
    return 0


def _limit_options(p: argparse.ArgumentParser) -> None:
    """--timeout and --max-memory of a command that converts inputs itself (not in a batch)."""
    p.add_argument("--timeout", type=float, default=300.0, metavar="SECONDS", help="time limit per document (default 300)")
    p.add_argument("--max-memory", type=float, default=2048.0, metavar="MB",
                   help="memory limit per document (default 2048); past a limit the file fails with a one-line error")


def cmd_check(args: argparse.Namespace) -> int:
    """Check the bases of each document against the archive: known, agreeing, in force, in order."""
    import json

    from pipeline import status

    if not status.valid_date(args.as_of):
        print(f"vanban check: --as-of {args.as_of}: not a date (YYYY-MM-DD)", file=sys.stderr)
        return 2
    if args.store and not os.path.exists(args.store):
        print(f"vanban check: {args.store}: no store here", file=sys.stderr)
        return 2
    archive = status.load_archive(args.store, args.archive or ())
    report, errors, failed = [], 0, 0
    paths = [os.path.join(r, n) for p in args.paths for r, _, ns in (os.walk(p) if os.path.isdir(p) else [])
             for n in sorted(ns) if n.endswith(".json") and not n.endswith(".error.json")
             and n not in ("summary.json", "README.json")] + [p for p in args.paths if not os.path.isdir(p)]
    for path in paths:
        data = _read_output(path) if path.lower().endswith(".json") else _convert_reporting(path, args)
        if data is None:
            failed += 1
            continue
        findings = status.check_document(data, archive, args.as_of)
        errors += sum(f.level == "error" for f in findings)
        report.append((path, findings))
    if args.format == "json":
        print(json.dumps([{"path": p, "findings": [f.to_json() for f in fs]} for p, fs in report],
                         ensure_ascii=False, indent=1))
    else:
        for path, findings in report:
            print("\n".join(status.report_lines(path, findings)) or f"{path}: không có phát hiện")
    return 1 if errors or failed else 0


def _read_output(path: str) -> dict | None:
    import json

    try:
        with open(path, encoding="utf-8") as f:
            data = json.load(f)
    except (OSError, ValueError) as exc:
        print(f"vanban: error: {path}: cannot read ({exc})", file=sys.stderr)
        return None
    if not isinstance(data, dict) or "references" not in data:
        print(f"vanban: error: {path}: not a vanban output", file=sys.stderr)
        return None
    return data


def _add_convert(sub: argparse._SubParsersAction) -> None:
    """`vanban convert`: documents to contract JSON."""
    conv = sub.add_parser("convert", help="convert documents to JSON",
                          description="Convert .docx, .doc, .pdf, .txt and .md documents to contract JSON (validated against the schema).")
    conv.add_argument("paths", nargs="+", metavar="PATH", help="input files")
    conv.add_argument("-o", "--output", metavar="DIR", help="write DIR/<name>.json instead of printing to stdout")
    conv.add_argument("-q", "--quiet", action="store_true", help="do not list written files")
    _limit_options(conv)
    conv.set_defaults(func=cmd_convert)


def _add_graph(sub: argparse._SubParsersAction) -> None:
    """`vanban graph`: the citation graph over converted outputs."""
    gr = sub.add_parser("graph", help="build the citation graph over converted outputs",
                        description="Build one citation graph over vanban JSON outputs (files or folders).")
    gr.add_argument("paths", nargs="+", metavar="OUTPUT", help="output .json files or folders holding them")
    gr.add_argument("-o", "--output", metavar="FILE", help="write the graph: .graphml, .gexf or .json")
    gr.add_argument("--report", action="store_true", help="print most-cited and missing documents, cycles, self-citations")
    gr.add_argument("--basis-of", metavar="DOC", help="print the legal basis chain (can_cu edges) of a document: id, number or words of its title")
    gr.add_argument("--cited-by", metavar="DOC", help="print the documents that cite a document: id, number or words of its title")
    gr.add_argument("--as-of", metavar="DATE", help="give each node its status (in force, replaced …) on DATE")
    gr.add_argument("-q", "--quiet", action="store_true", help="do not describe the written file")
    gr.set_defaults(func=cmd_graph)


def _add_tasks(sub: argparse._SubParsersAction) -> None:
    """`vanban tasks`: one row per task, as CSV, XLSX, JSON or a calendar."""
    ta = sub.add_parser("tasks", help="export tasks as CSV, XLSX or JSON",
                        description="One row per task of the given documents (inputs or vanban JSON outputs).")
    ta.add_argument("paths", nargs="*", metavar="PATH", help="documents to convert, or vanban .json outputs")
    ta.add_argument("--format", choices=("csv", "xlsx", "json", "ics"),
                    help="output format (default csv; ics: a calendar, one event per date a task falls due; text for --diff)")
    ta.add_argument("--diff", nargs=2, metavar=("OLD", "NEW"), help="tasks added, removed and changed between two versions of a plan")
    ta.add_argument("-o", "--output", metavar="FILE", help="write FILE (needed for xlsx); else stdout")
    ta.add_argument("--with-prose", action="store_true", help="add the tasks assigned in prose (source 'prose')")
    _limit_options(ta)
    ta.add_argument("--store", metavar="S", help="query every plan of a store (vanban batch) instead of PATHs")
    ta.add_argument("--agency", metavar="A", help="with --store: tasks of an agency (its id ag:…, or words of its name)")
    ta.add_argument("--role", choices=("lead", "cooperating"), help="with --agency: as lead or as cooperating agency")
    ta.add_argument("--due-from", metavar="D", help="with --store: falling due on or after D (YYYY-MM-DD)")
    ta.add_argument("--due-to", metavar="D", help="with --store: falling due on or before D")
    ta.add_argument("--overdue", action="store_true", help="with --store: with a due date before today")
    ta.set_defaults(func=cmd_tasks)


def _add_batch(sub: argparse._SubParsersAction) -> None:
    """`vanban batch`: a folder tree converted in parallel, resumably, into a store."""
    ba = sub.add_parser("batch", help="convert a folder tree in parallel, resumably, into a store",
                        description="Convert every .docx/.doc/.pdf/.txt/.md under SRC into OUT (one JSON per input, "
                        "or an .error.json saying why), the SQLite store and the citation graph. A re-run converts "
                        "only new or changed files. Exit 1 when some input failed.")
    ba.add_argument("src", metavar="SRC", help="folder of input documents (walked recursively)")
    ba.add_argument("-o", "--output", metavar="OUT", required=True, help="output folder")
    ba.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="worker processes (default: all cores)")
    ba.add_argument("--store", metavar="PATH", help="SQLite store (default OUT/vanban.sqlite)")
    ba.add_argument("--dask", metavar="ADDRESS", help="run on Dask: 'local' (a LocalCluster) or tcp://host:port")
    ba.add_argument("--timeout", type=float, default=300.0, help="seconds per document (default 300)")
    ba.add_argument("--max-memory", type=float, default=2048.0, metavar="MB",
                    help="resident memory per worker before it is stopped (default 2048)")
    ba.add_argument("--retry-failed", action="store_true", help="convert again the inputs that failed last time")
    ba.add_argument("--no-graph", action="store_true", help="do not rebuild OUT/graph.graphml")
    ba.add_argument("--keep-removed", action="store_true",
                    help="keep the outputs and store rows of inputs no longer in SRC (default: removed)")
    ba.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    ba.set_defaults(func=cmd_batch)


def _add_search(sub: argparse._SubParsersAction) -> None:
    """`vanban search`: documents of a store by number, words, type, issuer, date."""
    se = sub.add_parser("search", help="search the store by number, words, type, issuer, date",
                        description="Search documents of a store; words match with or without diacritics.")
    se.add_argument("query", nargs="*", metavar="QUERY", help="a number (108/2020/NĐ-CP) and/or words")
    se.add_argument("--store", default=os.path.join("output", "vanban.sqlite"), help="store (default output/vanban.sqlite)")
    se.add_argument("--type", help="document type, name or code (Quyết định, QĐ, qd)")
    se.add_argument("--issuer", help="issuing body, words of its name (UBND tỉnh Lâm Đồng, lam dong)")
    se.add_argument("--from", dest="date_from", metavar="DATE", help="issued on or after (YYYY, YYYY-MM or YYYY-MM-DD)")
    se.add_argument("--to", dest="date_to", metavar="DATE", help="issued on or before")
    se.add_argument("--limit", type=int, default=20, help="at most N documents (default 20)")
    se.add_argument("--json", action="store_true", help="print the hits as JSON")
    se.set_defaults(func=cmd_search)


def _add_check(sub: argparse._SubParsersAction) -> None:
    """`vanban check`: each basis checked against an archive."""
    ch = sub.add_parser("check", help="check each basis: known, agreeing, still in force, in order",
                        description="Check the references of documents (inputs or .json outputs) against an archive; "
                        "a basis on a replaced or repealed document is an error (exit 1).")
    ch.add_argument("paths", nargs="+", metavar="FILE", help="documents to check (inputs, vanban .json outputs or folders of them)")
    ch.add_argument("--store", help="the archive: a store (vanban batch)")
    ch.add_argument("--archive", action="append", metavar="DIR", help="a folder of outputs to add to the archive")
    ch.add_argument("--as-of", metavar="DATE", help="check in force on DATE (default: each document's own date)")
    ch.add_argument("--format", choices=("text", "json"), default="text", help="report format (default text)")
    _limit_options(ch)
    ch.set_defaults(func=cmd_check)


def _add_serve(sub: argparse._SubParsersAction) -> None:
    """`vanban serve`: the review desk."""
    sv = sub.add_parser("serve", help="the review desk in a browser: upload, check, correct, export",
                        description="Serve the review desk (web pages and a JSON API under /api) over a store.")
    sv.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    sv.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    sv.add_argument("--store", default=os.path.join("output", "vanban.sqlite"), help="store (default output/vanban.sqlite)")
    sv.add_argument("--max-upload", type=float, default=50.0, metavar="MB", help="largest upload (default 50 MB)")
    sv.add_argument("--timeout", type=float, default=120.0, metavar="SECONDS", help="time limit per conversion (default 120 s)")
    sv.add_argument("--allowed-host", action="append", metavar="NAME",
                    help="a host name the desk answers to besides this machine's (repeatable; e.g. vanban.so-tu-phap.vn)")
    sv.add_argument("--conversions", type=int, default=2, metavar="N", help="conversions at once; the rest wait (default 2)")
    sv.set_defaults(func=cmd_serve)


def build_parser() -> argparse.ArgumentParser:
    """The `vanban` parser: one subcommand each, in the order `vanban --help` lists them."""
    parser = argparse.ArgumentParser(
        prog="vanban",
        description="Turn Vietnamese government decisions and plans into structured, validated JSON.",
    )
    parser.add_argument("--version", action="version", version=f"vanban {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for add in (_add_convert, _add_graph, _add_tasks, _add_batch, _add_search, _add_check, _add_serve):
        add(sub)
    from pipeline.serve.commands import add_users_parser

    add_users_parser(sub, os.path.join("output", "vanban.sqlite"))
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
