"""Function length and cyclomatic complexity of vanban's own code, measured with `ast`.

The measures are the design review's (../shared/docs/design-review.md §1): length is
`end_lineno - lineno + 1`; complexity is 1, plus one per `if`/`elif`, loop, comprehension clause,
`except` handler, conditional expression and `match` case, plus the extra operands of each boolean
operator. Print the worst functions with:

    .venv/bin/python -m tests.code_shape [--most 20]
"""

from __future__ import annotations

import argparse
import ast
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("pipeline", "extractors")
MAX_LINES = 60
MAX_COMPLEXITY = 25


@dataclass(frozen=True)
class Shape:
    """One function's place and measures."""

    where: str  # "pipeline/segment/structure.py:Builder.step"
    lines: int
    complexity: int

    @property
    def too_big(self) -> bool:
        return self.lines > MAX_LINES or self.complexity > MAX_COMPLEXITY


_BRANCHES = (ast.If, ast.For, ast.AsyncFor, ast.While, ast.ExceptHandler, ast.IfExp, ast.comprehension,
             ast.match_case)


def complexity(func: ast.AST) -> int:
    """1 + decisions inside the function, nested functions left to be measured on their own."""
    count = 1
    stack = list(ast.iter_child_nodes(func))
    while stack:
        node = stack.pop()
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)):
            continue
        if isinstance(node, _BRANCHES):
            count += 1
        elif isinstance(node, ast.BoolOp):
            count += len(node.values) - 1
        stack.extend(ast.iter_child_nodes(node))
    return count


def shapes_of(path: Path) -> list[Shape]:
    """Every function and method of one module, named Class.method where it is one."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    rel = path.relative_to(ROOT).as_posix()
    found: list[Shape] = []

    def visit(node: ast.AST, prefix: str) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)):
                name = f"{prefix}{child.name}"
                found.append(Shape(f"{rel}:{name}", child.end_lineno - child.lineno + 1, complexity(child)))
                visit(child, f"{name}.")
            elif isinstance(child, ast.ClassDef):
                visit(child, f"{prefix}{child.name}.")

    visit(tree, "")
    return found


def all_shapes() -> list[Shape]:
    """The functions of pipeline/ and extractors/, worst first (complexity, then length)."""
    shapes = [s for pkg in PACKAGES for path in sorted((ROOT / pkg).rglob("*.py")) for s in shapes_of(path)]
    return sorted(shapes, key=lambda s: (-s.complexity, -s.lines, s.where))


def main() -> None:
    parser = argparse.ArgumentParser(description="the largest functions of pipeline/ and extractors/")
    parser.add_argument("--most", type=int, default=20)
    args = parser.parse_args()
    shapes = all_shapes()
    over = [s for s in shapes if s.too_big]
    print(f"{len(shapes)} functions; {len(over)} over {MAX_LINES} lines or complexity {MAX_COMPLEXITY}")
    for shape in sorted(shapes, key=lambda s: (-max(s.complexity / MAX_COMPLEXITY, s.lines / MAX_LINES), s.where))[: args.most]:
        mark = "!" if shape.too_big else " "
        print(f"{mark} {shape.lines:4d} lines  cc {shape.complexity:3d}  {shape.where}")


if __name__ == "__main__":
    main()
