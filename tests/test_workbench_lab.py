"""``reviewbench lab DIR``: the command line, the review's own notebook, one real start on localhost, and
the workbench in a real JupyterLab driven by Playwright in the system's headless Chromium (the session
that makes the README's screenshots, docs/make_workbench_screenshot.py): the address printed, no news
prompt, the Lenses tab, filters by agency, text and typed dates, and a KPE saved from the form."""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from types import SimpleNamespace

import nbformat
import pandas as pd
import pytest

import yaml_files
from clients import need
from reviewbench.errors import ReviewbenchError
from reviewbench.workbench import Workbench, lab, lab_command, launch_lab, workbench_notebook
from text_files import read


def expect(locator):
    """Playwright's ``expect``, imported when a test first waits on the page: collecting this file in every
    test process (both lanes) does not load Playwright (about 0.4 s)."""
    from playwright.sync_api import expect as playwright_expect

    return playwright_expect(locator)


START_LIMIT_S = 60
SCREENSHOT_SCRIPT = Path(__file__).resolve().parents[1] / "docs" / "make_workbench_screenshot.py"


def test_command_listens_on_localhost_keeps_the_token_and_fetches_nothing(tmp_path):
    notebook = tmp_path / "workbench.ipynb"
    command = lab_command(tmp_path, notebook, open_browser=False, port=8899)
    assert command[:3] == [sys.executable, "-m", "jupyterlab"]
    assert "--ServerApp.ip=127.0.0.1" in command
    assert f"--notebook-dir={tmp_path.resolve()}" in command and command[-1] == str(notebook.resolve())
    assert not any("token" in part.lower() or "password" in part.lower() for part in command)
    assert not any("allow_remote_access" in part or "0.0.0.0" in part for part in command)
    assert {"--LabApp.news_url=None", "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
            "--LabApp.extension_manager=readonly", "--no-browser", "--ServerApp.port=8899",
            "--ServerApp.port_retries=0"} <= set(command)
    opened = lab_command(tmp_path, notebook)
    assert "--no-browser" not in opened and not any(p.startswith("--ServerApp.port") for p in opened)
    assert "--allow-root" not in opened and "--allow-root" in lab_command(tmp_path, notebook, allow_root=True)


def test_the_address_printed_opens_the_review_s_notebook_not_the_launcher(tmp_path):
    command = lab_command(tmp_path, tmp_path / "my notebooks" / "workbench.ipynb", open_browser=False)
    assert "--LabApp.default_url=/lab/tree/my%20notebooks/workbench.ipynb" in command
    with pytest.raises(ReviewbenchError, match="is not inside the review folder"):
        lab_command(tmp_path / "review", tmp_path / "elsewhere.ipynb")


def test_the_news_toast_is_turned_off_by_the_notification_plugin_s_settings(tmp_path):
    command = lab_command(tmp_path, tmp_path / "workbench.ipynb")
    folder = Path(next(p for p in command if p.startswith("--LabApp.app_settings_dir=")).split("=", 1)[1])
    overrides = json.loads(read(folder / "overrides.json"))
    assert overrides["@jupyterlab/apputils-extension:notification"] == {"fetchNews": "false",
                                                                         "checkForUpdates": False}


def test_the_review_gets_its_own_notebook_once_and_it_is_never_overwritten(review):
    path = workbench_notebook(review)
    assert path == review / "workbench.ipynb"
    nb = nbformat.read(path, as_version=4)
    parameters = next(c for c in nb.cells if "parameters" in c.metadata.get("tags", []))
    assert parameters.source.startswith('review_dir = "."')
    assert nb.metadata["kernelspec"]["name"] == "reviewbench"
    assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code")
    path.write_text(read(path).replace("Review workbench", "My own notes"), encoding="utf-8")
    mine = read(path)
    assert workbench_notebook(review) == path and read(path) == mine


def test_launch_lab_checks_the_review_and_runs_the_command(review, tmp_path, monkeypatch):
    started = {}

    class FakeProcess:
        def __init__(self, command, cwd, env):
            started.update(command=command, cwd=cwd, env=env)

        def wait(self, timeout=None):
            return 0

    monkeypatch.setattr(lab.subprocess, "Popen", FakeProcess)
    assert launch_lab(review, open_browser=False, port=8123) == 0
    assert started["cwd"] == review.resolve() and (review / "workbench.ipynb").exists()
    assert started["command"] == lab_command(review, review / "workbench.ipynb", open_browser=False, port=8123)
    assert started["env"]["REVIEWBENCH_REVIEW_DIR"] == str(review.resolve())
    with pytest.raises(ReviewbenchError, match="not a folder"):
        launch_lab(tmp_path / "nowhere")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _status(port: int, path: str, token: str | None) -> int:
    headers = {"Authorization": f"token {token}"} if token else {}
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers=headers)
    try:
        with urllib.request.build_opener(_NoRedirect).open(request, timeout=5) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code


