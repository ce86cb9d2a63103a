"""One job per module, and no import cycles in generator/: every import of a generator module,
wherever it stands (in a function, under `if TYPE_CHECKING:`), is an edge of the package's
import graph, and the graph has no cycle. Such an import must also stand at the top of its
module: one in a function or under a condition only hides a cycle instead of removing it."""

import ast
from pathlib import Path

from conftest import REPO

PACKAGE = "generator"
# The command line imports each command's modules when the command runs: `ocop check` or
# `ocop new` then start in a fraction of a second instead of loading the engine and the PDF
# and spreadsheet libraries. Its imports are still edges of the graph above.
DEFERRED_IMPORTS = {"cli"}


def own_imports(package: Path) -> dict[str, list[tuple[str, int, bool]]]:
    """Each module of the package: the package's modules it imports, with the line and
    whether the import is a statement of the module's top level."""
    modules = {path.stem for path in package.glob("*.py")}
    found = {}
    for module in sorted(modules):
        tree = ast.parse((package / f"{module}.py").read_text(encoding="utf-8"))
        top = {id(node) for node in tree.body}
        imports = []
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                absolute = node.level == 0
                base = node.module or ""
                if not absolute:
                    names = [base] if base else [alias.name for alias in node.names]
                elif base == package.name:
                    names = [alias.name for alias in node.names]
                elif base.startswith(package.name + "."):
                    names = [base.split(".")[1]]
                else:
                    names = []
            elif isinstance(node, ast.Import):
                names = [alias.name.split(".")[1] for alias in node.names if alias.name.startswith(package.name + ".")]
            else:
                continue
            imports += [(name, node.lineno, id(node) in top) for name in names if name in modules]
        found[module] = imports
    return found


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """A shortest cycle through each module of a group that import each other (Tarjan's
    strongly connected components, then a breadth-first search inside each)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    groups: list[set[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for other in sorted(graph[node]):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            group = set()
            while True:
                member = stack.pop()
                group.add(member)
                if member == node:
                    break
            if len(group) > 1 or node in graph[node]:
                groups.append(group)

    for node in sorted(graph):
        if node not in index:
            visit(node)
    found = set()
    for group in groups:
        for start in group:
            paths = {start: [start]}
            queue = [start]
            while queue:
                node = queue.pop(0)
                if start in graph[node]:
                    cycle = paths[node]
                    first = cycle.index(min(cycle))  # the same cycle, whichever module it is found from
                    found.add(tuple(cycle[first:] + cycle[:first] + [cycle[first]]))
                    break
                for other in sorted(graph[node] & group):
                    if other not in paths:
                        paths[other] = paths[node] + [other]
                        queue.append(other)
    return sorted(list(cycle) for cycle in found)


def problems(package: Path, deferred: set[str] = frozenset()) -> list[str]:
    imports = own_imports(package)
    graph = {module: {name for name, _, _ in found} for module, found in imports.items()}
    lines = [f"import cycle: {' -> '.join(cycle)}" for cycle in cycles(graph)]
    lines += [
        f"{package.name}/{module}.py:{line}: imports {name} inside a function or a condition, not at the top"
        for module, found in imports.items()
        if module not in deferred
        for name, line, at_top in found
        if not at_top
    ]
    return lines


def test_the_generator_has_no_import_cycle_and_imports_its_modules_at_the_top():
    assert problems(REPO / PACKAGE, DEFERRED_IMPORTS) == []


def test_cycles_are_found_through_functions_and_type_checking_and_named(tmp_path):
    package = tmp_path / "pkg"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "a.py").write_text("from . import b\n")
    (package / "b.py").write_text("def later():\n    from .c import thing\n")
    (package / "c.py").write_text("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from pkg.a import other\n")
    (package / "d.py").write_text("import pkg.e\nimport json\n")
    (package / "e.py").write_text("from pkg import d, json\n")
    (package / "f.py").write_text("from .a import x\n")  # imports a module of a cycle: not in it
    (package / "g.py").write_text("from . import g\n")
    assert problems(package) == [
        "import cycle: a -> b -> c -> a",
        "import cycle: d -> e -> d",
        "import cycle: g -> g",
        "pkg/b.py:2: imports c inside a function or a condition, not at the top",
        "pkg/c.py:3: imports a inside a function or a condition, not at the top",
    ]
