"""Make ``docs/workbench.png`` and ``docs/lenses.png``: the workbench in JupyterLab on a copy of the
example review, and its Lenses tab.

Needs Chromium (Debian: ``apt-get install chromium``; no browser is downloaded). Copies
``examples/child-t`` into a temporary folder, builds its chronology and its lenses, tags a few
entries, starts JupyterLab there the way ``reviewbench lab`` does (localhost, token), runs the
workbench notebook in headless Chromium (driven over the DevTools protocol), sets some filters,
picks an entry and a row of the voice lens, and saves a screenshot of the chronology browser, then
one of the Lenses tab. Everything it starts is stopped at the end. tests/test_workbench_lab.py
drives the same session (:func:`lab_page`) to check the Lenses tab in a real JupyterLab.

    .venv/bin/python docs/make_workbench_screenshot.py [--out docs/workbench.png]
        [--lenses-out docs/lenses.png] [--chromium chromium]
"""

from __future__ import annotations

import argparse
import io
import json
import os
import secrets
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import nbformat
import websocket
from PIL import Image

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
    path = workbench_notebook(review)
    nb = nbformat.read(path, as_version=4)
    show = next(i for i, c in enumerate(nb.cells) if "open_workbench" in c.source)
    nb.cells.insert(show + 1, nbformat.v4.new_code_cell(SETUP))
    nbformat.write(nb, path)
    return review


class DevTools:
    """The few DevTools protocol calls needed: evaluate JavaScript, set the viewport, take a screenshot."""

    def __init__(self, port: int):
        targets = json.load(urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=5))
        page = next(t for t in targets if t["type"] == "page")
        self.ws = websocket.create_connection(page["webSocketDebuggerUrl"], timeout=60, suppress_origin=True)
        self.id = 0

    def call(self, method: str, **params):
        self.id += 1
        self.ws.send(json.dumps({"id": self.id, "method": method, "params": params}))
        while True:
            message = json.loads(self.ws.recv())
            if message.get("id") == self.id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})

    def js(self, expression: str):
        result = self.call("Runtime.evaluate", expression=expression, awaitPromise=True, returnByValue=True)
        return result.get("result", {}).get("value")


def chromium_path(given: str | None = None) -> str:
    """The system's Chromium (never a downloaded one), or a sentence saying how to install it."""
    found = given or shutil.which("chromium") or shutil.which("chromium-browser")
    if not found:
        raise FileNotFoundError("Chromium is not installed: install it with 'apt-get install chromium' "
                                "(Debian/Ubuntu), or give --chromium PATH.")
    return found