def _defaults(port: int, token: str, plugin: str) -> dict:
    """A plugin's default settings as JupyterLab gives them to the page (with the overrides)."""
    request = urllib.request.Request(f"http://127.0.0.1:{port}/lab/api/settings/{plugin}",
                                     headers={"Authorization": f"token {token}"})
    with urllib.request.urlopen(request, timeout=10) as response:
        schema = json.load(response)["schema"]
    return {key: spec.get("default") for key, spec in schema["properties"].items()}


def _other_addresses() -> list[str]:
    """This machine's addresses other than loopback (those the server must not answer on)."""
    found = set()
    try:
        for info in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET):
            found.add(info[4][0])
    except OSError:
        pass
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:     # the outgoing interface (no packet sent)
        try:
            s.connect(("192.0.2.1", 9))
            found.add(s.getsockname()[0])
        except OSError:
            pass
    return sorted(a for a in found if not a.startswith("127."))


@pytest.mark.slow
def test_jupyterlab_really_starts_on_localhost_with_token_authentication(review, tmp_path):
    port, token = _free_port(), secrets.token_hex(24)
    command = lab_command(review, workbench_notebook(review), open_browser=False, port=port,
                          allow_root=hasattr(os, "geteuid") and os.geteuid() == 0)
    env = {**os.environ, "JUPYTER_TOKEN": token, "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime"),
           "JUPYTER_CONFIG_DIR": str(tmp_path / "config"), "JUPYTERLAB_WORKSPACES_DIR": str(tmp_path / "workspaces"),
           "JUPYTERLAB_SETTINGS_DIR": str(tmp_path / "settings")}
    log = (tmp_path / "lab.log").open("w")
    process = subprocess.Popen(command, cwd=review, env=env, stdout=log, stderr=subprocess.STDOUT,
                               start_new_session=True)
    try:
        deadline = time.monotonic() + START_LIMIT_S
        while True:
            assert process.poll() is None, f"JupyterLab stopped: {(tmp_path / 'lab.log').read_text()[-2000:]}"
            assert time.monotonic() < deadline, "JupyterLab did not answer within 60 s"
            try:
                if _status(port, "/api/status", token) == 200:
                    break
            except (urllib.error.URLError, OSError):
                time.sleep(0.25)
        assert _status(port, "/api/contents/workbench.ipynb?content=0", token) == 200   # the notebook is reachable
        printed = (tmp_path / "lab.log").read_text(encoding="utf-8")
        assert f"http://127.0.0.1:{port}/lab/tree/workbench.ipynb?token=" in printed       # not /lab (the Launcher)
        assert _defaults(port, token, "@jupyterlab/apputils-extension:notification")["fetchNews"] == "false"
        assert _status(port, "/api/contents/workbench.ipynb?content=0", None) == 403    # not without the token
        assert _status(port, "/api/status", "wrong-token") == 403
        assert _status(port, "/lab/tree/workbench.ipynb", None) in (302, 403)            # to the login page
        for address in _other_addresses():
            with pytest.raises(OSError):
                socket.create_connection((address, port), timeout=2).close()
    finally:
        process.terminate()
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


