"""reviewbench installed from a wheel works like a checkout: shared folders found, demo copied, kernel registered.

The slow tests build a wheel of this repository (offline: no build isolation, no index), install it
into a fresh virtual environment that sees the development environment's packages through a .pth
file but not the repository, and run ``python -m reviewbench.cli demo`` in an empty folder.
"""

from __future__ import annotations

import glob
import importlib.util
import json
import os
import shutil
import stat
import subprocess
import sys
import sysconfig
import tempfile
import tomllib
import zipfile
from pathlib import Path

# jupyter_core reads sys.prefix once, when first imported: imported here, before a test changes it.
import ipykernel.kernelspec  # noqa: F401
import pytest
from jupyter_client.kernelspec import KernelSpecManager
from jupyter_core.paths import jupyter_path

from reviewbench import resources, workspace
from reviewbench.errors import ReviewbenchError
from reviewbench.render import execute

REPO = Path(__file__).resolve().parents[1]
SHARE = "share/reviewbench"
NOT_SHIPPED = {"build", "__pycache__", ".ipynb_checkpoints"}     # generated in a checkout, never data
DEMO_LIMIT_S = 600


# -- which files the wheel must carry --------------------------------------------------------------

def _shared_files_in_repository() -> set[str]:
    """Every file of the shared folders as the repository holds them (generated ones left out)."""
    found = set()
    for top in ("methodology", "notebooks", "templates", f"examples/{resources.EXAMPLE}", "examples/portfolio"):
        for path in (REPO / top).rglob("*"):
            relative = path.relative_to(REPO)
            if (path.is_file() and not NOT_SHIPPED & set(relative.parts) and not path.name.startswith(".")
                    and relative.as_posix() != f"examples/{resources.EXAMPLE}/workbench.ipynb"):
                found.add(relative.as_posix())
    return found


def _declared_data_files() -> set[str]:
    """pyproject's [tool.setuptools.data-files] expanded as setuptools does (globs relative to the repository)."""
    table = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]["data-files"]
    installed = set()
    for destination, patterns in table.items():
        assert destination.startswith(SHARE), destination
        for pattern in patterns:
            for source in glob.glob(str(REPO / pattern)):
                assert Path(source).is_file(), f"{pattern} matches the folder {source}: data-files takes files only"
                installed.add(f"{destination[len(SHARE) + 1:]}/{Path(source).name}")
                assert Path(source).relative_to(REPO).parent.as_posix() == destination[len(SHARE) + 1:], pattern
    return installed


def test_the_wheel_declares_every_shared_file_in_its_own_folder():
    missing = _shared_files_in_repository() - _declared_data_files()
    assert not missing, f"add these to [tool.setuptools.data-files] in pyproject.toml: {sorted(missing)}"


# -- finding the shared folders ----------------------------------------------------------------------

def test_a_checkout_reads_the_folders_of_the_repository():
    assert resources.in_checkout()
    assert resources.resources_root() == REPO
    assert resources.methodology_dir() == REPO / "methodology"
    assert resources.notebooks_dir() == REPO / "notebooks"
    assert resources.templates_dir() == REPO / "templates"
    assert resources.example_dir() == REPO / "examples" / "child-t"
    assert workspace.example_review() == REPO / "examples" / "child-t"


def _fake_package(site_dir: Path) -> Path:
    package = site_dir / "reviewbench"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("")
    return package


def _no_environment_share(monkeypatch, tmp_path):
    """sys.prefix and the user base pointing at empty folders: an editable install may have put
    share/reviewbench into the real ones."""
    monkeypatch.setattr(sys, "prefix", str(tmp_path / "no-prefix"))
    monkeypatch.setattr(resources.site, "getuserbase", lambda: str(tmp_path / "no-userbase"))


def test_an_install_with_pip_target_finds_share_next_to_the_package(tmp_path, monkeypatch):
    _no_environment_share(monkeypatch, tmp_path)
    package = _fake_package(tmp_path / "site")
    (tmp_path / "site" / "share" / "reviewbench" / "methodology").mkdir(parents=True)
    assert resources.checkout_root(package) is None
    assert resources.find_root(package) == tmp_path / "site" / "share" / "reviewbench"


def test_an_install_into_an_environment_finds_share_where_the_wheel_record_says(tmp_path, monkeypatch):
    _no_environment_share(monkeypatch, tmp_path)
    prefix = tmp_path / "env"
    site_dir = prefix / "lib" / "python3.11" / "site-packages"
    package = _fake_package(site_dir)
    info = site_dir / "reviewbench-0.1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: reviewbench\nVersion: 0.1.0\n")
    (info / "RECORD").write_text("reviewbench/__init__.py,,\n"
                                 "../../../share/reviewbench/methodology/rca/method.yaml,,\n")
    (prefix / "share" / "reviewbench" / "methodology" / "rca").mkdir(parents=True)
    assert resources.find_root(package) == prefix / "share" / "reviewbench"


