"""Tags on chronology entries (``authored/tags.yaml``): significance, themes and a reviewer note.

A plain YAML file a reviewer can also edit by hand, keyed by entry id::

    tags:
      CSC-42db8de9:
        significance: [key-event, concern]
        themes: [A1, A2]
        note: The partner named in the referral was not checked.

Saved like the rest of ``authored/`` (:mod:`reviewbench.authored.store`): written atomically,
and never over a change made on disk since the file was loaded. A tag on an entry that is no
longer in the chronology is kept (and reported), never dropped.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from ..atomic import text_sha256, write_guarded
from ..errors import AuthoredError, FileProblem
from ..yamlio import load_yaml
from .models import id_list
from .roundtrip import edit_mapping_text
from .store import dump_yaml, unreadable
from .themes import Taxonomy

TAGS_FILE = "tags.yaml"
TAGS_REL = f"authored/{TAGS_FILE}"
SIGNIFICANCE = {"key-event": "Key event", "good-practice": "Good practice", "concern": "Concern"}
_SIGNIFICANCE_ALIASES = {"key event": "key-event", "key": "key-event", "good practice": "good-practice",
                         "good": "good-practice", "concerns": "concern"}
HEADER = ("# Tags of chronology entries: {entry id: {significance, themes, note}}.\n"
          "# significance: key-event, good-practice, concern. themes: ids of themes.yaml.\n"
          "# Written by the reviewbench workbench; you can also edit this file by hand.\n")


class EntryTags(BaseModel):
    """What the reviewer marked on one entry."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    significance: list[str] = []
    themes: list[str] = []
    note: str = ""

    _lists = field_validator("themes", mode="before")(id_list)

    @field_validator("significance", mode="before")
    @classmethod
    def _significance(cls, value: Any) -> Any:
        if value is None:
            return []
        if isinstance(value, str):
            value = value.split(",")                  # "key event, concern": labels may hold spaces
        if not isinstance(value, (list, tuple, set, frozenset)):
            return value                               # pydantic says it must be a list
        items = [str(v).strip() for v in value if str(v).strip()]
        out = []
        for item in items:
            key = _SIGNIFICANCE_ALIASES.get(item.lower(), item.lower())
            if key not in SIGNIFICANCE:
                raise ValueError(f"significance '{item}' is not one of {', '.join(SIGNIFICANCE)}")
            if key not in out:
                out.append(key)
        return [k for k in SIGNIFICANCE if k in out]          # always in the same order

    @field_validator("note", mode="before")
    @classmethod
    def _note(cls, value: Any) -> Any:
        return "" if value is None else value

    @property
    def empty(self) -> bool:
        return not (self.significance or self.themes or self.note)

    def labels(self) -> list[str]:
        """Significance and theme ids, the way a tag filter names them."""
        return [*self.significance, *self.themes]

    def plain(self) -> dict[str, Any]:
        data = {"significance": self.significance, "themes": self.themes, "note": self.note}
        return {k: v for k, v in data.items() if v}


