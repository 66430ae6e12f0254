"""What a kernel or a command loads before it starts work. The grammars jsonschema's IRI checker
compiles at import are compiled only when an IRI is checked (reviewbench.import_costs): each command that
reads a notebook starts without them, and the checker still answers as before. A report notebook does
not load networkx (0.4 s of each render's kernel): the report reads the built network, it does not
build one. Each test runs in a fresh interpreter, where nothing was imported yet."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

pytestmark = pytest.mark.slow      # each starts an interpreter that imports Jupyter's packages


def _run(code: str) -> dict:
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def test_reading_a_notebook_does_not_compile_the_iri_grammars():
    seen = _run("import sys, json, reviewbench, nbformat, papermill, nbconvert; "
                "print(json.dumps({'lark': 'lark' in sys.modules}))")
    assert seen == {"lark": False}


def test_the_iri_format_checker_still_tells_a_good_iri_from_a_bad_one():
    seen = _run("import sys, json, reviewbench, nbformat, jsonschema\n"
                "v = jsonschema.Draft202012Validator({'format': 'iri'},\n"
                "    format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)\n"
                "print(json.dumps({'good': v.is_valid('https://example.org/caf\\u00e9'),\n"
                "                  'bad': v.is_valid('not an iri at all'),\n"
                "                  'real': type(sys.modules['rfc3987_syntax']).__name__ == 'module'\n"
                "                          and hasattr(sys.modules['rfc3987_syntax'], 'Lark')}))")
    assert seen == {"good": True, "bad": False, "real": True}


def test_a_report_notebook_and_the_lenses_do_not_load_networkx_but_the_analysis_does():
    seen = _run("import sys, json\n"
                "import reviewbench.report, reviewbench.lenses, reviewbench.quality.prompts\n"
                "from reviewbench.network import network_dir, read_statements\n"
                "from reviewbench.network.reading import meeting_table\n"
                "before = 'networkx' in sys.modules\n"
                "from reviewbench.network import analyse\n"
                "print(json.dumps({'before': before, 'after': 'networkx' in sys.modules,\n"
                "                  'analyse': analyse.__module__}))")
    assert seen == {"before": False, "after": True, "analyse": "reviewbench.network.analysis"}


def test_the_network_package_names_what_it_holds_and_refuses_what_it_does_not():
    import reviewbench.network as network
    assert sorted(network.__all__) == sorted(network._WHERE)
    for name in network.__all__:
        assert getattr(network, name).__name__ == name
    with pytest.raises(AttributeError, match="has no attribute 'analyze'"):
        network.analyze  # noqa: B018


def test_the_use_cases_load_the_network_and_the_lenses_only_when_they_run():
    seen = _run("import sys, json\n"
                "import reviewbench.build, reviewbench.cli\n"
                "print(json.dumps({m: m in sys.modules for m in ('networkx', 'matplotlib', 'reviewbench.lenses')}))")
    assert seen == {"networkx": False, "matplotlib": False, "reviewbench.lenses": False}


def test_the_briefing_does_not_load_python_pptx_and_writing_a_deck_does(tmp_path):
    """python-pptx takes a third of a second to import: the briefing (and every test collecting it) does not
    need it; the deck's writer loads it and still writes a 16:9 deck."""
    deck = tmp_path / "deck.pptx"
    seen = _run("import sys, json, datetime as dt\n"
                "import reviewbench.briefing\n"
                "from reviewbench.briefing.deck import Deck, write_deck\n"
                "before = 'pptx' in sys.modules\n"
                "class Review: title = 'A fictional review'\n"
                "class Briefing: review, kind = Review(), 'learning event'\n"
                f"write_deck(Deck(Briefing(), []), __import__('pathlib').Path({str(deck)!r}), dt.date(2024, 1, 2))\n"
                "from pptx import Presentation\n"
                f"p = Presentation({str(deck)!r})\n"
                "print(json.dumps({'before': before, 'after': 'pptx' in sys.modules,\n"
                "                  'ratio': round(p.slide_width / p.slide_height, 2)}))")
    assert seen == {"before": False, "after": True, "ratio": 1.78}