@contextmanager
def lab_page(review: Path, tmp: Path, chromium: str, width: int = 1400, height: int = 1000) -> Iterator[DevTools]:
    """JupyterLab on ``review`` (as ``reviewbench lab`` starts it) and headless Chromium on its workbench
    notebook, every cell run and the workbench's widgets drawn; both are stopped on leaving."""
    port, devtools_port, token = _port(), _port(), secrets.token_hex(24)
    env = {**os.environ, "JUPYTER_TOKEN": token, "JUPYTER_RUNTIME_DIR": str(tmp / "rt"),
           "JUPYTER_CONFIG_DIR": str(tmp / "cfg"), "JUPYTERLAB_WORKSPACES_DIR": str(tmp / "ws"),
           "JUPYTERLAB_SETTINGS_DIR": str(tmp / "settings")}
    notification = tmp / "settings" / "@jupyterlab" / "apputils-extension" / "notification.jupyterlab-settings"
    notification.parent.mkdir(parents=True)
    notification.write_text('{"fetchNews": "false", "checkForUpdates": false}', encoding="utf-8")
    command = lab_command(review, review / "workbench.ipynb", open_browser=False, port=port,
                          allow_root=os.geteuid() == 0) + ["--LabApp.expose_app_in_browser=True"]
    lab = subprocess.Popen(command, cwd=review, env=env, stdout=(tmp / "lab.log").open("w"),
                           stderr=subprocess.STDOUT, start_new_session=True)
    browser = None
    try:
        _wait("JupyterLab", lambda: urllib.request.urlopen(
            f"http://127.0.0.1:{port}/api/status?token={token}", timeout=2).status == 200)
        browser = subprocess.Popen([
            chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run", "--hide-scrollbars", "--lang=en-GB",
            f"--remote-debugging-port={devtools_port}", f"--user-data-dir={tmp / 'chromium'}",
            f"--window-size={width},{height}", "about:blank"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        _wait("Chromium", lambda: urllib.request.urlopen(f"http://127.0.0.1:{devtools_port}/json/version",
                                                         timeout=2).status == 200)
        tools = DevTools(devtools_port)
        tools.call("Emulation.setDeviceMetricsOverride", width=width, height=height, deviceScaleFactor=1,
                   mobile=False)
        tools.call("Page.navigate", url=f"http://127.0.0.1:{port}/lab/tree/workbench.ipynb?token={token}")
        _wait("the notebook", lambda: tools.js(
            "!!(window.jupyterapp && document.querySelector('.jp-Notebook .jp-Cell') "
            "&& document.querySelector('.jp-Notebook-ExecutionIndicator, .jp-Toolbar-kernelStatus'))"))
        time.sleep(3)                                            # the kernel starts (slower on a loaded machine)
        tools.js("window.jupyterapp.commands.execute('application:toggle-left-area')"
                 " .catch(() => null)") if tools.js(
            "!!document.querySelector('#jp-left-stack:not(.lm-mod-hidden)')") else None
        tools.js("window.jupyterapp.commands.execute('notebook:run-all-cells')")
        _wait("the workbench widgets", lambda: tools.js(
            "!!document.querySelector('.rb-table') && !!document.querySelector('.rb-detail')"), limit=300)
        tools.js("window.jupyterapp.commands.execute('notebook:hide-all-cell-code')")
        time.sleep(2)
        yield tools
    finally:
        if browser is not None:
            browser.terminate()
            browser.wait(20)
        stop_lab(lab)


def show_tab(tools: DevTools, title: str) -> None:
    """Click the workbench's tab called ``title`` with the mouse, as a reviewer does."""
    where = tools.js(
        "(() => { const tab = [...document.querySelectorAll('.rb-workbench .lm-TabBar-tab')]"
        f".find(t => t.textContent.trim() === {json.dumps(title)}); if (!tab) return null; "
        "tab.scrollIntoView({block: 'center'}); const r = tab.getBoundingClientRect(); "
        "return [r.x + r.width / 2, r.y + r.height / 2]; })()")
    if not where:
        raise RuntimeError(f"the workbench has no tab '{title}'")
    x, y = where
    for kind in ("mouseMoved", "mousePressed", "mouseReleased"):
        tools.call("Input.dispatchMouseEvent", type=kind, x=x, y=y, button="left", clickCount=1)
    _wait(f"the tab {title}", lambda: tools.js(
        "[...document.querySelectorAll('.rb-workbench .lm-TabBar-tab.lm-mod-current')]"
        f".some(t => t.textContent.trim() === {json.dumps(title)})"), limit=20)


def screenshot(tools: DevTools, target: str) -> bytes:
    """A PNG of the page with ``target`` (a CSS selector) scrolled to the top."""
    import base64
    tools.js(f"document.querySelector({json.dumps(target)}).scrollIntoView({{block: 'start'}})")
    time.sleep(1)
    return base64.b64decode(tools.call("Page.captureScreenshot", format="png")["data"])


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
        with lab_page(review, tmp, chromium, args.width, args.height) as tools:
            shot = screenshot(tools, ".rb-workbench .widget-tab" if args.view == "workbench" else ".rb-facilitator")
            lenses = None
            if args.view == "workbench" and args.lenses_out:
                show_tab(tools, "Lenses")
                _wait("the Lenses tab", lambda: tools.js(
                    "!!document.querySelector('.rb-lenses .rb-lens table')"), limit=30)
                lenses = screenshot(tools, ".rb-workbench .widget-tab")
    save_png(shot, args.out)
    if lenses is not None:
        save_png(lenses, args.lenses_out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
