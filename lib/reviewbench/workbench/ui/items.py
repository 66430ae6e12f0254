"""The authoring forms: key practice episodes, findings, recommendations and contributions.

Entries picked in the chronology browser become a KPE's entries or a finding's evidence; a
finding's categories come from the methodology's typology, and its own fields (issues for the
safeguarding partners, root cause...) appear in the form (:mod:`.fields`). Contributions are recorded by role:
there is no name field, on purpose.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as W

from ...authored.models import id_list
from ..api import Workbench
from .browser import ChronologyBrowser
from .controls import ANY, WIDE, _area, _row, _set_options, _short, button
from .datefield import DateField
from .fields import _field_from_widget, _field_to_widget, _field_widget
from .forms import Form, ItemForm


def _tor_input(workbench: Workbench) -> W.Text:
    """The terms-of-reference questions a KPE or finding answers, as ids (Q1, Q3)."""
    questions = workbench.authored.terms_of_reference if workbench.authored else []
    known = ", ".join(q.id for q in questions) or "none yet: write authored/terms_of_reference.yaml"
    return W.Text(placeholder=f"the questions it answers, e.g. Q1, Q3 (questions: {known})", layout=WIDE)


def _themes_input() -> W.Text:
    """The themes a finding is about, as ids of the review's theme list (A1, B2): the portfolio counts them."""
    return W.Text(placeholder="theme ids, e.g. A1, B2 (the theme list of the chronology's tags)", layout=WIDE)


class KPEForm(ItemForm):
    noun = "KPE"
    input_id = "kpes"
    TEXTS = ("description", "appraisal", "explanation")

    def __init__(self, workbench: Workbench, browser: ChronologyBrowser | None = None):
        super().__init__(workbench, browser)
        self.title = W.Text(placeholder="A short title for the episode", layout=WIDE)
        self.start = DateField(name="The start date", width="10em")
        self.end = DateField(name="The end date", width="10em")
        self.entries = _area(5, "entry ids, one per line")
        self.add_picked = button(description="Add the entries picked in the browser", icon="plus")
        self.description = _area(3, "What happened in this episode")
        self.appraisal = _area(4, "Appraisal of practice: how adequate was it, against what was known at the time?")
        self.explanation = _area(4, "Explanation: why did it make sense to the people doing it at the time?")
        self.tor = _tor_input(workbench)
        self.specs = dict(workbench.methodology.kpes.fields)          # appreciative inquiry's ai_lens
        self.fields = {key: _field_widget(spec, []) for key, spec in self.specs.items()}
        self.inputs = {"title": self.title, "start": self.start, "end": self.end, "entries": self.entries,
                       **{name: getattr(self, name) for name in self.TEXTS}, "tor": self.tor,
                       **{f"field:{key}": widget for key, widget in self.fields.items()}}
        self.add_picked.on_click(lambda _: self._picked_into(self.entries, self.browser))
        self.widget = W.VBox([
            _row("Edit", self.choose), _row("Id", self.id), _row("Title", self.title),
            _row("Period", W.HBox([self.start, W.HTML("&nbsp;to&nbsp;"), self.end,
                                   W.HTML("<small>&nbsp;empty: the dates of its entries</small>")])),
            _row("Entries", W.VBox([self.entries, self.add_picked], layout=WIDE)),
            _row("Description", self.description), _row("Appraisal", self.appraisal),
            _row("Explanation", self.explanation), _row("Terms of reference", self.tor),
            *[_row(spec.label, self.fields[key]) for key, spec in self.specs.items()],
            W.HBox([self.save, self.delete]), self.message,
        ])
        self.widget.add_class("rb-kpe-form")
        self._chosen()

    def values_of(self, item) -> dict[str, Any]:
        extra = item.extra if item else {}
        return {"title": item.title if item else "", "start": item.start if item else None,
                "end": item.end if item else None, "entries": "\n".join(item.entries) if item else "",
                **{name: getattr(item, name) if item else "" for name in self.TEXTS},
                "tor": ", ".join(item.tor) if item else "",
                **{f"field:{key}": _field_to_widget(spec, extra.get(key)) for key, spec in self.specs.items()}}

    def submit(self, values: dict[str, Any], editing: str | None):
        fields = {key: _field_from_widget(spec, values[f"field:{key}"]) for key, spec in self.specs.items()}
        return self.wb.add_kpe(editing or self.id.value.strip(), values["title"], id_list(values["entries"]),
                               start=values["start"], end=values["end"], tor=id_list(values["tor"]),
                               **{name: values[name] for name in self.TEXTS}, replace=editing is not None,
                               **{key: value for key, value in fields.items() if value not in (None, "", [])})


