"""report.html as people open it: in headless Chromium, with the network blocked, at phone width, and
printed to PDF. The example is rendered once per worker (``rendered_example``); ``clients.need`` fails,
never skips, a test whose program is missing."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from chromium_support import dump_dom, image_pages, page_lines, page_requests, print_to_pdf, recording_proxy

pytestmark = [pytest.mark.client, pytest.mark.slow, pytest.mark.kernel]

PHONE = 390                         # CSS pixels: a phone held upright
LEAK = '<html><body><img src="http://example.org/x.png"><script>fetch("https://example.net/a")</script></body></html>'
RESOURCES = ('<script>addEventListener("load", () => { document.body.dataset.resources = performance'
             '.getEntriesByType("resource").map(e => e.name).filter(n => !n.startsWith("data:")).join(" "); })'
             '</script></body>')


def _report(rendered_example) -> Path:
    return rendered_example / "build" / "report.html"


def _loaded(page: Path, port: int) -> str:
    return dump_dom(page, f"--proxy-server=http://127.0.0.1:{port}", "--proxy-bypass-list=<-loopback>")


def test_chromium_loads_the_report_with_the_network_blocked_and_no_request_leaves_the_page(rendered_example,
                                                                                          tmp_path):
    """Every request Chromium makes goes to a proxy that records it and answers nothing. A page that
    does fetch something is caught (the check can fail); the report asks for nothing, and its own
    resource timing lists nothing but its embedded images. Its HTML links no http(s) resource either."""
    html = _report(rendered_example).read_text(encoding="utf-8")
    assert not re.findall(r'(?:src|href)\s*=\s*["\']?\s*(?:https?:)?//', html, re.I)
    assert not re.findall(r"url\(\s*['\"]?\s*(?:https?:)?//", html, re.I)
    leak, page = tmp_path / "leak.html", tmp_path / "report.html"
    leak.write_text(LEAK, encoding="utf-8")
    page.write_text(html.replace("</body>", RESOURCES, 1), encoding="utf-8")
    with recording_proxy() as (port, hosts):
        _loaded(leak, port)
    assert {"example.org", "example.net"} <= set(page_requests(hosts))          # the proxy sees a page's requests
    with recording_proxy() as (port, hosts):
        dom = _loaded(page, port)
    assert page_requests(hosts) == []
    found = re.search(r'data-resources="([^"]*)"', dom)
    assert found is not None and found.group(1) == ""
    assert 'class="report-title"' in dom


def test_the_report_reads_at_phone_width_without_scrolling_sideways(rendered_example, tmp_path):
    """In a 390-pixel-wide frame the page is no wider than the frame: wide tables scroll inside their
    own box, images shrink to the screen."""
    frame = tmp_path / "phone.html"
    frame.write_text(
        f'<!DOCTYPE html><html><body style="margin:0"><iframe id="f" src="{_report(rendered_example).as_uri()}" '
        f'style="width:{PHONE}px;height:800px;border:0"></iframe><script>document.getElementById("f")'
        '.addEventListener("load", () => { const d = document.getElementById("f").contentDocument; '
        'const w = d.documentElement; const tables = [...d.querySelectorAll("table")]; '
        'document.body.dataset.widths = [w.scrollWidth, w.clientWidth, tables.length, '
        'tables.filter(t => t.scrollWidth > t.clientWidth).length].join(" "); });</script></body></html>',
        encoding="utf-8")
    found = re.search(r'data-widths="(\d+) (\d+) (\d+) (\d+)"', dump_dom(frame, "--window-size=800,900"))
    assert found is not None, "the frame's page was not measured"
    page_width, view_width, tables, scrolling = map(int, found.groups())
    assert view_width <= PHONE and page_width <= view_width
    assert tables > 0 and scrolling > 0        # the wide tables are there, and scroll in their own box


def test_printed_each_figure_is_on_the_page_of_its_caption_and_no_page_is_half_blank(rendered_example, tmp_path):
    """Chromium's print of the report (A4): each figure's caption is on the page of its image, and
    every page but the last is filled at least half way down (a figure that did not fit where it fell
    leaves no blank half-page)."""
    pdf = print_to_pdf(_report(rendered_example), tmp_path / "report.pdf")
    pages = page_lines(pdf)
    captions = [(number, int(figure)) for number, lines in enumerate(pages, start=1) for _, text in lines
                for figure in re.findall(r"^Figure (\d+):", text)]
    images = image_pages(pdf)
    assert len(images) == len(captions) >= 2
    assert [page for page, _ in sorted(captions, key=lambda c: c[1])] == images
    filled = {number: max((y for y, _ in lines), default=0.0) for number, lines in enumerate(pages, start=1)}
    assert {number: round(y, 2) for number, y in filled.items() if y < 0.5 and number < len(pages)} == {}
