"""Stages keep to their rooms (design review P6): SQL is written only in pipeline/store/, and no
module imports another module's private (_underscored) names. Both read the code with `ast`."""
from __future__ import annotations

import ast
from pathlib import Path

from tests.code_shape import PACKAGES, ROOT

_SQL_CALLS = {"execute", "executemany", "executescript"}


def _modules() -> list[tuple[str, ast.Module]]:
    """(path relative to the repository, parsed module) of every module of pipeline/ and extractors/."""
    return [(p.relative_to(ROOT).as_posix(), ast.parse(p.read_text(encoding="utf-8")))
            for package in PACKAGES for p in sorted((ROOT / package).rglob("*.py"))]


def sql_outside_store(path: str, tree: ast.Module) -> list[str]:
    """Where a module outside pipeline/store/ imports sqlite3, calls .execute*() or reaches for a
    store's connection (`.db`)."""
    if path.startswith("pipeline/store/"):
        return []
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import) and any(a.name.split(".")[0] == "sqlite3" for a in node.names):
            found.append(f"{path}:{node.lineno} imports sqlite3")
        elif isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "sqlite3":
            found.append(f"{path}:{node.lineno} imports from sqlite3")
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in _SQL_CALLS:
            found.append(f"{path}:{node.lineno} calls .{node.func.attr}()")
        elif isinstance(node, ast.Attribute) and node.attr == "db" and isinstance(node.ctx, ast.Load):
            found.append(f"{path}:{node.lineno} uses a store's connection (.db)")
    return found


def test_no_sql_outside_the_store():
    found = [hit for path, tree in _modules() for hit in sql_outside_store(path, tree)]
    assert not found, f"SQL belongs in pipeline/store/ (add a Store method): {found}"


def test_the_sql_check_finds_sql():
    tree = ast.parse("import sqlite3\nrows = store.db.execute('SELECT 1')\n")
    assert len(sql_outside_store("pipeline/serve/x.py", tree)) == 3
    assert sql_outside_store("pipeline/store/x.py", tree) == []

