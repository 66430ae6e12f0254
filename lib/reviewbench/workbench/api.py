"""The workbench as a Python object: the chronology, its filters, and every save to ``authored/``.

The widgets (:mod:`.ui`) are a thin layer over :class:`Workbench`, so everything a reviewer can
do by clicking can be done, and is tested, without a browser. This module never imports them:
:meth:`Workbench.show` and :meth:`Workbench.facilitator` open the views the UI registered in
:mod:`.views`.
Every save goes through the authored store (:mod:`reviewbench.authored`) or the tag store
(:mod:`.tags`): checked, written atomically, and refused if the file changed on disk since it
was loaded. Nothing is kept only in memory: a new ``Workbench`` (after a kernel restart, say)
reads everything back from the files.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path
from typing import Any, Callable, Iterable

import numpy as np
import pandas as pd
from pydantic import ValidationError

from ..authored import (
    KPE,
    Contribution,
    Finding,
    Recommendation,
    load_authored,
    save_contribution,
    save_items,
)
from ..authored.dismissals import PromptReview, dismiss, find_prompt, restore, review_prompts
from ..authored.models import ITEM_ID, Dismissal, id_list
from ..authored.tags import SIGNIFICANCE, EntryTags, TagStore
from ..authored.themes import THEMES_FILE, Taxonomy, load_themes
from ..build import run_graph, run_ingest, run_lenses
from ..chronology import read_chronology
from ..config import Review, load_review
from ..errors import AuthoredError, NameInTextError, ReviewbenchError, StaleBuildError
from ..lens_tables import LensTables, lens_named, lenses, read_lens_tables
from ..methodology import Methodology, get_methodology
from ..network import analyse, network_dir, read_statements
from ..palette import agency_colours
from ..process.packs import pack_of
from ..publication.names import NameRegister, mask_name, review_register
from ..register import RegisterData
from ..stages import CHRONOLOGY, lens_outputs, stale_stages
from ..suggest import did_you_mean
from .filters import ChronologyIndex, Criteria, Marks, parse_day, render_entry, render_page
from .lensrows import KPE_RULE, LensRows, lens_row_html, lens_table_html
from .views import get_view

ITEM_KINDS = {"kpe": "kpes", "kpes": "kpes", "finding": "findings", "findings": "findings",
              "recommendation": "recommendations", "recommendations": "recommendations"}
ID_PREFIX = {"kpes": "KPE", "findings": "F", "recommendations": "R"}
_UNSET = object()
_ID_LIMIT = re.search(r"\{0,(\d+)\}", ITEM_ID)
MAX_ID = int(_ID_LIMIT.group(1)) + 1 if _ID_LIMIT else 30       # the authored store's own limit


def _as_tuple(value: Iterable[str] | str | None) -> tuple[str, ...]:
    if value is None or value == "":
        return ()
    if isinstance(value, str):
        return (value,)
    return tuple(str(v) for v in value)


def _same(text: str) -> str:
    return text


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def load_chronology(review: Review, rebuild: bool = False) -> pd.DataFrame:
    """``build/chronology.csv``, as built. With ``rebuild`` the ingest runs first, through the use-case
    layer; without it nothing is built, and a review with no chronology yet is refused, naming what to
    run. An out-of-date chronology is read all the same: :attr:`Workbench.stale` says so."""
    if rebuild:
        run_ingest(review, progress=False, required="there is no chronology to open")
    csv = review.build_dir / CHRONOLOGY
    if not csv.exists():
        raise StaleBuildError(f"there is no integrated chronology of {review.root.name} yet; nothing was built.",
                              hint="Run 'reviewbench ingest', or open it with Workbench(folder, rebuild=True) "
                                   "(in the workbench: the button 'Build the chronology').")
    return read_chronology(csv)


class Workbench:
    """One review open for browsing, tagging and authoring.

    Args:
        review_dir: the review folder (with ``review.yaml``).
        rebuild: run the ingest first (through :mod:`reviewbench.build`, as ``reviewbench ingest``).
            Otherwise nothing is built: an out-of-date chronology is opened and :attr:`stale` says
            so; :meth:`rebuild` brings it up to date.
    """

    def __init__(self, review_dir: str | Path, *, rebuild: bool = False):
        self.review: Review = load_review(review_dir)
        self.root: Path = self.review.root
        self._load_chronology(rebuild)
        # in the words of the review's rules pack: a Wales review's forms speak of the regional safeguarding board
        self.methodology: Methodology = get_methodology(self.review.methodology, self.root).worded(
            pack_of(self.review).terms.partners)
        self.colours = agency_colours(self.review.agencies, self.index.agencies)
        self._listeners: list[Callable[[], None]] = []
        self._statements_read: tuple = (None, None)          # (stamp of metrics.json, its statements)
        self._read([])

    # -- loading -----------------------------------------------------------------------------------
    def _load_chronology(self, rebuild: bool) -> None:
        self.chronology: pd.DataFrame = load_chronology(self.review, rebuild)
        self.index = ChronologyIndex(self.chronology)
        self._lenses_read: tuple = (None, None, {})          # (stamp of lenses.json, its tables, their LensRows)

    def _check_stale(self) -> None:
        """Whether the chronology is older than its inputs (a submission or review.yaml changed since).
        Hashes every submission: once per (re)load, never on each redraw."""
        stages = stale_stages(self.review, with_lenses=True)
        self.stale: bool = "ingest" in stages
        self.network_stale: bool = "graph" in stages        # the prompts are those of an older network
        self.lenses_stale: bool = "lenses" in stages        # missing, or older than the chronology or the register

    def rebuild(self) -> None:
        """Run the ingest again (as ``reviewbench ingest``) and read everything again."""
        self._load_chronology(rebuild=True)
        self.reload()

    def reload(self) -> list[str]:
        """Read ``authored/``, the tags, the themes and the names register again from the files.

        Returns the problems found (also kept in ``problems``); while there are some, saving to
        the file concerned is refused, but browsing works.
        """
        problems = []
        try:
            self.review = load_review(self.root)        # a fresh review reads its overlays afresh
        except ReviewbenchError as exc:                 # the one already open stays
            problems.append(str(exc))
        return self._read(problems)

    def _read(self, problems: list[str]) -> list[str]:
        """Read everything but the chronology, with the review as loaded."""
        self.problems: list[str] = problems
        self.warnings: list[str] = []
        self._check_stale()
        if self.stale:
            self.warnings.append("The chronology is older than its inputs (a submission or review.yaml changed "
                                 "since the last ingest): press 'Rebuild' to run the ingest again.")
        try:
            self.themes: Taxonomy = self.review.overlay(THEMES_FILE, load_themes)
        except ReviewbenchError as exc:
            self.problems.append(str(exc))
            self.themes = load_themes(None)
        self.register_error: str | None = None       # the register could not be read: nothing is pseudonymised
        try:
            self.register: NameRegister = review_register(self.review)
        except ReviewbenchError as exc:
            self.problems.append(str(exc))
            self.register_error = str(exc)
            self.register = NameRegister(RegisterData())
        ids = self.index.entry_ids
        try:
            self.authored = load_authored(self.review, ids, methodology=self.methodology)
            self.warnings += self.authored.warnings
        except AuthoredError as exc:
            self.authored = None
            self.problems += exc.problems
        try:
            self.tag_store: TagStore | None = TagStore.load(self.root, self.themes, ids)
            self.warnings += self.tag_store.warnings
        except AuthoredError as exc:
            self.tag_store = None
            self.problems += exc.problems
        self._changed()
        return self.problems

    def on_change(self, callback: Callable[[], None]) -> None:
        """Call ``callback`` after every save and reload (the widgets refresh their lists)."""
        self._listeners.append(callback)

    def _changed(self) -> None:
        self._kpes_of: dict[str, list[str]] = {}
        for kpe in self.kpes:
            for entry_id in kpe.entries:
                self._kpes_of.setdefault(entry_id, []).append(kpe.id)
        self.index.set_notes(self.tag_store.notes() if self.tag_store else {})
        for callback in list(self._listeners):
            callback()

    def _store(self):
        if self.authored is None:
            raise ReviewbenchError("nothing can be saved to authored/ until these problems are fixed: "
                                   + " ".join(p for p in self.problems if not p.startswith("authored/tags.yaml")),
                                   hint="Correct the file(s) named, then press 'Reload from the files' "
                                        "(or call reload()).")
        return self.authored

    def _tags(self) -> TagStore:
        if self.tag_store is None:
            raise ReviewbenchError("tags cannot be saved until authored/tags.yaml is fixed: "
                                   + " ".join(p for p in self.problems if p.startswith("authored/tags.yaml")),
                                   hint="Correct it, then press 'Reload from the files' (or call reload()).")
        return self.tag_store

    # -- what there is ---------------------------------------------------------------------------
    @property
    def kpes(self) -> list[KPE]:
        return list(self.authored.kpes) if self.authored else []

    @property
    def findings(self) -> list[Finding]:
        return list(self.authored.findings) if self.authored else []

    @property
    def recommendations(self) -> list[Recommendation]:
        return list(self.authored.recommendations) if self.authored else []

    @property
    def contributions(self) -> list[Contribution]:
        return list(self.authored.contributions) if self.authored else []

    def kpe(self, kpe_id: str) -> KPE:
        found = next((k for k in self.kpes if k.id == kpe_id), None)
        if found is None:
            raise ReviewbenchError(f"there is no KPE '{kpe_id}'"
                                   f"{did_you_mean(kpe_id, [k.id for k in self.kpes], aside=True)}.")
        return found

    def kpes_of(self, entry_id: str) -> list[str]:
        return list(self._kpes_of.get(entry_id, []))

    def tags_of(self, entry_id: str) -> EntryTags:
        return self.tag_store.get(entry_id) if self.tag_store else EntryTags()

    def cited_by(self, entry_id: str) -> list[str]:
        """Findings that cite the entry, directly or through one of its KPEs."""
        kpes = set(self.kpes_of(entry_id))
        return [f.id for f in self.findings if entry_id in f.evidence or kpes & set(f.evidence)]

    def entry(self, entry_id: str) -> dict[str, Any]:
        """One entry of the chronology as a dict, with its KPEs, tags and citing findings."""
        position = self.index.position.get(entry_id)
        if position is None:
            raise ReviewbenchError(f"'{entry_id}' is not an entry of the chronology"
                                   f"{did_you_mean(entry_id, self.index.entry_ids, aside=True)}.")
        row = self.chronology.iloc[position].to_dict()
        row.update(kpes=self.kpes_of(entry_id), tags=self.tags_of(entry_id).plain(), cited_by=self.cited_by(entry_id))
        return row

    def pseudonymise(self, text: str) -> str:
        """``text`` with every name of the names register replaced by its pseudonym."""
        return self.register.apply(text)

    # -- filtering ---------------------------------------------------------------------------------
    def criteria(self, agency=None, start=None, end=None, text=None, kind=None, kpe=None, tag=None,
                 joint=None, in_scope=None) -> Criteria:
        """The filter as a :class:`Criteria`; names that match nothing known are an error with "did you mean"."""
        agencies = _as_tuple(agency)
        known = set(self.index.agencies) | {a.name for a in self.review.agencies}
        for name in agencies:
            if name not in known:
                found = self.review.agency_named(name)
                if found is None:
                    raise ReviewbenchError(f"'{name}' is not an agency of this review"
                                           f"{did_you_mean(name, known, aside=True)}.")
        agencies = tuple(name if name in known else self.review.agency_named(name).name for name in agencies)
        kinds = _as_tuple(kind)
        for value in kinds:
            if value not in self.index.kinds:
                raise ReviewbenchError(f"no entry is of the kind '{value}'"
                                       f"{did_you_mean(value, self.index.kinds, aside=True)}.",
                                       hint=f"Kinds in this chronology: {', '.join(self.index.kinds)}.")
        first, last = parse_day(start, "start"), parse_day(end, "end")
        if first and last and last < first:
            raise ReviewbenchError(f"the end date {last} is before the start date {first}.")
        ids: set[str] | None = None
        if kpe is not None and kpe != "":
            ids = self._kpe_entries(kpe)
        if tag is not None and tag != "":
            tagged = self._tagged(tag)
            ids = tagged if ids is None else ids & tagged
        return Criteria(agency=agencies, start=first, end=last, text=(text or "").strip(), kind=kinds,
                        joint=joint, in_scope=in_scope, ids=frozenset(ids) if ids is not None else None)

    def _kpe_entries(self, kpe) -> set[str]:
        if kpe is True:
            return set(self._kpes_of)
        if kpe is False:
            return set(self.index.entry_ids) - set(self._kpes_of)
        out: set[str] = set()
        for kpe_id in _as_tuple(kpe):
            out |= set(self.kpe(kpe_id).entries)
        return out

    def _tagged(self, tag) -> set[str]:
        if self.tag_store is None:
            return set()
        if tag is True:
            tag = "any"
        out: set[str] = set()
        for value in _as_tuple(tag):
            value = {"key event": "key-event", "good practice": "good-practice"}.get(value.lower(), value)
            if value not in (*SIGNIFICANCE, "any", "note") and value not in self.themes.themes:
                options = [*SIGNIFICANCE, "any", "note", *self.themes.ids]
                raise ReviewbenchError(f"'{value}' is not a tag{did_you_mean(value, options, aside=True)}.",
                                       hint="Use a significance (key-event, good-practice, concern), a theme id, "
                                            "'note' or 'any'.")
            out |= self.tag_store.entries_with(value)
        return out

    def positions(self, criteria: Criteria | None = None, **filters) -> np.ndarray:
        """Row positions of the matching entries (what the widgets page through)."""
        return self.index.positions(criteria if criteria is not None else self.criteria(**filters))

    def filter(self, agency=None, start=None, end=None, text=None, kind=None, kpe=None, tag=None,
               joint=None, in_scope=None) -> pd.DataFrame:
        """The entries that meet every given criterion, in chronology order.

        Args:
            agency: one agency name (or alias) or several: entries of any of them.
            start, end: dates (or "YYYY-MM-DD"); an entry counts if any day of it falls inside.
            text: words that must all appear as whole words (any case) in the entry or the reviewer's note;
                a phrase in double quotes ("at the door") must appear as written.
            kind: one event kind or several (``event_kind`` of the chronology).
            kpe: a KPE id or several; ``True``: in any KPE; ``False``: in none.
            tag: a significance (key-event, good-practice, concern), a theme id, "note" or "any".
            joint: ``True`` only joint events, ``False`` none.
            in_scope: ``True`` only entries inside the review's scope, ``False`` only outside.
        """
        found = self.positions(self.criteria(agency=agency, start=start, end=end, text=text, kind=kind, kpe=kpe,
                                             tag=tag, joint=joint, in_scope=in_scope))
        return self.chronology.iloc[found]

    # -- drawing ---------------------------------------------------------------------------------
    def marks(self) -> Marks:
        tags = self.tag_store.tags if self.tag_store else {}
        return Marks(kpes=self._kpes_of, significance={e: t.significance for e, t in tags.items() if t.significance},
                     themes={e: t.themes for e, t in tags.items() if t.themes},
                     notes={e for e, t in tags.items() if t.note},
                     theme_labels={t.id: t.label for t in self.themes.themes.values()})

    def page_html(self, positions: np.ndarray, page: int = 0, page_size: int = 25, *,
                  pseudonymised: bool = False) -> str:
        return render_page(self.chronology, positions, page, page_size, self.marks(), self.colours,
                           self.pseudonymise if pseudonymised else None)

    def entry_html(self, entry_id: str, *, pseudonymised: bool = False) -> str:
        row = self.entry(entry_id)
        return render_entry(row, kpes=row["kpes"], tags=row["tags"], cited_by=row["cited_by"],
                            pseudonymise=self.pseudonymise if pseudonymised else None)

    def swimlane(self, entries: pd.DataFrame | None = None, start=None, end=None):
        """The swimlane figure (``network.figures``) of some entries: the filtered range, a KPE's entries.

        The period defaults to the days the entries cover; as in the network stage only entries
        inside the review's scope are drawn. The child-seen lane and the gaps in contact are those
        of every entry of the review over that period (the child seen by any agency), not of the
        entries drawn: filtered to one agency, the child is not "unseen" while others saw her.
        """
        frame = self.chronology if entries is None else entries
        first, last = parse_day(start, "start"), parse_day(end, "end")
        if first is None or last is None:
            span = self.index.day_range(np.array([self.index.position[e] for e in frame["entry_id"]], dtype=int))
            if span is None:
                span = (self.review.scope.start, self.review.scope.end)
            first, last = first or span[0], last or span[1]
        from ..network.figures import swimlane_figure  # matplotlib: loaded only when a swimlane is drawn

        drawn = analyse(self.review, frame, first, last)
        whole = None if len(frame) == len(self.chronology) else analyse(self.review, self.chronology, first, last)
        return swimlane_figure(drawn, whole)

    def swimlane_png(self, entries: pd.DataFrame | None = None, start=None, end=None, dpi: int = 72) -> bytes:
        figure = self.swimlane(entries, start, end)
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png", dpi=dpi)
        return buffer.getvalue()

    # -- tagging ---------------------------------------------------------------------------------
    def _check_entries(self, entries: Iterable[str]) -> list[str]:
        ids = id_list(entries)
        unknown = [e for e in ids if e not in self.index.position]
        if unknown:
            raise ReviewbenchError("; ".join(f"'{e}' is not an entry of the chronology"
                                             f"{did_you_mean(e, self.index.entry_ids, aside=True)}"
                                             for e in unknown) + ".")
        return ids

    def tag(self, entry_id: str, significance=_UNSET, themes=_UNSET, note=_UNSET) -> EntryTags:
        """Set an entry's significance (key-event, good-practice, concern), themes and note; saved at once.

        What is not given is left as it is; an empty value clears it. Themes are ids of the theme
        list (``themes.yaml``); a label is accepted too.
        """
        self._check_entries([entry_id])
        store = self._tags()
        current = store.get(entry_id)
        data = current.model_dump()
        if significance is not _UNSET:
            data["significance"] = _as_tuple(significance)
        if themes is not _UNSET:
            order = {t: i for i, t in enumerate(self.themes.ids)}
            data["themes"] = sorted((self._theme_id(t) for t in _as_tuple(themes)),
                                    key=lambda t: order.get(t, len(order)))      # the taxonomy's order
        if note is not _UNSET:
            data["note"] = note or ""
        try:
            item = EntryTags.model_validate(data)
        except ValidationError as exc:
            raise ReviewbenchError(f"the tags of {entry_id} cannot be saved: "
                                   + "; ".join(e["msg"].removeprefix("Value error, ") for e in exc.errors())
                                   + ".") from None
        store.set(entry_id, item)
        self._changed()
        return item

    def _theme_id(self, value: str) -> str:
        if value in self.themes.themes:
            return value
        by_label = {t.label.lower(): t.id for t in self.themes.themes.values()}
        by_caption = {t.caption.lower(): t.id for t in self.themes.themes.values()}
        return by_label.get(value.lower()) or by_caption.get(value.lower()) or value

    # -- authoring ---------------------------------------------------------------------------------
    def next_id(self, kind: str) -> str:
        """The next free id: KPE8, F7, R5..."""
        input_id = ITEM_KINDS[kind]
        prefix = ID_PREFIX[input_id]
        used = {item.id for item in getattr(self, input_id)}
        n = 1
        while f"{prefix}{n}" in used:
            n += 1
        return f"{prefix}{n}"

    def _save(self, input_id: str, item: dict, replace: bool) -> Any:
        store = self._store()
        if input_id == "kpes" and not self.methodology.uses("kpes"):
            raise ReviewbenchError(f"the {self.methodology.title} methodology does not use key practice episodes.")
        items = list(getattr(store, input_id))
        existing = next((i for i, old in enumerate(items) if old.id == item["id"]), None)
        noun = {"kpes": "KPE", "findings": "finding", "recommendations": "recommendation"}[input_id]
        if existing is not None and not replace:
            raise ReviewbenchError(f"there is already a {noun} '{item['id']}'.",
                                   hint=f"Choose another id (the next free one is {self.next_id(input_id)}), "
                                        "or edit the existing one.")
        if existing is None:
            items.append(item)
        else:
            items[existing] = item
        save_items(store, input_id, items)
        self._changed()
        return next(i for i in getattr(store, input_id) if i.id == item["id"])

    def add_kpe(self, id: str, title: str, entries: Iterable[str] | str = (), *, replace: bool = False,
                **fields) -> KPE:
        """Create (or with ``replace`` rewrite) a key practice episode in ``authored/kpes.yaml``.

        ``fields``: start, end (default: the first and last day of its entries), description,
        appraisal, explanation, tor (the questions of the terms of reference it answers).
        """
        entry_ids = self._check_entries(entries)
        order = self.index.position
        entry_ids.sort(key=order.__getitem__)
        start, end = fields.pop("start", None), fields.pop("end", None)
        if start in (None, "") and entry_ids:
            span = self.index.day_range(np.array([order[e] for e in entry_ids]))
            if span:
                start = span[0]
                end = end if end not in (None, "") else span[1]
        if start in (None, ""):
            raise ReviewbenchError(f"KPE {id} needs a start date: give one, or pick its entries first.")
        item = {"id": id, "title": title, "start": start, "end": end or None, "entries": entry_ids, **fields}
        return self._save("kpes", item, replace)

    def add_to_kpe(self, kpe_id: str, entries: Iterable[str] | str) -> KPE:
        """Add entries to a KPE (kept in chronology order); entries already in it are left as they are."""
        kpe = self.kpe(kpe_id)
        added = [e for e in self._check_entries(entries) if e not in kpe.entries]
        data = kpe.model_dump()
        data["entries"] = sorted([*kpe.entries, *added], key=lambda e: self.index.position.get(e, -1))
        return self._save("kpes", data, replace=True)

    def remove_from_kpe(self, kpe_id: str, entries: Iterable[str] | str) -> KPE:
        kpe = self.kpe(kpe_id)
        drop = set(id_list(entries))
        data = kpe.model_dump()
        data["entries"] = [e for e in kpe.entries if e not in drop]
        return self._save("kpes", data, replace=True)

    def category_id(self, category: str) -> str:
        """A category of the methodology's typology, by id or by label."""
        typology = self.methodology.typology
        if category in typology.ids:
            return category
        by_label = {c.label.lower(): c.id for c in typology.categories}
        return by_label.get(str(category).strip().lower(), category)

    def add_finding(self, id: str, title: str, category: str, statement: str = "",
                    evidence: Iterable[str] | str = (), *, replace: bool = False, **fields) -> Finding:
        """Create (or with ``replace`` rewrite) a finding; ``evidence``: entry ids and KPE ids.

        ``fields`` are tor (the questions of the terms of reference it answers) and the methodology's
        own (for SCIE: priority, case_evidence, wider_evidence, why_it_matters, issues_for_partners;
        the old name issues_for_board is read as it).
        """
        item = {"id": id, "title": title, "category": self.category_id(category), "statement": statement,
                "evidence": id_list(evidence), **{k: v for k, v in fields.items() if v not in (None, "", [], ())}}
        return self._save("findings", item, replace)

    def add_recommendation(self, id: str, text: str, findings: Iterable[str] | str = (), owner: str = "",
                           due=None, *, replace: bool = False, **fields) -> Recommendation:
        """Create (or with ``replace`` rewrite) a recommendation linked to findings."""
        item = {"id": id, "text": text, "findings": id_list(findings), "owner": owner, "due": due or None,
                **{k: v for k, v in fields.items() if v not in (None, "", [], ())}}
        return self._save("recommendations", item, replace)

    def delete(self, kind: str, item_id: str) -> None:
        """Remove a KPE, finding or recommendation (refused if something still refers to it)."""
        input_id = ITEM_KINDS.get(kind)
        if input_id is None:
            raise ReviewbenchError(f"'{kind}' cannot be deleted here; use kpe, finding or recommendation.")
        store = self._store()
        items = [i for i in getattr(store, input_id) if i.id != item_id]
        if len(items) == len(getattr(store, input_id)):
            raise ReviewbenchError(f"there is no {kind} '{item_id}' to delete.")
        save_items(store, input_id, items)
        self._changed()

    def refuse_registered(self, text: str, *, ordinary_words: bool = False) -> None:
        """Raise :class:`NameInTextError` if ``text`` holds a form of a registered person or place.

        The message names each form masked and whose it is by pseudonym, never the name: the screen
        may be projected. A capitalised ordinary word that is also part of a name ("Will") is refused
        too, unless ``ordinary_words`` says the person typing has seen that it is the word.
        """
        if self.register_error:
            raise ReviewbenchError("the names register cannot be read, so this text cannot be checked for names "
                                   f"and was not saved ({self.register_error}). Nothing typed was lost.")
        found = [m for m in self.register.find(text) if m.certain or not ordinary_words]
        if not found:
            return
        listed = "; ".join(f"'{mask_name(m.text)}' ({self.register.describe(m)})" for m in found)
        instead = sorted({self.register.label(m) for m in found})
        raise NameInTextError(
            f"this text holds {len(found)} form(s) of a name or place in the review's names register: {listed}. "
            f"Contributions are recorded by role, never by name: write the role or "
            f"{', '.join(repr(i) for i in instead)} instead. Nothing typed was lost.",
            only_ordinary_words=all(not m.certain for m in found))

    def add_contribution(self, role: str, text: str, *, kind: str = "practitioner", kpe: str | None = None,
                         title: str = "", id: str | None = None, replace: bool = False,
                         ordinary_words: bool = False) -> Contribution:
        """Record what a practitioner or the family said, by role, never by name.

        Saved as ``authored/contributions/<id>.md``; a new id is made from the KPE and the role
        (``kpe3-health-visitor-2``). Refused if the role, title or text holds any form of a person
        or place of the review's names register (``private/names.yaml``); see
        :meth:`refuse_registered` for ``ordinary_words``.
        """
        store = self._store()
        role, text, title = (role or "").strip(), (text or "").strip(), (title or "").strip()
        if not role:
            raise ReviewbenchError("say who spoke by their role (for example 'Health visitor (HV1)' or "
                                   "'Maternal grandmother'), never by name.")
        if not text:
            raise ReviewbenchError("there is nothing to save: type what was said first.")
        self.refuse_registered("\n".join((role, title, text)), ordinary_words=ordinary_words)
        existing = {c.id for c in store.contributions}
        if id is None:
            base = _slug(f"{kpe or kind}-{role}")
            if len(base) > MAX_ID - 4:                           # room for "-2", "-3"...; cut between words
                base = base[:MAX_ID - 3].rsplit("-", 1)[0] if "-" in base[:MAX_ID - 3] else base[:MAX_ID - 4]
            base = base.strip("-") or kind
            if not base[0].isalpha():
                base = f"c-{base}"
            id, n = base, 2
            while id in existing:
                id, n = f"{base}-{n}", n + 1
        elif id in existing and not replace:
            raise ReviewbenchError(f"there is already a contribution '{id}'.", hint="Choose another id.")
        item = {"id": id, "kind": kind, "role": role, "title": title, "kpe": kpe or None, "body": text}
        save_contribution(store, item)
        self._changed()
        return next(c for c in store.contributions if c.id == id)

    # -- prompts of the agency network ---------------------------------------------------------------
    def prompts(self) -> PromptReview:
        """The prompts of the last network build (build/network/metrics.json), each with its rule and
        what matched, sorted by the review team's dismissals: live, dismissed, and dismissals whose
        prompt the analysis no longer makes. Nothing is built here: :meth:`build_network` does."""
        statements = self._statements()
        if statements is None:
            raise StaleBuildError(f"there is no agency network of {self.root.name} yet, so there are no prompts.",
                                  hint="Run 'reviewbench graph' (in the workbench: the button 'Build the network').")
        return review_prompts(statements, self.authored.dismissals if self.authored else [])

    def prompt(self, key: str) -> dict:
        """One prompt of the last network build, by its key (build/network/statements.csv lists them)."""
        return find_prompt(self._statements() or [], key)

    def _statements(self) -> list[dict] | None:
        """The statements of build/network/metrics.json, read again only when the file changed (every
        save redraws the 'Prompts' tab; the file of a large review is several megabytes)."""
        folder = network_dir(self.review)
        try:
            found = (folder / "metrics.json").stat()
        except FileNotFoundError:
            return None
        stamp = (found.st_mtime_ns, found.st_size)
        if self._statements_read[0] != stamp:
            self._statements_read = (stamp, read_statements(folder))
        return self._statements_read[1]

    def build_network(self) -> None:
        """Run the network stage (as ``reviewbench graph``), then read everything again."""
        run_graph(self.review)
        self.reload()

    def dismiss_prompt(self, key: str, reason: str, by: str, date: dt.date | str | None = None) -> Dismissal:
        """Record that the prompt ``key`` is wrong, why and who says so, in authored/dismissed_prompts.yaml.

        It is then left out of the live prompts here and in the report, and listed with its reason by
        ``reviewbench check``. ``date`` defaults to today.
        """
        store = self._store()
        item = dismiss(store, self.prompt(key), reason, by, parse_day(date, "dismissal") or dt.date.today())
        self._changed()
        return item

    def restore_prompt(self, key: str) -> Dismissal:
        """Take back a dismissal: the prompt is live again."""
        item = restore(self._store(), key)
        self._changed()
        return item

    # -- the reviewer's lenses (build/analysis/) --------------------------------------------------------
    def lens_state(self) -> str:
        """"current", "stale" (older than the chronology, the register or the lens rules) or "missing".
        As of the last (re)load: nothing is hashed on a redraw."""
        if not lens_outputs(self.review.build_dir):
            return "missing"
        return "stale" if self.lenses_stale else "current"

    def lens_tables(self) -> LensTables:
        """The lenses of the last build of build/analysis/, read again only when lenses.json changed.
        Nothing is built here: :meth:`build_lenses` does."""
        path = self.review.build_dir / "analysis" / "lenses.json"
        try:
            found = path.stat()
        except FileNotFoundError:
            raise StaleBuildError(f"the lenses of {self.root.name} are not built yet.",
                                  hint="Run 'reviewbench lenses' (in the workbench: the button 'Build the lenses')."
                                  ) from None
        stamp = (found.st_mtime_ns, found.st_size)
        if self._lenses_read[0] != stamp:
            self._lenses_read = (stamp, read_lens_tables(self.review.build_dir), {})
        return self._lenses_read[1]

    def lens_rows(self, name: str) -> LensRows:
        """One lens prepared for filtering against this chronology (made once per build of the lenses)."""
        tables = self.lens_tables()
        prepared = self._lenses_read[2]
        if name not in prepared:
            prepared[name] = LensRows.of(tables.lens(name), self.index)
        return prepared[name]

    def lens_positions(self, name: str, agency=None, start=None, end=None, text=None) -> list[int]:
        """The rows of the lens ``name`` that meet the browser's agency, date and text filters: a row
        counts when one of its agencies is picked and one of its days (its dates, its entries) falls in
        the period."""
        criteria = self.criteria(agency=agency, start=start, end=end, text=text)
        return self.lens_rows(name).positions(criteria)

    def lens_row(self, name: str, position: int) -> dict:
        """One row of a lens: its citation key, its cells and its entry ids."""
        table = self.lens_tables().lens(name)
        return {"key": table.key(position), **table.rows.iloc[position].to_dict(),
                "entries": list(table.entries[position])}

    def lens_kpe_positions(self, name: str, kpe_id: str) -> list[int]:
        """The rows of the lens ``name`` that belong to a KPE (see :data:`.lensrows.KPE_RULE`)."""
        kpe = self.kpe(kpe_id)
        return self.lens_rows(name).of_kpe(kpe.entries, kpe.start, kpe.end)

    def lens_kpe_rule(self, kpe_id: str) -> str:
        """The rule that picks a KPE's rows of a lens, as a sentence for the screen."""
        return KPE_RULE.format(period=self.kpe(kpe_id).period)

    def lens_html(self, name: str, positions: list[int], *, pseudonymised: bool = False) -> str:
        return lens_table_html(self.lens_tables().lens(name), positions,
                               self.pseudonymise if pseudonymised else _same)

    def lens_row_html(self, name: str, position: int, *, pseudonymised: bool = False) -> str:
        return lens_row_html(self.lens_tables().lens(name), position, self.pseudonymise if pseudonymised else _same)

    @property
    def lens_names(self) -> list[str]:
        return [lens.name for lens in lenses()]

    def lens_about(self, name: str) -> str:
        return lens_named(name).about

    def build_lenses(self) -> None:
        """Run the lenses (as ``reviewbench lenses``), then read everything again."""
        run_lenses(self.review)
        self.reload()

    # -- views ---------------------------------------------------------------------------------
    def show(self):
        """The workbench widget: chronology browser, tagging and the authoring forms."""
        return get_view("workbench")(self)

    def facilitator(self, kpe: str | None = None):
        """The learning-event view: one KPE at a time, in large type, with a capture box."""
        return get_view("facilitator")(self, kpe)

    def __repr__(self) -> str:
        return (f"Workbench({self.review.id}: {len(self.chronology):,} entries, {len(self.kpes)} KPEs, "
                f"{len(self.findings)} findings, {len(self.recommendations)} recommendations, "
                f"{len(self.contributions)} contributions)")
