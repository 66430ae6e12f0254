"""Headless Chromium for the tests that open report.html in it (imported by tests/test_report_html_clients.py):
its command line, a proxy that records every request sent to it, and what a printed PDF holds
(where each line of text and each image is). ``clients.need("chromium")`` fails a test without it."""

from __future__ import annotations

import re
import shutil
import socket
import subprocess
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from clients import need

# Chromium's own services, which it calls whatever the page holds (the clock, component updates,
# sign-in): not requests of the page.
OWN_SERVICES = re.compile(r"(^|\.)(google\.com|googleapis\.com|gstatic\.com|gvt1\.com)$")
QUIET = ["--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-sync",
         "--disable-default-apps", "--disable-background-networking", "--disable-component-update"]


def chromium(*arguments: str, timeout: int = 180) -> subprocess.CompletedProcess:
    need("chromium")
    program = shutil.which("chromium") or shutil.which("chromium-browser")
    return subprocess.run([program, *QUIET, *arguments], capture_output=True, text=True, timeout=timeout)


@contextmanager
def recording_proxy() -> Iterator[tuple[int, list[str]]]:
    """A proxy on a free port of 127.0.0.1 that answers nothing and records the host of each request:
    (its port, the hosts), the hosts filled in as requests arrive."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(32)
    server.settimeout(0.2)
    hosts: list[str] = []
    done = threading.Event()

    def serve() -> None:
        while not done.is_set():
            try:
                connection, _ = server.accept()
            except socket.timeout:
                continue
            with connection:
                connection.settimeout(2)
                try:
                    request = connection.recv(4096).decode("latin-1")
                except OSError:
                    request = ""
            target = request.split(" ", 2)[1] if request.count(" ") >= 2 else "?"
            hosts.append(re.sub(r"^[a-z]+://", "", target).split("/")[0].split(":")[0])

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield server.getsockname()[1], hosts
    finally:
        done.set()
        thread.join()
        server.close()


def page_requests(hosts: list[str]) -> list[str]:
    """The hosts a page asked for: those that are not Chromium's own services."""
    return [host for host in hosts if not OWN_SERVICES.search(host)]


def dump_dom(page: Path, *extra: str) -> str:
    """The page's DOM once it has loaded and its scripts have run (five seconds of virtual time)."""
    done = chromium(*extra, "--allow-file-access-from-files", "--virtual-time-budget=5000", "--dump-dom",
                    page.resolve().as_uri())
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def print_to_pdf(page: Path, pdf: Path) -> Path:
    done = chromium("--no-pdf-header-footer", f"--print-to-pdf={pdf}", page.resolve().as_uri())
    assert done.returncode == 0 and pdf.exists(), done.stderr[-2000:]
    return pdf


def page_lines(pdf: Path) -> list[list[tuple[float, str]]]:
    """Each page's lines of text as (how far down the page its bottom is, 0 to 1, its text)."""
    need("pdftotext")
    out = subprocess.run(["pdftotext", "-bbox-layout", str(pdf), "-"], capture_output=True, text=True, timeout=120,
                         check=True).stdout
    pages = []
    for height, body in re.findall(r'<page width="[\d.]+" height="([\d.]+)">(.*?)</page>', out, re.S):
        lines = []
        for y, words in re.findall(r'<line xMin="[\d.]+" yMin="[\d.]+" xMax="[\d.]+" yMax="([\d.]+)">(.*?)</line>',
                                   body, re.S):
            text = " ".join(re.findall(r">([^<]*)</word>", words))
            lines.append((float(y) / float(height), text))
        pages.append(lines)
    return pages


def image_pages(pdf: Path) -> list[int]:
    """The page (1 for the first) of each image of the PDF, in order."""
    need("pdfimages")
    out = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True, timeout=120,
                         check=True).stdout
    return [int(line.split()[0]) for line in out.splitlines()[2:] if line.split() and line.split()[2] == "image"]
