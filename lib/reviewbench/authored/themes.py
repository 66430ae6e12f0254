"""The theme taxonomy for tags: built-in data (``reviewbench/data/themes.yaml``), extended per review.

A review's own ``themes.yaml`` (same format) is read after the built-in file: a theme with the
same id replaces the built-in one (a new label, say), a new theme or group is added. So a
partnership can add its local priorities without touching code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ..config_problems import problems_message, unknown_keys
from ..errors import ReviewConfigError
from ..suggest import did_you_mean
from ..yamlio import builtin_yaml, load_yaml, yaml_problem

THEMES_FILE = "themes.yaml"
THEME_ID = re.compile(r"^[A-Za-z][A-Za-z0-9_.-]{0,39}$")
GROUP_KEYS = ("id", "label", "themes")
THEME_KEYS = ("id", "label", "source", "description")


@dataclass(frozen=True)
class Theme:
    id: str
    label: str
    group: str               # the group's id (A, B, C, D...)
    source: str = ""
    description: str = ""

    @property
    def caption(self) -> str:
        """How a theme is offered in a list: "A1 Information sharing ..."."""
        return f"{self.id} {self.label}"


@dataclass(frozen=True)
class ThemeGroup:
    id: str
    label: str


@dataclass(frozen=True)
class Taxonomy:
    groups: tuple[ThemeGroup, ...]
    themes: dict[str, Theme]          # in display order: group by group, as written

    @property
    def ids(self) -> list[str]:
        return list(self.themes)

    def label(self, theme_id: str) -> str:
        theme = self.themes.get(theme_id)
        return theme.label if theme else theme_id

    def suggest(self, value: str) -> str:
        return did_you_mean(value, self.ids, cutoff=0.5, aside=True)


def _parse(data: Any, origin: str, groups: dict[str, ThemeGroup], themes: dict[str, Theme]) -> None:
    if isinstance(data, dict) and (unknown := unknown_keys(data, ("groups",))):
        raise ReviewConfigError(problems_message(unknown), file=origin)
    if not isinstance(data, dict) or not isinstance(data.get("groups"), list):
        raise ReviewConfigError("must hold a list under 'groups' (each with id, label and themes).", file=origin)
    for g, group in enumerate(data["groups"], start=1):
        where = f"{origin}, group {g}"
        if isinstance(group, dict) and (unknown := unknown_keys(group, GROUP_KEYS)):
            raise ReviewConfigError(problems_message(unknown), where=where)
        if not isinstance(group, dict) or not str(group.get("id", "")).strip():
            raise ReviewConfigError("each group needs an 'id' (A, B, C...).", where=where)
        gid = str(group["id"]).strip()
        label = str(group.get("label") or (groups[gid].label if gid in groups else gid)).strip()
        groups[gid] = ThemeGroup(gid, label)
        items = group.get("themes") or []
        if not isinstance(items, list):
            raise ReviewConfigError("'themes' must be a list (one '- id: ...' per theme).", where=where)
        seen: set[str] = set()
        for t, item in enumerate(items, start=1):
            spot = f"{where} ({gid}), theme {t}"
            if isinstance(item, dict) and (unknown := unknown_keys(item, THEME_KEYS)):
                raise ReviewConfigError(problems_message(unknown), where=spot)
            if not isinstance(item, dict) or not item.get("id") or not item.get("label"):
                raise ReviewConfigError("each theme needs an 'id' and a 'label'.", where=spot)
            tid = str(item["id"]).strip()
            if not THEME_ID.match(tid):
                raise ReviewConfigError(f"the id '{tid}' must start with a letter and hold only letters, digits, "
                                        "'-', '_' or '.'.", where=spot)
            if tid in seen:
                raise ReviewConfigError(f"the id '{tid}' is used twice in this file.", where=spot)
            seen.add(tid)
            themes[tid] = Theme(tid, str(item["label"]).strip(), gid, str(item.get("source") or "").strip(),
                                str(item.get("description") or "").strip())


def _read(path: Path) -> Any:
    try:
        return load_yaml(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise ReviewConfigError(yaml_problem(exc), file=str(path)) from exc


def load_themes(review_dir: str | Path | None = None) -> Taxonomy:
    """The built-in taxonomy, extended and overridden by ``<review>/themes.yaml`` if there is one."""
    groups: dict[str, ThemeGroup] = {}
    themes: dict[str, Theme] = {}
    _parse(builtin_yaml(THEMES_FILE), f"reviewbench/data/{THEMES_FILE}", groups, themes)
    if review_dir is not None:
        local = Path(review_dir) / THEMES_FILE
        if local.exists():
            _parse(_read(local), str(local), groups, themes)
    order = list(groups)
    ordered = dict(sorted(themes.items(), key=lambda kv: order.index(kv[1].group)))   # stable within a group
    return Taxonomy(tuple(groups.values()), ordered)
