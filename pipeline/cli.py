"""The `vanban` command. Heavy libraries load inside the subcommands that need them."""
from __future__ import annotations

import argparse
import os
import sys

from pipeline import __version__


def _out_name(path: str) -> str:
    return os.path.splitext(os.path.basename(path))[0] + ".json"


def cmd_convert(args: argparse.Namespace) -> int:
    """Convert each PATH; one JSON to stdout for a single input without -o, else files in DIR."""
    from pipeline.convert import convert
    from pipeline.readers.errors import InputError
    from pipeline.writers.json_out import SchemaViolation, dumps, write_atomic

    if len(args.paths) > 1 and not args.output:
        print("vanban convert: several inputs need -o DIR", file=sys.stderr)
        return 2
    failed = 0
    for path in args.paths:
        try:
            data = convert(path)
        except InputError as exc:
            print(f"vanban: error: {exc}", file=sys.stderr)
            failed += 1
            continue
        except SchemaViolation as exc:
            print(f"vanban: internal error (please report): {path}: {exc}", file=sys.stderr)
            failed += 1
            continue
        except Exception as exc:  # a bug must not lose the other files of the run
            print(f"vanban: internal error (please report): {path}: {type(exc).__name__}: {exc}", file=sys.stderr)
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