def test_a_checkout_is_the_package_in_lib_of_a_project_not_any_folder_with_a_pyproject(tmp_path, monkeypatch):
    _no_environment_share(monkeypatch, tmp_path)
    (tmp_path / "pyproject.toml").write_text("")
    (tmp_path / "methodology").mkdir()
    package = _fake_package(tmp_path / "site")
    with pytest.raises(ReviewbenchError) as caught:
        resources.find_root(package)
    message = str(caught.value)
    assert "shared folders" in message and str(tmp_path / "site" / "share" / "reviewbench") in message
    assert "pip install --force-reinstall reviewbench" in message
    checkout = _fake_package(tmp_path / "lib")
    assert resources.find_root(checkout) == tmp_path


# -- the demo outside a checkout ---------------------------------------------------------------------

@pytest.fixture
def installed_example(tmp_path, monkeypatch):
    """reviewbench as if installed: the example is read-only shared data, with a build/ of its own."""
    example = tmp_path / "share" / "examples" / "child-t"
    (example / "agency_reports").mkdir(parents=True)
    (example / "review.yaml").write_text("id: child-t\n")
    (example / "agency_reports" / "police.csv").write_text("Date,Summary\n")
    (example / "build").mkdir()
    (example / "build" / "report.html").write_text("stale")
    for path in (example / "review.yaml", example / "agency_reports" / "police.csv"):
        path.chmod(0o444)
    monkeypatch.setattr(resources, "in_checkout", lambda: False)
    monkeypatch.setattr(resources, "example_dir", lambda name="child-t": example)
    return example


def test_installed_demo_copies_the_example_into_the_current_folder_once(installed_example, tmp_path, monkeypatch):
    here = tmp_path / "here"
    here.mkdir()
    monkeypatch.chdir(here)
    folder = workspace.demo_review()
    assert folder == here / "child-t"
    assert (folder / "review.yaml").read_text() == "id: child-t\n"
    assert (folder / "agency_reports" / "police.csv").stat().st_mode & stat.S_IWUSR   # the copy is the user's
    assert not (folder / "build").exists()
    assert "reviewbench demo" in (folder / workspace.DEMO_MARKER).read_text()
    assert [p.name for p in here.iterdir()] == ["child-t"]                          # no staging folder left
    (folder / "review.yaml").write_text("id: child-t\ntitle: changed\n")
    assert workspace.demo_review() == folder                                         # built again, as it is
    assert "changed" in (folder / "review.yaml").read_text()


def test_installed_demo_never_touches_a_child_t_folder_it_did_not_make(installed_example, tmp_path):
    mine = tmp_path / "child-t"
    mine.mkdir()
    (mine / "notes.txt").write_text("mine")
    with pytest.raises(ReviewbenchError) as caught:
        workspace.demo_review(tmp_path)
    assert "already exists and was not made by 'reviewbench demo'" in str(caught.value)
    assert [p.name for p in mine.iterdir()] == ["notes.txt"]


def test_demo_in_a_checkout_builds_the_example_in_place(tmp_path):
    assert workspace.demo_review(tmp_path) == REPO / "examples" / "child-t"
    assert not (tmp_path / "child-t").exists()


def test_installed_demo_copies_the_example_portfolio_beside_the_example_review(tmp_path, monkeypatch):
    share = tmp_path / "share" / "examples"
    (share / "portfolio" / "child-q" / "build").mkdir(parents=True)
    (share / "portfolio" / "portfolio.yaml").write_text("reviews: [{path: ../child-t}, {path: child-q}]\n")
    (share / "portfolio" / "child-q" / "review.yaml").write_text("id: child-q\n")
    (share / "portfolio" / "child-q" / "build" / "report.html").write_text("stale")
    monkeypatch.setattr(resources, "in_checkout", lambda: False)
    monkeypatch.setattr(resources, "example_dir", lambda name="child-t": share / name)
    here = tmp_path / "here"
    here.mkdir()
    folder = workspace.demo_portfolio(here)
    assert folder == here / "portfolio"
    assert (folder / "child-q" / "review.yaml").read_text() == "id: child-q\n"
    assert not (folder / "child-q" / "build").exists()                    # a build/ below the top is left too
    assert (folder / workspace.DEMO_MARKER).is_file() and workspace.demo_portfolio(here) == folder
    (here / "other").mkdir()
    (here / "other" / "portfolio").mkdir()
    with pytest.raises(ReviewbenchError, match="was not made by 'reviewbench demo', so the example portfolio"):
        workspace.demo_portfolio(here / "other")


