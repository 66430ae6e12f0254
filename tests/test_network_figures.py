"""The figures as the report shows them: drawn the width of an A4 page's text, so they are printed and
shown at their own size, with every text (labels, ticks, legends, notes) at the report's body size
or larger, and none of it cut off at the figure's edge."""

from __future__ import annotations

import io

import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.text import Text
from PIL import Image

from reviewbench.chronology import read_chronology
from reviewbench.config import load_review
from reviewbench.network import analyse
from reviewbench.network.figures import FIGURE_DPI, FIGURE_WIDTH, TEXT_PT, draw_figures, save_figure
from reviewbench.report.figures import fishbone_figure, png_bytes

FISHBONE = fishbone_figure("CDP1: The referral was closed without a visit (fictional)", [
    ("Individual", ["Caseload pressure in the team", "New to the role"]), ("Team", ["No supervision for six weeks"]),
    ("Communication", ["Referral sent by email to a shared inbox", "No call back"]),
    ("Organisation", ["Threshold document unclear"]), ("Environment", ["Holiday period"])])


@pytest.fixture(scope="module")
def figures(built_example) -> dict:
    review = load_review(built_example)
    drawn = draw_figures(analyse(review, read_chronology(review.build_dir / "chronology.csv")))
    return {**drawn, "fishbone": FISHBONE}


def _texts(figure) -> list[Text]:
    FigureCanvasAgg(figure).draw()
    return [t for t in figure.findobj(Text) if t.get_visible() and t.get_text().strip()]


@pytest.mark.slow
@pytest.mark.parametrize("name", ["swimlane", "network", "heatmap", "fishbone"])
def test_every_text_of_a_figure_is_body_size_and_inside_it(figures, name):
    figure = figures[name]
    assert figure.get_figwidth() == FIGURE_WIDTH
    texts = _texts(figure)
    assert texts
    small = [(t.get_text(), t.get_fontsize()) for t in texts if t.get_fontsize() < TEXT_PT]
    assert small == []
    box = figure.bbox
    cut = [t.get_text() for t in texts
           if not (box.x0 - 1 <= t.get_window_extent().x0 and t.get_window_extent().x1 <= box.x1 + 1
                   and box.y0 - 1 <= t.get_window_extent().y0 and t.get_window_extent().y1 <= box.y1 + 1)]
    assert cut == []


@pytest.mark.slow
@pytest.mark.parametrize("name", ["swimlane", "network"])
def test_the_legends_are_at_body_size(figures, name):
    legends = figures[name].legends + [ax.get_legend() for ax in figures[name].axes if ax.get_legend()]
    labels = [t for legend in legends for t in legend.get_texts()]
    assert labels and min(t.get_fontsize() for t in labels) >= TEXT_PT


@pytest.mark.slow
def test_a_figure_is_saved_as_wide_as_the_page_text_at_its_own_size(figures, tmp_path):
    for path in save_figure(figures["swimlane"], tmp_path / "swimlane"):
        if path.suffix == ".png":
            assert Image.open(path).size[0] == round(FIGURE_WIDTH * FIGURE_DPI)
    assert Image.open(io.BytesIO(png_bytes(FISHBONE))).size[0] == round(FIGURE_WIDTH * FIGURE_DPI)
