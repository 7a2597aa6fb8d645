"""No import cycles inside ``app.ui``: neither between modules nor between feature packages.

The import graph comes from grimp (what import-linter reads), counting every import: at module
level, inside functions and under ``TYPE_CHECKING`` alike — a lazy or type-only import that
closes a loop still means neither module can be understood, tested or moved without the other.
"""

from __future__ import annotations

import grimp
import pytest

UI = "app.ui"


@pytest.fixture(scope="module")
def graph() -> grimp.ImportGraph:
    return grimp.build_graph("app", cache_dir=None)


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one node (or a self-loop), by
    Tarjan's algorithm; each is a set of modules that import each other in a ring."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(edges.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            ring: list[str] = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                ring.append(member)
                if member == node:
                    break
            if len(ring) > 1 or node in edges.get(node, ()):
                found.append(sorted(ring))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return found


def test_the_cycle_finder_finds_rings() -> None:
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"a"}}) == [["a"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_no_module_cycles_in_the_ui(graph: grimp.ImportGraph) -> None:
    modules = {m for m in graph.modules if m == UI or m.startswith(UI + ".")}
    edges = {m: {i for i in graph.find_modules_directly_imported_by(m) if i in modules}
             for m in modules}
    found = cycles(edges)
    details = [
        " -> ".join(ring) + "\n" + "\n".join(
            f"    {d['importer']}:{d['line_number']} imports {d['imported']}"
            for a in ring for b in ring if a != b
            for d in graph.get_import_details(importer=a, imported=b))
        for ring in found]
    assert not found, "import cycles in app.ui:\n" + "\n".join(details)


def test_feature_packages_form_no_cycle(graph: grimp.ImportGraph) -> None:
    packages = sorted(m for m in graph.find_children(UI) if graph.find_children(m))
    assert {"app.ui.shell", "app.ui.common", "app.ui.persons"} <= set(packages)
    edges = {a: {b for b in packages if a != b
                 and graph.direct_import_exists(importer=a, imported=b, as_packages=True)}
             for a in packages}
    assert not cycles(edges), edges
    # The common layer serves the features and never reaches back into one of them.
    assert edges["app.ui.common"] == set()