# -- the kernel --------------------------------------------------------------------------------------

def _kernel_manager(prefix: Path):
    return KernelSpecManager(kernel_dirs=[str(prefix / "share" / "jupyter" / "kernels")])


@pytest.fixture
def own_temp(tmp_path, monkeypatch) -> Path:
    """The temporary folder of this test alone (ipykernel stages a kernel spec in the system's)."""
    folder = tmp_path / "temp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def test_a_missing_kernel_is_installed_for_this_python_in_its_environment(tmp_path, own_temp, monkeypatch, capsys):
    prefix = tmp_path / "env"
    monkeypatch.setattr(sys, "prefix", str(prefix))                 # the default: this Python's environment
    execute.check_kernel(_kernel_manager(prefix))
    assert not list(own_temp.iterdir())                              # ipykernel's staging folder is not left
    spec = json.loads((prefix / "share" / "jupyter" / "kernels" / "reviewbench" / "kernel.json").read_text())
    assert spec["argv"][0] == sys.executable and "ipykernel_launcher" in spec["argv"]
    assert spec["display_name"] == "reviewbench" and spec["language"] == "python"
    assert "Installed the Jupyter kernel 'reviewbench'" in capsys.readouterr().err
    monkeypatch.setattr(execute, "install_kernel", lambda *a: pytest.fail("installed twice"))
    execute.check_kernel(_kernel_manager(prefix))                    # found: nothing more to do


def test_a_kernel_that_cannot_be_installed_says_how_to_install_it(tmp_path, own_temp):
    prefix = tmp_path / "env"
    prefix.mkdir()
    (prefix / "share").write_text("a file where the folder should be")
    with pytest.raises(ReviewbenchError) as caught:
        execute.check_kernel(_kernel_manager(prefix), prefix)
    assert not list(own_temp.iterdir())                              # nor the spec it staged there
    message = str(caught.value)
    assert "could not be installed" in message
    assert "python -m ipykernel install --sys-prefix --name reviewbench" in message


# -- the real thing: a wheel, installed, run outside the repository ---------------------------------

def _can_build_wheels() -> bool:
    import setuptools
    major, minor = (int(part) for part in setuptools.__version__.split(".")[:2])
    return (major, minor) >= (70, 1) or importlib.util.find_spec("wheel") is not None


def _run(command: list, **kwargs) -> subprocess.CompletedProcess:
    done = subprocess.run(command, capture_output=True, text=True, **kwargs)
    assert done.returncode == 0, f"{command} exited {done.returncode}:\n{done.stdout}\n{done.stderr}"
    return done


def _pip(python, verb: str, *args: str, env: dict | None = None) -> None:
    """pip offline: no index, no dependencies (they are this environment's), nothing cached in the home."""
    _run([str(python), "-m", "pip", verb, "--no-deps", "--no-index", "--no-cache-dir", "--quiet", *args], env=env)


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """A wheel built from a copy of the repository (an in-tree build would write build/ into it)."""
    if not _can_build_wheels():
        pytest.fail("setuptools here is older than 70.1 and 'wheel' is missing, so no wheel can be built "
                    "offline: run 'make install' (it upgrades setuptools)")
    work = tmp_path_factory.mktemp("wheel")
    source = work / "source"
    skip = shutil.ignore_patterns(*NOT_SHIPPED, "*.egg-info", "workbench.ipynb")
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(REPO / name, source / name)
    for name in ("lib", "methodology", "notebooks", "templates"):
        shutil.copytree(REPO / name, source / name, ignore=shutil.ignore_patterns(*NOT_SHIPPED, "*.egg-info"))
    shutil.copytree(REPO / "examples" / "child-t", source / "examples" / "child-t", ignore=skip)
    shutil.copytree(REPO / "examples" / "portfolio", source / "examples" / "portfolio", ignore=skip)
    _pip(sys.executable, "wheel", "--no-build-isolation", "-w", str(work / "dist"), str(source))
    return next((work / "dist").glob("reviewbench-*.whl"))