class FindingForm(ItemForm):
    noun = "finding"
    input_id = "findings"

    def __init__(self, workbench: Workbench, browser: ChronologyBrowser | None = None):
        super().__init__(workbench, browser)
        typology = workbench.methodology.typology
        self.title = W.Text(layout=WIDE)
        self.category = W.Dropdown(options=[(c.label, c.id) for c in typology.categories], layout=WIDE)
        self.statement = _area(3, "The finding, stated so it applies beyond this case")
        self.evidence_kpes = W.SelectMultiple(options=self._kpe_choices(), rows=4, layout=WIDE)
        self.evidence = _area(4, "entry ids, one per line")
        self.add_picked = button(description="Add the entries picked in the browser", icon="plus")
        self.add_picked.on_click(lambda _: self._picked_into(self.evidence, self.browser))
        self.specs = dict(workbench.methodology.findings.fields)
        self.fields = {key: _field_widget(spec, self._problem_ids()) for key, spec in self.specs.items()}
        self.tor = _tor_input(workbench)
        self.themes = _themes_input()
        self.inputs = {"title": self.title, "category": self.category, "statement": self.statement,
                       "evidence_kpes": self.evidence_kpes, "evidence": self.evidence, "tor": self.tor,
                       "themes": self.themes,
                       **{f"field:{key}": widget for key, widget in self.fields.items()}}
        self.widget = W.VBox([
            _row("Edit", self.choose), _row("Id", self.id), _row("Title", self.title),
            _row(typology.label, self.category), _row("Statement", self.statement),
            _row("Evidence: KPEs", self.evidence_kpes),
            _row("Evidence: entries", W.VBox([self.evidence, self.add_picked], layout=WIDE)),
            _row("Terms of reference", self.tor), _row("Themes", self.themes),
            *[_row(spec.label, self.fields[key]) for key, spec in self.specs.items()],
            W.HBox([self.save, self.delete]), self.message,
        ])
        self._chosen()

    def _kpe_choices(self) -> list:
        return [(f"{k.id}: {_short(k.title)}", k.id) for k in self.wb.kpes]

    def _problem_ids(self) -> list[str]:
        return [p.id for p in self.wb.authored.problems] if self.wb.authored else []

    def refresh_options(self) -> None:
        _set_options(self.evidence_kpes, self._kpe_choices())
        for key, spec in self.specs.items():
            if spec.kind == "problem-refs":
                _set_options(self.fields[key], [(p, p) for p in self._problem_ids()])

    def values_of(self, item) -> dict[str, Any]:
        kpe_ids = {k.id for k in self.wb.kpes}
        evidence = list(item.evidence) if item else []
        extra = item.extra if item else {}
        category = item.category if item else self.wb.methodology.typology.ids[0]
        return {"title": item.title if item else "", "category": category,
                "statement": item.statement if item else "",
                "evidence_kpes": tuple(e for e in evidence if e in kpe_ids),
                "evidence": "\n".join(e for e in evidence if e not in kpe_ids),
                "tor": ", ".join(item.tor) if item else "", "themes": ", ".join(item.themes) if item else "",
                **{f"field:{key}": _field_to_widget(spec, extra.get(key)) for key, spec in self.specs.items()}}

    def submit(self, values: dict[str, Any], editing: str | None):
        fields = {key: _field_from_widget(spec, values[f"field:{key}"]) for key, spec in self.specs.items()}
        evidence = list(values["evidence_kpes"]) + id_list(values["evidence"])
        return self.wb.add_finding(editing or self.id.value.strip(), values["title"], values["category"],
                                   values["statement"], evidence, replace=editing is not None,
                                   tor=id_list(values["tor"]), themes=id_list(values["themes"]), **fields)