def _screenshot_session():
    """docs/make_workbench_screenshot.py as a module: its example review and its JupyterLab session."""
    spec = importlib.util.spec_from_file_location("make_workbench_screenshot", SCREENSHOT_SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# -- the workbench in a real JupyterLab, driven by Playwright in the system's Chromium -----------------------
# One JupyterLab session (one kernel) for all of them: the session of the README's screenshots, in a browser
# whose language is US English (the workbench's dates must not follow it) and that may send nothing off
# this computer. The tests run in this order and share the page.

@pytest.fixture(scope="module")
def in_lab(tmp_path_factory):
    need("chromium")                            # the system's Chromium: 'apt-get install chromium' (.ci/run does)
    script = _screenshot_session()
    tmp = tmp_path_factory.mktemp("lab")
    review = script.prepare(tmp)
    kpes = read(review / "authored" / "kpes.yaml")
    with script.lab_page(review, tmp, script.chromium_path(), locale="en-US") as session:
        yield SimpleNamespace(script=script, session=session, page=session.page, review=review, kpes=kpes,
                              wb=Workbench(review))


def _count(page) -> str:
    return page.locator(".rb-count").filter(visible=True).inner_text()


def _overflowing(page) -> list[str]:
    """The visible buttons of the workbench whose label does not fit (cut off with '...')."""
    return page.evaluate("""() => [...document.querySelectorAll('.rb-workbench button')]
        .filter(b => b.offsetParent !== null && b.scrollWidth > b.clientWidth + 1)
        .map(b => b.textContent.trim())""")


@pytest.mark.kernel
@pytest.mark.slow
@pytest.mark.client
def test_the_address_jupyterlab_prints_opens_the_workbench_without_the_news_prompt(in_lab):
    assert "/lab/tree/workbench.ipynb?token=" in in_lab.session.url        # as 'reviewbench lab --no-browser' prints
    assert urllib.parse.urlparse(in_lab.page.url).path == "/lab/tree/workbench.ipynb"
    assert in_lab.page.locator(".jp-Launcher").count() == 0
    assert in_lab.page.locator(".rb-workbench").count() == 1
    text = in_lab.page.evaluate("document.body.innerText")
    assert "Jupyter news" not in text and "receive official" not in text


@pytest.mark.kernel
@pytest.mark.slow
@pytest.mark.client
def test_the_lenses_tab_opens_in_real_jupyterlab_and_shows_the_rows_of_the_example(in_lab):
    voice = pd.read_csv(in_lab.review / "build" / "analysis" / "voice.csv", dtype=str, keep_default_na=False)
    page = in_lab.page
    in_lab.script.show_tab(page, "Lenses")
    page.wait_for_selector(".rb-lenses .rb-lens td.rb-id", timeout=60_000)
    keys = page.locator(".rb-lenses .rb-lens td.rb-id").all_inner_texts()
    text = page.locator(".rb-lenses").inner_text()
    assert keys == [f"voice:{i}" for i in range(1, len(voice) + 1)] and len(keys) > 3
    assert page.locator(".rb-lenses").is_visible() and "who heard them and what happened next" in text
    assert "Lee shouts" in text                                 # the child's words, as the health visitor recorded
    assert "[voice:2]" in text and "Entry HV-2a01b741" in text  # the row picked, and its entry's detail


@pytest.mark.kernel
@pytest.mark.slow
@pytest.mark.client
def test_filtering_by_agency_text_and_dates_typed_day_first_in_a_us_english_browser(in_lab):
    page, wb = in_lab.page, in_lab.wb
    in_lab.script.show_tab(page, "Chronology")
    page.locator(".rb-workbench button").filter(visible=True).filter(has_text="Clear filters").click()
    expect(page.locator(".rb-count").filter(visible=True)).to_contain_text(f"of {len(wb.chronology)} (page")
    agencies = page.locator(".rb-agencies select").filter(visible=True)
    assert agencies.evaluate("s => s.options.length") == 9
    assert agencies.evaluate("s => s.scrollHeight <= s.clientHeight")          # all nine without scrolling
    police = len(wb.filter(agency="Police"))
    agencies.select_option(label=f"Police ({police})")
    expect(page.locator(".rb-count").filter(visible=True)).to_contain_text(f"of {police} (page")
    page.locator(".rb-text input").filter(visible=True).fill("child")
    found = len(wb.filter(agency="Police", text="child"))
    assert 0 < found < police
    expect(page.locator(".rb-count").filter(visible=True)).to_contain_text(f"of {found} (page")
    page.locator(".rb-from input").filter(visible=True).fill("01/03/2022")      # 1 March, in any browser
    page.locator(".rb-to input").filter(visible=True).fill("30/11/2022")
    dated = wb.filter(agency="Police", text="child", start="2022-03-01", end="2022-11-30")
    assert 0 < len(dated) < found
    expect(page.locator(".rb-count").filter(visible=True)).to_contain_text(f"of {len(dated)} (page")
    rows = page.locator(".rb-table tbody tr").filter(visible=True)
    assert [r.split("\n")[0] for r in rows.locator("td:nth-child(1)").all_inner_texts()] == list(dated["date"])
    assert page.locator(".rb-workbench input[type=date]").count() == 0
    page.locator(".rb-to input").filter(visible=True).fill("01/01/2022")        # before the start
    empty = page.locator(".rb-empty").filter(visible=True)
    expect(empty).to_contain_text("No entries shown")
    expect(empty).to_contain_text("before the start date")
    assert rows.count() == 0
    assert _overflowing(page) == []


@pytest.mark.kernel
@pytest.mark.slow
@pytest.mark.client
def test_a_kpe_saved_from_the_form_is_written_to_kpes_yaml_keeping_the_comments(in_lab):
    page = in_lab.page
    in_lab.script.show_tab(page, "KPEs")
    form = page.locator(".rb-kpe-form")
    new_id = in_lab.wb.next_id("kpe")
    form.get_by_placeholder("A short title").fill("The school's call about T's lunches")
    form.get_by_placeholder("dd/mm/yyyy").first.fill("07/06/2022")
    form.get_by_placeholder("entry ids, one per line").fill("SCH-2b8e3a31\nSCH-a193ea1f")
    form.get_by_placeholder("Appraisal of practice", exact=False).fill("Prompt and specific.")
    assert _overflowing(page) == []
    form.locator("button").filter(has_text="Save KPE").click()
    expect(form).to_contain_text(f"Saved KPE {new_id} to authored/kpes.yaml.", timeout=60_000)
    text = read(in_lab.review / "authored" / "kpes.yaml")
    saved = {k["id"]: k for k in yaml_files.safe_load(text)["kpes"]}[new_id]
    assert saved == {"id": new_id, "title": "The school's call about T's lunches", "start": dt.date(2022, 6, 7),
                     "entries": ["SCH-2b8e3a31", "SCH-a193ea1f"], "appraisal": "Prompt and specific."}
    assert in_lab.script.HAND_COMMENT in text and text.startswith(in_lab.kpes)        # everything before kept as it was
    assert in_lab.session.refused == []                                          # nothing left this computer