@pytest.fixture(scope="module")
def fresh_venv(wheel, tmp_path_factory) -> Path:
    """A new virtual environment with the wheel installed. It sees this environment's packages (a .pth
    file) but neither the repository nor its kernel spec: what `pip install reviewbench` gives a user."""
    venv = tmp_path_factory.mktemp("venv") / "venv"
    _run([sys.executable, "-m", "venv", "--without-pip", str(venv)])
    python = venv / "bin" / "python"
    site_dir = Path(_run([str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"]).stdout.strip())
    ours = dict.fromkeys([sysconfig.get_path("purelib"), sysconfig.get_path("platlib")])
    (site_dir / "reviewbench-test-packages.pth").write_text("\n".join(ours) + "\n")
    # nbconvert's own templates, where pip would have put them had it installed nbconvert there
    lab = next(Path(p) for p in jupyter_path("nbconvert", "templates") if (Path(p) / "lab").is_dir())
    (venv / "share" / "jupyter").mkdir(parents=True)
    (venv / "share" / "jupyter" / "nbconvert").symlink_to(lab.parent)
    _pip(python, "install", "--ignore-installed", str(wheel), env=_clean_env(venv))   # never touches .venv's
    return venv


def _clean_env(venv: Path) -> dict:
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "JUPYTER_PATH", "JUPYTER_PREFER_ENV_PATH")}
    env["JUPYTER_DATA_DIR"] = str(venv.parent / "jupyter-user")         # no user-level kernel specs
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    return env


@pytest.mark.slow
def test_the_wheel_carries_every_shared_file(wheel):
    with zipfile.ZipFile(wheel) as archive:
        marker = f".data/data/{SHARE}/"
        shipped = {name.split(marker, 1)[1] for name in archive.namelist() if marker in name}
    assert shipped == _shared_files_in_repository()


@pytest.mark.kernel                     # in a subprocess: conftest cannot see it, the marker says it
@pytest.mark.slow
def test_pip_installed_demo_runs_in_an_empty_folder_without_the_repository(fresh_venv, tmp_path):
    python = fresh_venv / "bin" / "python"
    env = _clean_env(fresh_venv)
    where = _run([str(python), "-c", "import reviewbench.resources as r; print(r.__file__); print(r.resources_root())"],
                 cwd=tmp_path, env=env).stdout.split()
    assert Path(where[0]).is_relative_to(fresh_venv) and not Path(where[0]).is_relative_to(REPO)
    assert Path(where[1]) == fresh_venv / "share" / "reviewbench"

    done = subprocess.run([str(python), "-m", "reviewbench.cli", "demo"], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=DEMO_LIMIT_S)
    assert done.returncode == 0, done.stdout + done.stderr
    build = tmp_path / "child-t" / "build"
    for name in ("report.html", "report.docx", "chronology.xlsx", "manifest.json"):
        assert (build / name).is_file(), name
    for name in ("chronology.xlsx", "ingest_report.md", "network", "report.html", "report.docx"):
        assert str(build / name) in done.stdout, name
    assert "Installed the Jupyter kernel 'reviewbench'" in done.stderr
    # then the example portfolio, copied beside child-t/, whose copy it builds (../child-t): its reviews
    # built (the example review's report already current), not rendered
    portfolio = tmp_path / "portfolio"
    assert f"Example portfolio (fictional): {portfolio}" in done.stdout
    assert f"Portfolio: {portfolio / 'build'} (reviewbench portfolio {portfolio} builds it again)" in done.stdout
    listed = [line.split(": ")[0].split("] ") for line in done.stdout.splitlines() if line.startswith("[")]
    assert [count for count, _ in listed] == ["[1/4", "[2/4", "[3/4", "[4/4"]
    assert sorted(name for _, name in listed) == ["audit-neglect-2026", "child-q", "child-r", "child-t"]
    assert "/4] audit-neglect-2026: built audit" in done.stdout
    assert (portfolio / "build" / "actions.csv").is_file() and (portfolio / "build" / "actions.xlsx").is_file()
    assert (portfolio / "child-r" / "build" / "chronology.csv").is_file()
    assert not (portfolio / "child-q" / "build" / "report.html").exists()
    spec = json.loads((fresh_venv / "share" / "jupyter" / "kernels" / "reviewbench" / "kernel.json").read_text())
    assert spec["argv"][0] == str(python)
    assert not (fresh_venv / "share" / "reviewbench" / "examples" / "child-t" / "build").exists()


@pytest.mark.slow
def test_pip_install_target_finds_its_shared_folders_next_to_the_package(wheel, fresh_venv, tmp_path):
    site_dir = tmp_path / "site"
    _pip(sys.executable, "install", "--target", str(site_dir), str(wheel))
    env = {**_clean_env(fresh_venv), "PYTHONPATH": str(site_dir)}
    where = _run([str(fresh_venv / "bin" / "python"), "-c",
                  "import reviewbench.resources as r; print(r.__file__); print(r.example_dir())"],
                 cwd=tmp_path, env=env).stdout.split()
    assert Path(where[0]).is_relative_to(site_dir)
    assert Path(where[1]) == site_dir / "share" / "reviewbench" / "examples" / "child-t"
    assert (Path(where[1]) / "review.yaml").is_file()
