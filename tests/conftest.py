"""Shared fixtures: small review folders made in tmp_path, the example review built once per run.

Every fixture a test uses lives here (pytest finds it by name): a test file that imports a
fixture gets a second definition, and a session fixture is then set up once per such file.
Plain helpers live in modules named for what they hold (``network_support``, ``text_files``).

Markers (registered in pyproject.toml, ``--strict-markers``):

- ``kernel``: the test starts a Jupyter kernel, itself or through a fixture (papermill, a notebook
  run, ``render_review``, ``reviewbench render/demo/verify``). A test without the marker that starts
  one fails and says so, so ``make test-fast`` never waits for a kernel by mistake.
- ``slow``: any other test over about 0.3 s, its set-up included (find them with
  ``pytest -m "not kernel and not slow and not client" --durations=40``), so that the fast lane takes
  about 40 s on two cores.
- ``client``: the test opens an output in the program people use (LibreOffice, pdftotext,
  Chromium); ``clients.need`` fails it, never skips it, when the program is missing.

``make test`` runs everything in parallel (pytest-xdist); ``make test-fast`` leaves the three out.
Everything a test writes goes under ``tmp_path`` / ``tmp_path_factory``, which xdist makes per
worker: never into examples/, notebooks/, bench/out/, the kernel spec or the user's home.
"""

from __future__ import annotations

import contextlib
import gc
import io
import os
import shutil
import sys
from pathlib import Path

# jsonschema (imported by nbformat) validates the "iri" formats with rfc3987_syntax when it is
# installed, and that module compiles 39 grammars as it is imported: three seconds in every test
# process, for formats no notebook schema uses. Kernels and the tools the tests start are not affected.
sys.modules.setdefault("rfc3987_syntax", None)

import pytest
from jupyter_client.provisioning.local_provisioner import LocalProvisioner

import yaml_files

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "examples" / "child-t"

BASE_CONFIG = {
    "id": "test-review",
    "title": "Test Review (fictional)",
    "methodology": "scie-learning-together",
    "scope": {"start": "2022-01-01", "end": "2022-12-31"},
    "agencies": [
        {"name": "Children's Social Care", "code": "CSC", "aliases": ["CSC", "MASH", "social care"]},
        {"name": "Police", "code": "POL", "aliases": ["constabulary"]},
        {"name": "Health Visiting", "code": "HV", "aliases": ["HV", "health visitor"]},
        {"name": "School", "code": "SCH", "aliases": ["Brookfield Primary"]},
        {"name": "GP", "code": "GP", "aliases": ["Riverside Medical Practice"]},
    ],
}


def make_review(root: Path, **overrides) -> Path:
    """A review folder with review.yaml and empty workspace folders."""
    config = {**BASE_CONFIG, **overrides}
    for name in ("agency_reports", "authored", "private"):
        (root / name).mkdir(parents=True, exist_ok=True)
    (root / "review.yaml").write_text(yaml_files.safe_dump(config, sort_keys=False), encoding="utf-8")
    return root


EXAMPLE_PORTFOLIO = REPO / "examples" / "portfolio"


def copy_example_portfolio(root: Path) -> Path:
    """A private copy of the example portfolio in ``root/portfolio``, with the example review beside it in
    ``root/child-t`` (portfolio.yaml references ../child-t), neither with any build/."""
    skip = shutil.ignore_patterns("build", "workbench.ipynb", ".ipynb_checkpoints")
    shutil.copytree(EXAMPLE, root / "child-t", ignore=skip)
    shutil.copytree(EXAMPLE_PORTFOLIO, root / "portfolio", ignore=skip)
    return root / "portfolio"


@pytest.fixture
def review_dir(tmp_path: Path) -> Path:
    return make_review(tmp_path / "review")


@pytest.fixture
def example_copy(tmp_path: Path) -> Path:
    """A private copy of the bundled example review (without any build/)."""
    target = tmp_path / "child-t"
    shutil.copytree(EXAMPLE, target, ignore=shutil.ignore_patterns("build"))
    return target


@pytest.fixture(scope="session")
def built_example(tmp_path_factory) -> Path:
    """The example review with its chronology built, once per run (``_made_once``), in the run's temporary
    folder (never in examples/). Read it only; copy it (``review``) before changing anything: a test that
    changed it fails the run."""
    from reviewbench.build import run_ingest

    def make(target: Path) -> None:
        shutil.copytree(EXAMPLE, target, ignore=shutil.ignore_patterns("build", "workbench.ipynb"))
        assert run_ingest(target, progress=False).ok      # as 'reviewbench ingest': recorded, so current

    target = _made_once(tmp_path_factory, "workbench", make)
    with _read_only(target, "built example", "review"):
        yield target


