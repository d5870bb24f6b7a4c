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


def _own(module: str | None) -> bool:
    return (module or "").split(".")[0] in PACKAGES


def private_imports(path: str, tree: ast.Module) -> list[str]:
    """Where a module imports a private name (`_x`, not `__x__`) of another module of vanban, or
    reads one through an imported module (`tasks._STT`)."""
    def private(name: str) -> bool:
        return name.startswith("_") and not name.endswith("__")

    found, modules = [], set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and _own(node.module):
            found += [f"{path}:{node.lineno} imports {node.module}.{a.name}" for a in node.names if private(a.name)]
            modules |= {a.asname or a.name for a in node.names}
        elif isinstance(node, ast.Import):
            modules |= {a.asname or a.name.split(".")[0] for a in node.names if _own(a.name)}
    for node in ast.walk(tree):
        if (isinstance(node, ast.Attribute) and private(node.attr) and isinstance(node.value, ast.Name)
                and node.value.id in modules):
            found.append(f"{path}:{node.lineno} reads {node.value.id}.{node.attr}")
    return found


def test_no_module_imports_another_modules_private_names():
    found = [hit for path, tree in _modules() for hit in private_imports(path, tree)]
    assert not found, f"make the name public (and say what it decides) or move it where both read it: {found}"


def test_the_private_import_check_finds_them():
    tree = ast.parse("from extractors.references import _TYPE_ALT, canonical_type\nfrom extractors import tasks\n"
                     "x = tasks._STT\ny = tasks.__name__\nfrom os import _exit\n")
    assert private_imports("extractors/backrefs.py", tree) == [
        "extractors/backrefs.py:1 imports extractors.references._TYPE_ALT", "extractors/backrefs.py:3 reads tasks._STT"]