@dataclass
class TagStore:
    """The tags of one review, with the hash of ``authored/tags.yaml`` as it was loaded."""

    root: Path
    taxonomy: Taxonomy
    tags: dict[str, EntryTags] = field(default_factory=dict)
    stamp: str | None = None
    warnings: list[str] = field(default_factory=list)

    @property
    def path(self) -> Path:
        return self.root / "authored" / TAGS_FILE

    # -- reading ---------------------------------------------------------------------------------
    @classmethod
    def load(cls, root: str | Path, taxonomy: Taxonomy, entry_ids: Iterable[str] | None = None) -> "TagStore":
        """Read and check ``authored/tags.yaml`` (absent: no tags); problems raise :class:`AuthoredError`."""
        store = cls(Path(root), taxonomy)
        path = store.path
        if not path.exists():
            return store
        data = path.read_bytes()
        store.stamp = text_sha256(data)
        problems: list[FileProblem] = []
        try:
            parsed = load_yaml(data.decode("utf-8"))
        except (UnicodeDecodeError, yaml.YAMLError) as exc:
            raise AuthoredError([unreadable(TAGS_REL, exc)]) from None
        if parsed is None:
            return store
        if not isinstance(parsed, dict) or not isinstance(parsed.get("tags", {}) or {}, dict) \
                or set(parsed) - {"tags"}:
            raise AuthoredError([FileProblem(TAGS_REL, "must hold one mapping under the key 'tags' (entry id, then "
                                                       "significance, themes and note).", key="tags")])
        for entry_id, raw in (parsed.get("tags") or {}).items():
            where = f"entry {entry_id}"
            try:
                item = EntryTags.model_validate(raw or {})
            except ValidationError as exc:
                for error in exc.errors():
                    key = ".".join(str(p) for p in error["loc"]) or "(entry)"
                    msg = error["msg"].removeprefix("Value error, ")
                    if error["type"] == "extra_forbidden":
                        msg = "is not a known key (use significance, themes, note)"
                    problems.append(FileProblem(TAGS_REL, f"'{key}' {msg}.", where, key if error["loc"] else None))
                continue
            problems += store._theme_problems(item, where)
            store.tags[str(entry_id)] = item
        if problems:
            raise AuthoredError(problems)
        if entry_ids is not None:
            known = set(entry_ids)
            lost = sorted(e for e in store.tags if e not in known)
            if lost:
                store.warnings.append(f"{TAGS_REL}: {len(lost)} tagged entr{'y is' if len(lost) == 1 else 'ies are'} "
                                      f"not in the chronology any more ({', '.join(lost[:10])}"
                                      f"{', ...' if len(lost) > 10 else ''}); their tags are kept.")
        return store

    def _theme_problems(self, item: EntryTags, where: str) -> list[FileProblem]:
        return [FileProblem(TAGS_REL, f"theme '{t}' is not in the theme list{self.taxonomy.suggest(t)}; add it to "
                                      "themes.yaml in the review folder or use one of the listed ids.", where, "themes")
                for t in item.themes if t not in self.taxonomy.themes]

    # -- lookups -------------------------------------------------------------------------------
    def get(self, entry_id: str) -> EntryTags:
        return self.tags.get(entry_id, EntryTags())

    def entries_with(self, tag: str) -> set[str]:
        """Entry ids carrying ``tag``: a significance, a theme id, "note" (has a note) or "any"."""
        if tag == "any":
            return set(self.tags)
        if tag == "note":
            return {e for e, t in self.tags.items() if t.note}
        return {e for e, t in self.tags.items() if tag in t.significance or tag in t.themes}

    def notes(self) -> dict[str, str]:
        return {e: t.note for e, t in self.tags.items() if t.note}

    # -- writing ---------------------------------------------------------------------------------
    def text(self, tags: dict[str, EntryTags]) -> str:
        body = {e: tags[e].plain() for e in sorted(tags) if not tags[e].empty}
        dumped = yaml.safe_dump({"tags": body}, sort_keys=False, allow_unicode=True, width=100,
                                default_flow_style=None)
        return HEADER + dumped

    def set(self, entry_id: str, tags: EntryTags | dict) -> Path:
        """Replace one entry's tags (empty tags remove the entry) and save, atomically and guarded."""
        item = tags if isinstance(tags, EntryTags) else EntryTags.model_validate(tags)
        problems = self._theme_problems(item, f"entry {entry_id}")
        if problems:
            raise AuthoredError(problems)
        updated = dict(self.tags)
        if item.empty:
            updated.pop(entry_id, None)
        else:
            updated[entry_id] = item
        return self._commit(updated)

    def edited_text(self, updated: dict[str, EntryTags]) -> str:
        """The file holding ``updated``: the file as it is, edited in place where it can be (only the
        entries that changed are written anew: comments and the rest stay as the reviewer left them),
        else written afresh (:meth:`text`)."""
        if self.path.exists():
            old_text = self.path.read_text(encoding="utf-8")
            old = {e: t.plain() for e, t in self.tags.items()}
            new = {e: t.plain() for e, t in updated.items() if not t.empty}
            edited = edit_mapping_text(old_text, "tags", old, new,
                                       lambda data, indent: dump_yaml(data, indent=indent).splitlines(keepends=True))
            if edited is not None:
                return edited
        return self.text(updated)

    def _commit(self, updated: dict[str, EntryTags]) -> Path:
        path = self.path
        self.stamp = write_guarded(path, self.edited_text(updated), self.stamp, TAGS_REL)
        self.tags = updated
        return path