@pytest.fixture(scope="session")
def lensed_example(built_example, tmp_path_factory) -> Path:
    """``built_example`` with its lenses run too (build/analysis/, recorded as ``reviewbench lenses`` records
    it), once per run. Read it only; to change anything, copy it (``lensed_copy``): a test that changed
    it fails the run."""
    from reviewbench.build import run_lenses

    def make(target: Path) -> None:
        shutil.copytree(built_example, target)
        run_lenses(target)

    target = _made_once(tmp_path_factory, "lensed", make)
    with _read_only(target, "lensed example", "lensed_copy"):
        yield target


@pytest.fixture
def lensed_copy(lensed_example, tmp_path) -> Path:
    """A private copy of ``lensed_example`` for one test, its build included (its records stay current)."""
    return _private_copy(lensed_example, tmp_path)


@pytest.fixture(scope="session")
def graphed_example(built_example, tmp_path_factory) -> Path:
    """The example with its chronology and network built (what a report reads, without a kernel), once per
    run. Read it only; copy it (``shutil.copytree``) to change anything: a test that changed it fails the run."""
    from reviewbench.build import run_graph

    def make(target: Path) -> None:
        shutil.copytree(built_example, target)
        run_graph(target)

    target = _made_once(tmp_path_factory, "graphed", make)
    with _read_only(target, "graphed example", "shutil.copytree"):
        yield target


def _made_once(tmp_path_factory, name: str, make) -> Path:
    """``name/child-t``, made by ``make(folder)`` once for the whole run: under pytest-xdist the first worker
    to ask makes it in the run's temporary folder, which every worker sees, while the others wait (a file
    lock); the others then use it as it is. Without xdist, in this session's folder. A folder whose making
    failed is made again by the next worker to ask (and fails there too, with its own message)."""
    if "PYTEST_XDIST_WORKER" not in os.environ:
        target = tmp_path_factory.mktemp(name) / "child-t"
        make(target)
        return target
    from filelock import FileLock

    shared = tmp_path_factory.getbasetemp().parent / "shared"      # the run's folder, above each worker's
    shared.mkdir(exist_ok=True)
    target, made = shared / name / "child-t", shared / f"{name}.made"
    with FileLock(shared / f"{name}.lock"):
        if not made.exists():
            shutil.rmtree(target.parent, ignore_errors=True)        # what a failed attempt left
            target.parent.mkdir()
            make(target)
            made.touch()
    return target


def _private_copy(shared: Path, tmp_path: Path) -> Path:
    """A copy of a shared example for one test, its build included (its records stay current)."""
    target = tmp_path / "child-t"
    shutil.copytree(shared, target)
    return target


def _tree_state(folder: Path) -> dict[str, tuple[int, int]]:
    """Size and modification time of every file under ``folder``: what a test that changed it changes."""
    return {p.relative_to(folder).as_posix(): (p.stat().st_size, p.stat().st_mtime_ns)
            for p in sorted(folder.rglob("*")) if p.is_file()}


@contextlib.contextmanager
def _read_only(folder: Path, what: str, copy: str):
    """Around the tests sharing ``folder``: the run fails if one of them changed it (it should use ``copy``)."""
    before = _tree_state(folder)
    yield
    assert _tree_state(folder) == before, f"a test changed the shared {what} in {folder}: copy it first (the {copy} fixture)"


@pytest.fixture(scope="session")
def rendered_example(tmp_path_factory) -> Path:
    """The example review as a reviewer builds it with the commands ``ingest``, ``graph``, ``render`` and
    ``check`` (chronology, network, draft report, quality checks), once per run: a render starts a
    kernel, so every test using it is marked ``kernel``. Read it only; to change anything, copy it
    (``rendered_copy``, or ``shutil.copytree`` in a module fixture): a test that changed it fails the run."""
    from reviewbench.cli import main

    def make(target: Path) -> None:
        shutil.copytree(EXAMPLE, target, ignore=shutil.ignore_patterns("build", "workbench.ipynb"))
        with contextlib.redirect_stdout(io.StringIO()):
            for verb in ("ingest", "graph", "render", "check"):
                assert main([verb, str(target)]) == 0, verb

    target = _made_once(tmp_path_factory, "rendered", make)
    with _read_only(target, "rendered example", "rendered_copy"):
        yield target


@pytest.fixture
def rendered_copy(rendered_example, tmp_path) -> Path:
    """A private copy of ``rendered_example`` for one test, its build included (its records stay current)."""
    return _private_copy(rendered_example, tmp_path)


