"""The shape of the code: packages, how they import each other, the longest modules and functions.

Usage:
    .venv/bin/python bench/layout.py
Prints one line per top-level package (modules, lines, which packages it imports), the number of
package pairs that import each other both ways, the modules over 400 lines, the functions over
60 lines (with their cyclomatic complexity) and the longest of each.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import grimp

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ["expo_portal", "cockpit", "meetings", "exhibitors", "delegations", "common"]
LONG_MODULE = 400
LONG_FUNCTION = 60
BRANCHES = (ast.If, ast.For, ast.While, ast.Try, ast.With, ast.BoolOp, ast.IfExp, ast.comprehension, ast.match_case)


def source_files(package: str) -> list[Path]:
    return [p for p in sorted((ROOT / package).rglob("*.py")) if "migrations" not in p.parts]


def complexity(node: ast.AST) -> int:
    return 1 + sum(
        (len(n.values) - 1) if isinstance(n, ast.BoolOp) else (len(n.handlers) if isinstance(n, ast.Try) else 1)
        for n in ast.walk(node)
        if isinstance(n, BRANCHES)
    )


def main() -> None:
    sys.path.insert(0, str(ROOT))
    graph = grimp.build_graph(*PACKAGES, include_external_packages=False)

    def uses(a: str, b: str) -> bool:
        return a != b and graph.direct_import_exists(importer=a, imported=b, as_packages=True)

    imports = {a: [b for b in PACKAGES if uses(a, b)] for a in PACKAGES}
    print("package       modules  lines  imports")
    modules: list[tuple[int, str]] = []
    functions: list[tuple[int, int, str]] = []
    for package in PACKAGES:
        files = source_files(package)
        total = 0
        for path in files:
            text = path.read_text()
            count = text.count("\n")
            total += count
            relative = str(path.relative_to(ROOT))
            modules.append((count, relative))
            for node in ast.walk(ast.parse(text)):
                if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                    length = (node.end_lineno or node.lineno) - node.lineno + 1
                    functions.append((length, complexity(node), f"{relative}:{node.lineno} {node.name}"))
        print(f"{package:<13} {len(files):>7} {total:>6}  {', '.join(imports[package]) or '-'}")
    pairs = sorted({tuple(sorted((a, b))) for a in PACKAGES for b in imports[a] if a in imports[b]})
    print(f"\ntwo-way package pairs: {len(pairs)} {pairs if pairs else ''}".rstrip())
    modules.sort(reverse=True)
    functions.sort(reverse=True)
    long_modules = [m for m in modules if m[0] > LONG_MODULE]
    long_functions = [f for f in functions if f[0] > LONG_FUNCTION]
    print(f"\nmodules over {LONG_MODULE} lines: {len(long_modules)}")
    for count, name in long_modules:
        print(f"  {count:>5}  {name}")
    print(f"functions over {LONG_FUNCTION} lines: {len(long_functions)}")
    for length, branches, name in long_functions:
        print(f"  {length:>5}  complexity {branches:>3}  {name}")
    print(f"\nlongest module:   {modules[0][1]} ({modules[0][0]} lines)")
    worst = max(functions, key=lambda f: f[1])
    print(f"longest function: {functions[0][2]} ({functions[0][0]} lines, complexity {functions[0][1]})")
    print(f"most complex:     {worst[2]} ({worst[0]} lines, complexity {worst[1]})")


if __name__ == "__main__":
    main()