class RecommendationForm(ItemForm):
    noun = "recommendation"
    input_id = "recommendations"

    def __init__(self, workbench: Workbench, browser: ChronologyBrowser | None = None):
        super().__init__(workbench, browser)
        self.text = _area(3, "What should be done")
        self.findings = W.SelectMultiple(options=self._finding_choices(), rows=5, layout=WIDE)
        self.owner = W.Text(placeholder="who is responsible (a role or a body, not a person's name)", layout=WIDE)
        self.due = DateField(name="The due date", width="10em")
        self.specs = dict(workbench.methodology.recommendations.fields)
        self.fields = {key: _field_widget(spec, []) for key, spec in self.specs.items()}
        self.inputs = {"text": self.text, "findings": self.findings, "owner": self.owner, "due": self.due,
                       **{f"field:{key}": widget for key, widget in self.fields.items()}}
        self.widget = W.VBox([
            _row("Edit", self.choose), _row("Id", self.id), _row("Recommendation", self.text),
            _row("From findings", self.findings), _row("Owner", self.owner), _row("Due", self.due),
            *[_row(spec.label, self.fields[key]) for key, spec in self.specs.items()],
            W.HBox([self.save, self.delete]), self.message,
        ])
        self._chosen()

    def _finding_choices(self) -> list:
        return [(f"{f.id}: {_short(f.title)}", f.id) for f in self.wb.findings]

    def refresh_options(self) -> None:
        _set_options(self.findings, self._finding_choices())

    def values_of(self, item) -> dict[str, Any]:
        extra = item.extra if item else {}
        return {"text": item.text if item else "", "findings": tuple(item.findings) if item else (),
                "owner": item.owner if item else "", "due": item.due if item else None,
                **{f"field:{key}": _field_to_widget(spec, extra.get(key)) for key, spec in self.specs.items()}}

    def submit(self, values: dict[str, Any], editing: str | None):
        fields = {key: _field_from_widget(spec, values[f"field:{key}"]) for key, spec in self.specs.items()}
        return self.wb.add_recommendation(editing or self.id.value.strip(), values["text"], list(values["findings"]),
                                          values["owner"], values["due"], replace=editing is not None, **fields)


class ContributionForm(Form):
    """What a practitioner or the family said, recorded by role: there is no name field, on purpose."""

    noun = "contribution"

    def __init__(self, workbench: Workbench):
        super().__init__(workbench)
        self.kind = W.ToggleButtons(options=[("Practitioner", "practitioner"), ("Family", "family")])
        self.role = W.Text(placeholder="a role, never a name: e.g. Health visitor (HV1), Maternal grandmother",
                           layout=WIDE)
        self.title = W.Text(placeholder="optional, e.g. Conversation with the review team", layout=WIDE)
        self.kpe = W.Dropdown(options=self._kpe_choices(), layout=WIDE)
        self.text = _area(8, "What was said, in their words")
        self.inputs = {"kind": self.kind, "role": self.role, "title": self.title, "kpe": self.kpe, "text": self.text}
        self.widget = W.VBox([
            _row("Edit", self.choose), _row("Who", self.kind), _row("Role", self.role), _row("Title", self.title),
            _row("About KPE", self.kpe), _row("What was said", self.text), self.save, self.message,
            W.HTML("<small>Contributions are recorded by role, never by name; any form of a person or place in "
                   "the names register (private/names.yaml) is refused. Each is saved as "
                   "authored/contributions/&lt;id&gt;.md."
                   "</small>"),
        ])
        self._chosen()

    def items(self) -> list:
        return self.wb.contributions

    def caption(self, item) -> str:
        return f"{item.id}: {item.role}" + (f" ({item.kpe})" if item.kpe else "")

    def _kpe_choices(self) -> list:
        return [("none", ANY)] + [(f"{k.id}: {_short(k.title)}", k.id) for k in self.wb.kpes]

    def refresh_options(self) -> None:
        _set_options(self.kpe, self._kpe_choices())

    def values_of(self, item) -> dict[str, Any]:
        return {"kind": item.kind if item else "practitioner", "role": item.role if item else "",
                "title": item.title if item else "", "kpe": (item.kpe or ANY) if item else ANY,
                "text": item.body if item else ""}

    def submit(self, values: dict[str, Any], editing: str | None):
        return self.wb.add_contribution(values["role"], values["text"], kind=values["kind"],
                                        kpe=values["kpe"] or None, title=values["title"], id=editing,
                                        replace=editing is not None)

    def saved_message(self, item) -> str:
        return f"Saved as authored/contributions/{item.id}.md."
