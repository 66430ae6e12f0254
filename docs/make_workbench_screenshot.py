"""Make ``docs/workbench.png`` and ``docs/lenses.png``: the workbench in JupyterLab on a copy of the
example review, and its Lenses tab.

Needs Chromium (Debian: ``apt-get install chromium``) and the ``playwright`` Python package (the test
extra), which drives the system's Chromium: no browser is downloaded, never run ``playwright
install``. Copies ``examples/child-t`` into a temporary folder, builds its chronology and its
lenses, tags a few entries, starts JupyterLab there as ``reviewbench lab --no-browser`` does
(localhost, a token it makes), opens the address it prints (the workbench notebook) in headless
Chromium with every request off this computer refused, runs the notebook, sets some filters, picks
an entry and a row of the voice lens, and saves a screenshot of the chronology browser, then one of
the Lenses tab. Everything it starts is stopped at the end. tests/test_workbench_lab.py drives the
same session (:func:`lab_page`) to check the workbench in a real JupyterLab.

    .venv/bin/python docs/make_workbench_screenshot.py [--out docs/workbench.png]
        [--lenses-out docs/lenses.png] [--chromium chromium]
"""

from __future__ import annotations

import argparse
import io
import os
import re
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.parse
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import nbformat
from PIL import Image
from playwright.sync_api import Page, sync_playwright

from reviewbench.build import run_ingest, run_lenses
from reviewbench.workbench import Workbench, lab_command, workbench_notebook
from reviewbench.workbench.lab import stop_lab

REPO = Path(__file__).resolve().parents[1]
SETUP = '''import datetime
browser = workbench.browser
browser.agency.value = ("Children's Social Care", "Police", "Health Visiting", "School")
browser.start.value, browser.end.value = datetime.date(2022, 1, 1), datetime.date(2022, 6, 30)
browser.pick("HV-13b88463")
lenses = workbench.lenses
lenses.lens.value = "voice"
lenses.pick(1)
'''
HAND_COMMENT = "# Agreed at the panel of 3 March 2023 (a note written by hand, kept by every save)."
KERNEL_IDLE = """() => { const widget = window.jupyterapp.shell.currentWidget;
  const kernel = widget && widget.sessionContext && widget.sessionContext.session
    && widget.sessionContext.session.kernel;
  return !!kernel && kernel.status === 'idle'; }"""
PRINTED_URL = re.compile(r"http://127\.0\.0\.1:\d+/\S*\?token=[0-9a-f]+")


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait(what: str, test, limit: float = 90) -> None:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        try:
            if test():
                return
        except (OSError, ValueError, KeyError):
            pass
        time.sleep(0.5)
    raise TimeoutError(f"waited {limit:.0f} s for {what}")


def prepare(folder: Path) -> Path:
    review = folder / "child-t"
    shutil.copytree(REPO / "examples" / "child-t", review, ignore=shutil.ignore_patterns("build", "workbench.ipynb"))
    run_ingest(review, progress=False)
    run_lenses(review)
    wb = Workbench(review)
    wb.tag("HV-13b88463", significance=["key-event", "concern"], themes=["A4", "C1"],
           note="T's own words about being hungry; not followed up by MASH.")
    wb.tag("CSC-42db8de9", significance=["good-practice"], themes=["D1"])
    wb.tag("POL-46e1cc69", significance=["concern"], themes=["B1", "A1"])
    kpes = review / "authored" / "kpes.yaml"
    kpes.write_text(kpes.read_text(encoding="utf-8").replace("kpes:\n", f"{HAND_COMMENT}\nkpes:\n", 1),
                    encoding="utf-8")
    path = workbench_notebook(review)
    nb = nbformat.read(path, as_version=4)
    show = next(i for i, c in enumerate(nb.cells) if "open_workbench" in c.source)
    nb.cells.insert(show + 1, nbformat.v4.new_code_cell(SETUP))
    nbformat.write(nb, path)
    return review


def chromium_path(given: str | None = None) -> str:
    """The system's Chromium (never a downloaded one), or a sentence saying how to install it."""
    found = given or shutil.which("chromium") or shutil.which("chromium-browser")
    if not found:
        raise FileNotFoundError("Chromium is not installed: install it with 'apt-get install chromium' "
                                "(Debian/Ubuntu), or give --chromium PATH.")
    return found


class LabSession:
    """The page of JupyterLab with the workbench drawn, the address JupyterLab printed, and every request
    the page tried to send off this computer (refused)."""

    def __init__(self, page: Page, url: str):
        self.page, self.url = page, url
        self.refused: list[str] = []


def _printed_url(log: Path) -> str | None:
    found = PRINTED_URL.search(log.read_text(encoding="utf-8", errors="replace"))
    return found.group(0) if found else None


