"""``reviewbench status DIR``: where a review stands in its process, as of a given day."""

from __future__ import annotations

import datetime as dt
import json

from conftest import EXAMPLE, make_review
from reviewbench.cli import main
from reviewbench.config import load_review
from reviewbench.process.status import review_status

D = dt.date


def _sections(text: str) -> dict[str, list[str]]:
    """The status text cut at its section headings ("Done (15):" -> "Done")."""
    found: dict[str, list[str]] = {}
    current = None
    for line in text.splitlines():
        if line and not line.startswith(" ") and line.endswith(":"):
            current = line.split(" (", 1)[0].rstrip(":")
            found[current] = []
        elif line.startswith("  ") and current:
            found[current].append(line)
    return found


def test_status_on_the_example_lists_what_is_done_due_and_overdue(capsys):
    code = main(["status", str(EXAMPLE), "--as-of", "2024-02-20"])
    out = capsys.readouterr().out
    sections = _sections(out)
    assert code == 1, "something is overdue"
    done = "\n".join(sections["Done"])
    for stage in ("dates.notification", "dates.rapid_review", "dates.decision", "dates.terms_of_reference",
                  "dates.practitioner_event", "dates.factual_accuracy"):
        assert stage in done
    assert "rule rapid_review (15 working days after dates.aware): LATE, done on 12 July 2023" in done
    assert "to: Child Safeguarding Practice Review Panel" in done
    # 6 months after the decision of 12 July 2023, not agreed by 20 February 2024
    assert [line.split(":")[0].strip() for line in sections["Overdue"]] == [
        "rule completion (6 months after dates.decision; figure not confirmed)"]
    assert "due by 12 January 2024" in sections["Overdue"][0]
    # publication planned for Wednesday 17 April 2024: the copy to the Panel 7 working days before
    assert len(sections["Due next"]) == 1 and "rule sent_to_panel" in sections["Due next"][0]
    assert "due by 8 April 2024" in sections["Due next"][0]
    assert "rule take_down" in sections["Open, with no deadline"][0] and "not before 17 April 2025" in out
    clocks = [line for lines in sections.values() for line in lines if line.strip().startswith("rule ")]
    assert clocks and all("Source: " in line for line in clocks), "every clock names its rule and its citation"
    assert "process: {pack: england-wt2018}" in out, "the example began before Working Together 2023"


def test_status_earlier_in_the_review_has_nothing_overdue_and_names_the_next_deadline(capsys):
    assert main(["status", str(EXAMPLE), "--as-of", "2023-07-03"]) == 0
    out = capsys.readouterr().out
    sections = _sections(out)
    # the decision (12 July) and publication (17 April 2024) are plans on 3 July 2023: clocks run from them too
    assert [line.split()[1] for line in sections["Due next"]] == ["rapid_review", "decision", "completion",
                                                                  "sent_to_panel"]
    assert "Overdue" not in sections
    assert "Next due: Rapid review completed and sent to the national Panel, by 10 July 2023." in out
    assert any("dates.publication" in line for line in sections["Planned"])


def test_status_json_for_scripts(capsys):
    assert main(["status", str(EXAMPLE), "--as-of", "2024-02-20", "--json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["pack"]["id"] == "england-wt2023" and data["pack"]["named"] is False
    assert data["overdue"] == ["completion"] and data["due"] == ["sent_to_panel"] and data["ok"] is False
    assert data["settings"]["rapid_review_anchor"]["value"] == "aware"
    assert data["settings"]["rapid_review_anchor"]["default"] is True
    assert [s["key"] for s in data["done"]][:3] == ["incident", "aware", "notification"]


def test_a_wales_review_shows_no_english_panel_step_and_names_stray_english_dates(tmp_path):
    folder = make_review(tmp_path / "r", jurisdiction="wales",
                         dates={"aware": "2024-11-04", "rapid_review": "2024-11-20", "referral": "2024-11-08",
                                "decision": "2024-12-02"})
    status = review_status(load_review(folder), D(2025, 2, 1))
    text = "\n".join(status.lines())
    assert "wales-susr-2024" in text and "Single Unified Safeguarding Review" in text
    assert "national Panel" not in text.split("To record in review.yaml:")[0]
    assert "dates.rapid_review is set, but it is not a stage of the pack wales-susr-2024" in text
    assert "rule completion (6 months after dates.decision; figure not confirmed): due, due by 2 June 2025" in text
    assert status.ok


def test_a_decision_without_its_reasons_is_a_prompt_listing_the_criteria(tmp_path):
    folder = make_review(tmp_path / "r", dates={"aware": "2024-05-01", "decision": "2024-05-15"},
                         process={"looked_after": False, "decision": {"by": "the safeguarding partners"}})
    prompts = review_status(load_review(folder), D(2024, 6, 1)).prompts
    decision = next(p for p in prompts if p.startswith("process.decision"))
    assert "serious_case" in decision and "regulation 11" in decision
    folder = make_review(tmp_path / "s", dates={"aware": "2024-05-01", "decision": "2024-05-15"},
                         process={"looked_after": False,
                                  "decision": {"by": "the safeguarding partners", "outcome": "no_local_review",
                                               "criteria": ["serious_case"], "reasons": "Fictional reasons."}})
    assert not any(p.startswith("process.decision") for p in review_status(load_review(folder), D(2024, 6, 1)).prompts)


def test_an_unknown_pack_makes_status_exit_1_with_a_suggestion(tmp_path, capsys):
    folder = make_review(tmp_path / "r", process={"pack": "wales-susr"})
    assert main(["status", str(folder), "--as-of", "2024-01-01"]) == 1
    assert "did you mean 'wales-susr-2024'?" in capsys.readouterr().err.lower()
