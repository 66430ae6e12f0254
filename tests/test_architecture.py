"""The shape of the package holds: STYLE.md's layering, no Jupyter machinery below render, and no
import cycle anywhere, counting imports inside functions and under ``TYPE_CHECKING`` too.

The contracts are in ``.importlinter`` (run them alone with ``lint-imports .importlinter``); the
cycle checks below use grimp, the graph import-linter is built on, and name the cycle they find.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from collections import deque
from pathlib import Path

import grimp
import pytest

ROOT = Path(__file__).resolve().parents[1]
CONTRACTS = ROOT / ".importlinter"
PACKAGE = "reviewbench"


def _lint_imports() -> str:
    """import-linter's command, from the environment running the tests."""
    script = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    if script is None:
        pytest.fail(f"lint-imports is not installed beside {sys.executable}: pip install -e '.[test]'")
    return script


@pytest.mark.parametrize("contract", ["layers", "no-jupyter-below-render", "no-cycles", "no-cycles-workbench"])
@pytest.mark.slow
def test_import_contract_is_kept(contract):
    run = subprocess.run([_lint_imports(), "--no-cache", "--no-logo", "--contract", contract, str(CONTRACTS)],
                         cwd=ROOT, capture_output=True, text=True)
    assert run.returncode == 0, f"contract '{contract}' of {CONTRACTS.name} is broken:\n{run.stdout}{run.stderr}"


def _graph() -> grimp.ImportGraph:
    # Every import counts: inside functions and under TYPE_CHECKING too (a cycle dodged is a cycle).
    return grimp.build_graph(PACKAGE, cache_dir=None)


def _where(graph: grimp.ImportGraph, importer: str, imported: str) -> str:
    lines = sorted({d["line_number"] for d in graph.get_import_details(importer=importer, imported=imported)})
    return f"{importer} -> {imported}" + (f" (line {', '.join(map(str, lines))})" if lines else "")


def _path(imports: dict[str, set[str]], start: str, goal: str) -> list[str] | None:
    """The shortest chain of imports from ``start`` to ``goal`` (breadth first), or None."""
    previous: dict[str, str | None] = {start: None}
    queue = deque([start])
    while queue:
        module = queue.popleft()
        if module == goal:
            chain = [module]
            while previous[chain[-1]] is not None:
                chain.append(previous[chain[-1]])
            return chain[::-1]
        for imported in sorted(imports[module]):
            if imported not in previous:
                previous[imported] = module
                queue.append(imported)
    return None


def _cycles(graph: grimp.ImportGraph) -> list[str]:
    """One shortest cycle per group of modules that import each other, each import with its line."""
    # A squashed package's own imports become imports of itself: not a cycle between packages.
    imports = {m: graph.find_modules_directly_imported_by(m) - {m} for m in graph.modules}
    found: list[str] = []
    seen: set[str] = set()
    for module in sorted(imports):
        if module in seen:
            continue
        back = [_path(imports, target, module) for target in imports[module]]
        cycles = [[module, *chain] for chain in back if chain]
        if cycles:
            cycle = min(cycles, key=lambda c: (len(c), c))
            seen.update(cycle)
            found.append("\n    ".join(_where(graph, a, b) for a, b in zip(cycle, cycle[1:])))
    return found


def test_no_module_imports_itself_through_others():
    cycles = _cycles(_graph())
    assert not cycles, "import cycles:\n  - " + "\n  - ".join(cycles)


def test_no_package_imports_itself_through_others():
    graph = _graph()
    for child in sorted(graph.find_children(PACKAGE)):
        if graph.find_children(child):
            graph.squash_module(child)
    cycles = _cycles(graph)
    assert not cycles, "import cycles between the packages of reviewbench:\n  - " + "\n  - ".join(cycles)


# Every step that writes build/ is run by the use-case layer (reviewbench.build) and nowhere else in
# the package: its writers and its records are imported there only (and inside their own package).
WRITERS = {
    ("reviewbench.intake.ingest", "write_ingest"): {"reviewbench.build"},
    ("reviewbench.network", "graph_review"): {"reviewbench.build"},
    ("reviewbench.network.outputs", "write_network"): {"reviewbench.build"},
    ("reviewbench.provenance.manifest", "write_manifest"): {"reviewbench.build"},
    ("reviewbench.provenance", "write_manifest"): {"reviewbench.build"},
    ("reviewbench.stages", "record"): {"reviewbench.build"},
    ("reviewbench.stages", "forget"): {"reviewbench.build"},
    ("reviewbench.render", "render_review"): {"reviewbench.build"},
    ("reviewbench.publication.check", "check_review"): {"reviewbench.build"},
    ("reviewbench.publication", "check_review"): {"reviewbench.build"},
    # After the report: the partners' response and the plain-language summary (build/response.*, build/dissemination/).
    ("reviewbench.dissemination.documents", "write_response"): {"reviewbench.build"},
    ("reviewbench.dissemination", "write_response"): {"reviewbench.build"},
    ("reviewbench.dissemination.documents", "write_summary"): {"reviewbench.build"},
    ("reviewbench.dissemination", "write_summary"): {"reviewbench.build"},
    # case audits: the agencies' workbooks, their returns recorded, the summary
    ("reviewbench.audit", "export_templates"): {"reviewbench.build"},
    ("reviewbench.audit.template", "export_templates"): {"reviewbench.build"},
    ("reviewbench.audit", "read_audit_returns"): {"reviewbench.build"},
    ("reviewbench.audit.returns", "read_audit_returns"): {"reviewbench.build"},
    ("reviewbench.audit", "write_summary"): {"reviewbench.build"},
    ("reviewbench.audit.summary", "write_summary"): {"reviewbench.build"},
    ("reviewbench.briefing", "write_briefing"): {"reviewbench.build"},
    ("reviewbench.briefing", "write_learning_deck"): {"reviewbench.build"},
    ("reviewbench.briefing.word", "write_briefing_docx"): {"reviewbench.build"},
    ("reviewbench.briefing.page", "write_briefing_html"): {"reviewbench.build"},
    ("reviewbench.briefing.deck", "write_deck"): {"reviewbench.build"},
}
# The portfolio sits above the use cases (it builds each review through them); its own outputs are
# written by its steps, called from build_portfolio and the command line only.
WRITERS.update({
    ("reviewbench.portfolio.theme_outputs", "write_themes"): set(),
    ("reviewbench.portfolio.theme_figure", "write_themes_figure"): set(),
    ("reviewbench.portfolio.yearly", "write_yearly"): {"reviewbench.cli"},
})


@pytest.mark.parametrize("module, name", sorted(WRITERS))
@pytest.mark.slow
def test_build_outputs_are_written_only_by_the_use_case_layer(module, name):
    graph = _graph()
    package = module.rsplit(".", 1)[0] if module.count(".") > 1 else module
    users = set()
    for importer in graph.find_modules_that_directly_import(module):
        if importer == package or importer.startswith(package + "."):
            continue                                    # the step's own package (its public re-exports)
        for detail in graph.get_import_details(importer=importer, imported=module):
            if re.search(rf"\b{name}\b", detail["line_contents"]):
                users.add(importer)
    assert users <= WRITERS[(module, name)], f"{name} of {module} is called outside reviewbench.build: {sorted(users)}"