@contextmanager
def lab_page(review: Path, tmp: Path, chromium: str, width: int = 1400, height: int = 1000,
             locale: str = "en-GB") -> Iterator[LabSession]:
    """JupyterLab on ``review`` (as ``reviewbench lab --no-browser`` starts it) and headless Chromium on
    the address it prints, every cell of the workbench notebook run and the workbench's widgets drawn;
    both are stopped on leaving. ``locale``: the browser's language (the workbench's dates do not
    depend on it)."""
    port = _port()
    env = {**os.environ, "JUPYTER_RUNTIME_DIR": str(tmp / "rt"), "JUPYTER_CONFIG_DIR": str(tmp / "cfg"),
           "JUPYTERLAB_WORKSPACES_DIR": str(tmp / "ws"), "JUPYTERLAB_SETTINGS_DIR": str(tmp / "settings")}
    env.pop("JUPYTER_TOKEN", None)                                # JupyterLab makes one and prints it
    command = lab_command(review, review / "workbench.ipynb", open_browser=False, port=port,
                          allow_root=os.geteuid() == 0) + ["--LabApp.expose_app_in_browser=True"]
    log = tmp / "lab.log"
    lab = subprocess.Popen(command, cwd=review, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT,
                           start_new_session=True)
    try:
        _wait("JupyterLab to print its address", lambda: _printed_url(log) is not None)
        url = _printed_url(log)
        token = urllib.parse.parse_qs(urllib.parse.urlparse(url).query)["token"][0]
        _wait("JupyterLab", lambda: urllib.request.urlopen(
            f"http://127.0.0.1:{port}/api/status?token={token}", timeout=2).status == 200)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=chromium, headless=True,
                args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                      "--disable-component-update", "--disable-sync", "--no-first-run", "--hide-scrollbars"])
            try:
                context = browser.new_context(viewport={"width": width, "height": height}, locale=locale)
                session = LabSession(context.new_page(), url)
                local = f"http://127.0.0.1:{port}/"

                def only_local(route):
                    if route.request.url.startswith((local, f"ws://127.0.0.1:{port}/", "data:", "blob:")):
                        route.continue_()
                    else:
                        session.refused.append(route.request.url)
                        route.abort()
                context.route("**/*", only_local)
                _run_notebook(session.page, url)
                yield session
            finally:
                browser.close()
    finally:
        stop_lab(lab)


def _run_notebook(page: Page, url: str) -> None:
    """Open ``url`` (the notebook), wait for its kernel, run every cell, wait for the workbench, hide the
    code. (Run before the kernel is up, JupyterLab asks which kernel to start instead.)"""
    page.goto(url)
    page.wait_for_function("!!(window.jupyterapp && document.querySelector('.jp-Notebook .jp-Cell'))",
                           timeout=90_000)
    page.wait_for_function(KERNEL_IDLE, timeout=180_000)
    if page.evaluate("!!document.querySelector('#jp-left-stack:not(.lm-mod-hidden)')"):
        page.evaluate("window.jupyterapp.commands.execute('application:toggle-left-area').catch(() => null)")
    page.evaluate("() => { window.jupyterapp.commands.execute('notebook:run-all-cells'); }")   # not awaited
    page.wait_for_selector(".rb-workbench .rb-table", timeout=300_000)
    page.wait_for_selector(".rb-workbench .rb-detail", timeout=60_000)
    page.evaluate("window.jupyterapp.commands.execute('notebook:hide-all-cell-code')")
    time.sleep(2)


def show_tab(page: Page, title: str) -> None:
    """Click the workbench's tab called ``title`` with the mouse, as a reviewer does."""
    tab = page.locator(".rb-workbench .lm-TabBar-tab").filter(has_text=re.compile(rf"^\s*{re.escape(title)}\s*$"))
    tab.first.click()
    page.locator(".rb-workbench .lm-TabBar-tab.lm-mod-current").filter(
        has_text=re.compile(rf"^\s*{re.escape(title)}\s*$")).wait_for(timeout=20_000)


def screenshot(page: Page, target: str) -> bytes:
    """A PNG of the page with ``target`` (a CSS selector) scrolled to the top."""
    page.evaluate("target => document.querySelector(target).scrollIntoView({block: 'start'})", target)
    time.sleep(1)
    return page.screenshot(type="png")


def save_png(shot: bytes, out: Path) -> None:
    image = Image.open(io.BytesIO(shot)).convert("RGB")
    image = image.quantize(colors=128, method=Image.Quantize.MEDIANCUT)     # a screenshot needs few colours
    out.parent.mkdir(parents=True, exist_ok=True)
    image.save(out, optimize=True)
    print(f"Wrote {out} ({out.stat().st_size / 1024:,.0f} KiB)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "workbench.png")
    parser.add_argument("--lenses-out", type=Path, default=REPO / "docs" / "lenses.png")
    parser.add_argument("--chromium", default=None)
    parser.add_argument("--width", type=int, default=1400)
    parser.add_argument("--height", type=int, default=1000)
    parser.add_argument("--view", choices=("workbench", "facilitator"), default="workbench",
                        help="the workbench (default) or the learning-event view")
    args = parser.parse_args(argv)
    chromium = chromium_path(args.chromium)

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        review = prepare(tmp)
        with lab_page(review, tmp, chromium, args.width, args.height) as session:
            page = session.page
            shot = screenshot(page, ".rb-workbench .widget-tab" if args.view == "workbench" else ".rb-facilitator")
            lenses = None
            if args.view == "workbench" and args.lenses_out:
                show_tab(page, "Lenses")
                page.wait_for_selector(".rb-lenses .rb-lens table", timeout=30_000)
                lenses = screenshot(page, ".rb-workbench .widget-tab")
    save_png(shot, args.out)
    if lenses is not None:
        save_png(lenses, args.lenses_out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