@pytest.fixture(scope="session")
def templated_review(tmp_path_factory) -> Path:
    """A small review whose intake templates ``reviewbench templates`` has written, once per worker
    (writing every agency's Word and Excel template takes a second or two). Copy it
    (``templates_copy``) before changing anything."""
    from reviewbench.cli import main

    folder = make_review(tmp_path_factory.mktemp("templates") / "review")
    assert main(["templates", str(folder)]) == 0
    return folder


@pytest.fixture
def templates_copy(templated_review, tmp_path) -> Path:
    """A private copy of ``templated_review`` for one test."""
    target = tmp_path / "review"
    shutil.copytree(templated_review, target)
    return target


@pytest.fixture
def review(built_example, tmp_path) -> Path:
    """A private copy of the built example for one test."""
    target = tmp_path / "child-t"
    shutil.copytree(built_example, target)
    return target


@pytest.fixture(scope="session")
def office_profile(tmp_path_factory) -> Path:
    """A LibreOffice user profile for this worker's conversions (``clients.convert``, ``clients.print_updated``).
    LibreOffice makes a profile the first time it starts with one (about half a second of a conversion here);
    the worker's tests convert one after another, so they share it (another worker has its own)."""
    return tmp_path_factory.mktemp("libreoffice-profile")


# -- keeping the user's home and other runs out of it -------------------------------------------------

@pytest.fixture(scope="session", autouse=True)
def private_jupyter_state(tmp_path_factory):
    """A kernel writes its IPython history and Jupyter its connection files under the user's home;
    here they go to this worker's temporary folder, shared with no other worker and no session of
    the user's. (The kernel spec itself is only read: the one ``make install`` put in .venv.)"""
    state = tmp_path_factory.mktemp("jupyter-state")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("IPYTHONDIR", str(state / "ipython"))
        patch.setenv("JUPYTER_RUNTIME_DIR", str(state / "runtime"))
        yield state


class KernelNotMarked(RuntimeError):
    """A test without the ``kernel`` marker tried to start a Jupyter kernel."""


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item, nextitem):
    """Set-up, call and teardown of a test not marked ``kernel`` cannot start a kernel (in this process)."""
    if item.get_closest_marker("kernel") is not None:
        return (yield)

    async def refuse(self, cmd, **kwargs):
        raise KernelNotMarked(f"{item.nodeid} starts a Jupyter kernel (directly or through a fixture): "
                              "mark it @pytest.mark.kernel, so that 'make test-fast' leaves it out")

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(LocalProvisioner, "launch_kernel", refuse)
        return (yield)


_EXAMPLES_BEFORE = pytest.StashKey[dict]()


def _examples_state() -> dict[str, tuple[int, int]]:
    return {path: state for path, state in _tree_state(REPO / "examples").items() if "__pycache__" not in path}


def pytest_sessionstart(session):
    """The bundled examples as the run finds them (in the process running the session, not in each worker)."""
    if not hasattr(session.config, "workerinput"):
        session.config.stash[_EXAMPLES_BEFORE] = _examples_state()


def pytest_sessionfinish(session, exitstatus):
    """The run fails when a test wrote into examples/ (a test writes under its temporary folders only)."""
    before = session.config.stash.get(_EXAMPLES_BEFORE, None)
    if before is None:
        return
    after = _examples_state()
    changed = sorted(path for path in before.keys() | after.keys() if before.get(path) != after.get(path))
    if changed:
        reporter = session.config.pluginmanager.get_plugin("terminalreporter")
        reporter.write_line(
            f"\nA test wrote into {REPO / 'examples'} ({len(changed)} files: {', '.join(changed[:5])}"
            f"{', ...' if len(changed) > 5 else ''}): tests copy an example first (example_copy, "
            "copy_example_portfolio) and write under their temporary folders only.", red=True)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_collection_finish(session):
    """After collection the process holds every test module and the libraries they import, and none of it is
    ever freed: frozen (``gc.freeze``), the collector's full passes no longer walk it, and with a larger
    first generation the collector runs a third as often while tests build their many small frames and
    rows (together about a tenth of a test process's CPU before)."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(10_000, 10, 10)


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    """Under pytest-xdist, the files holding kernel or slow tests go first, so that the long ones start
    at once and the quick ones fill the gaps at the end (with ``--dist loadfile --no-loadscope-reorder``).
    A file's tests keep their order and stay together (a module fixture is built once per worker)."""
    if "PYTEST_XDIST_WORKER" not in os.environ:
        return
    def file_of(item) -> str:
        return item.nodeid.split("::")[0]

    rank: dict[str, int] = {}
    for item in items:
        mine = 0 if item.get_closest_marker("kernel") else 1 if item.get_closest_marker("slow") else 2
        rank[file_of(item)] = min(mine, rank.get(file_of(item), 2))
    items.sort(key=lambda item: rank[file_of(item)])          # stable: each file keeps its order
