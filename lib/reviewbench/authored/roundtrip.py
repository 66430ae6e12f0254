"""Saving an authored list file by editing its text in place, so that a hand-written file stays the
reviewer's: comments, blank lines, key order, quoting, date style and block scalars of everything
not edited are kept byte for byte, and the diff of a save is what changed.

ruamel.yaml's round-trip loader says where each item and each key of the file starts (it reads
comments and the layout, which PyYAML drops). The file's text is then cut at those places:

- an item whose values are unchanged is copied as it is;
- an edited item keeps its lines, and only the lines of the keys whose value changed are
  replaced (a key no longer set is removed; a new key goes after the item's last key);
- a new item is appended after the last one; a deleted item is removed with the comment lines
  directly above it and those after it, up to the next item.

Only the lines replaced or added are written by reviewbench (:func:`.store.dump_yaml`: several
lines of text as a ``|`` block, dates unquoted). ruamel's own emitter is not used for the rest:
re-emitting a whole document re-wraps long lines and flow lists, which is the noise this module
is there to avoid. A file whose shape cannot be edited in place (a flow-style list, an item
that is not a mapping, an id twice) is written afresh below its leading comments.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Hashable

Render = Callable[[Any, int], list[str]]         # (data, indent) -> lines, each ending with "\n"


@dataclass(frozen=True)
class _Item:
    """Where one item of the list sits in the file (line numbers from 0; ends excluded)."""

    chunk: tuple[int, int]          # comments above it, the item, what follows it up to the next one
    start: int                      # its first line (the one with '- ')
    end: int                        # after its last line of content
    column: int                     # the column of its keys
    keys: tuple[tuple[Any, int, int], ...]       # (key, first line, after its last line)
    flow: bool


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _is_gap(line: str, column: int) -> bool:
    """A blank line, or a comment no deeper than ``column`` (deeper, it may be the text of a block)."""
    stripped = line.strip()
    return not stripped or (stripped.startswith("#") and _indent(line) <= column)


def _trim(lines: list[str], start: int, end: int, column: int) -> int:
    """``end`` moved back over the blank and comment lines that close the range ``start:end``."""
    while end > start + 1 and _is_gap(lines[end - 1], column):
        end -= 1
    return end


def _locate(lines: list[str], seq, key_line: int) -> list[_Item] | None:
    """Where each item of ``seq`` (ruamel's CommentedSeq of the file) sits; None for a layout other than
    '- key: value' items."""
    starts = [seq.lc.item(i) for i in range(len(seq))]
    aboves = []
    for line, column in starts:
        dash = lines[line].rfind("-", 0, column)
        if dash < 0 or lines[line][:dash].strip():
            return None                                 # not '- key: value' (a nested or odd layout)
        above = line
        while above - 1 > key_line and lines[above - 1].strip().startswith("#") and _indent(lines[above - 1]) <= dash:
            above -= 1
        aboves.append(above)
    items = []
    for i, (node, (line, column)) in enumerate(zip(seq, starts)):
        chunk_end = aboves[i + 1] if i + 1 < len(seq) else len(lines)
        end = _trim(lines, line, chunk_end, column)
        if i + 1 == len(seq):
            chunk_end = end                             # what follows the last item stays at the end
        keys = []
        if isinstance(node, dict) and not node.fa.flow_style():        # a CommentedMap in block style
            firsts = [(k, node.lc.key(k)[0]) for k in node]
            for j, (k, first) in enumerate(firsts):
                after = _trim(lines, first, firsts[j + 1][1], column) if j + 1 < len(firsts) else end
                keys.append((k, first, after))
        items.append(_Item((aboves[i], chunk_end), line, end, column, tuple(keys),
                           flow=not keys))
    return items


def _loaded(text: str, key: str):
    """(the file's lines, the line of ``key``, ruamel's node under it) when ``key`` is the file's last
    top-level key; None when the text is not YAML or has another shape."""
    from ruamel.yaml import YAML  # here: only a save needs it, and its import costs tenths of a second
    from ruamel.yaml.comments import CommentedMap
    from ruamel.yaml.error import YAMLError as RuamelError

    try:
        data = YAML(typ="rt").load(text)
    except RuamelError:
        return None
    if not isinstance(data, CommentedMap) or key not in data or list(data)[-1] != key:
        return None
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    return lines, data.lc.key(key)[0], data[key]


def _below_key(lines: list[str], key_line: int, key: str, node, kind: type, empty: str, new, render: Render):
    """The file with ``new`` written under a ``key`` that holds nothing yet (``key:`` or ``key: []``/``{}``)."""
    if node is not None and not isinstance(node, kind):
        return None
    if lines[key_line].split("#", 1)[0].strip() not in (f"{key}:", f"{key}: {empty}"):
        return None
    body = render({key: new}, 0) if new else [lines[key_line]]
    return "".join(lines[:key_line] + body + lines[key_line + 1:])


def edit_list_text(text: str, key: str, old: list[dict], new: list[dict], identity: Callable[[dict], Hashable],
                   render: Render) -> str | None:
    """``text`` (a YAML file with a list of items under ``key``) edited to hold the items ``new``.

    ``old`` is the file's items as the writer would write them (validated, in the file's order;
    they say which values changed), ``new`` the items to write, ``identity`` what makes an item
    the same item (its id), ``render`` what writes data at an indent. None when the file's shape
    cannot be edited in place (the caller writes it afresh).
    """
    from ruamel.yaml.comments import CommentedSeq

    loaded = _loaded(text, key)
    if loaded is None:
        return None
    lines, key_line, seq = loaded
    if not seq:                                         # 'kpes:' or 'kpes: []': the items go below it
        return _below_key(lines, key_line, key, seq, CommentedSeq, "[]", new, render)
    if not isinstance(seq, CommentedSeq) or seq.fa.flow_style() or len(seq) != len(old):
        return None
    where = _locate(lines, seq, key_line)
    if where is None:
        return None
    ids = [identity(item) for item in old]
    if len(set(ids)) != len(ids) or len({identity(item) for item in new}) != len(new):
        return None
    found = {ident: (place, item) for ident, place, item in zip(ids, where, old)}
    margin = _indent(lines[where[0].start])             # the column of the items' '- '
    out = lines[:where[0].chunk[0]]
    last_closed = True                                  # whether the last chunk written ends with its own gap
    gap = ["\n"] if len(where) > 1 and all(
        not lines[w.end].strip() for w in where[:-1] if w.end < len(lines)) else []
    for item in new:
        if not last_closed and gap:
            out += gap
        ident = identity(item)
        if ident in found:
            place, before = found[ident]
            out += _edited(lines, place, before, item, render)
            last_closed = place.chunk[1] > place.end
        else:
            out += [" " * margin + line for line in render([item], 0)]
            last_closed = False
    return "".join(out + lines[where[-1].chunk[1]:])


def _edited(lines: list[str], place: _Item, before: dict, after: dict, render: Render) -> list[str]:
    """The lines of one item of the file, with only the keys whose value changed written anew."""
    chunk = lines[place.chunk[0]:place.chunk[1]]
    if before == after:
        return chunk
    file_keys = [k for k, _, _ in place.keys]
    changed = {k for k in after if before.get(k, _MISSING) != after[k]}
    dropped = {k for k in before if k not in after}
    if place.flow or not set(before) <= set(file_keys) or file_keys[0] in changed | dropped:
        margin = _indent(lines[place.start])
        item = [" " * margin + line for line in render([after], 0)]
        return lines[place.chunk[0]:place.start] + item + lines[place.end:place.chunk[1]]
    out = lines[place.chunk[0]:place.start]
    for j, (k, first, after_last) in enumerate(place.keys):
        following = place.keys[j + 1][1] if j + 1 < len(place.keys) else place.end
        if k in changed:
            out += render({k: after[k]}, place.column)
        elif k not in dropped:
            out += lines[first:after_last]
        out += lines[after_last:following]              # comments between this key and the next
    for k in after:
        if k not in file_keys:
            out += render({k: after[k]}, place.column)
    return out + lines[place.end:place.chunk[1]]


_MISSING = object()


def edit_mapping_text(text: str, key: str, old: dict[str, dict], new: dict[str, dict], render: Render) -> str | None:
    """``text`` (a YAML file with a mapping of named items under ``key``, as ``authored/tags.yaml`` holds
    an entry id's tags) edited to hold ``new``: an unchanged item is copied as it is, comments above it
    included; a changed item is written anew in its place; a removed one goes with the comment lines
    directly above it; a new one is added at the end. ``old`` is the file's items as the writer would
    write them. None when the file's shape cannot be edited in place (the caller writes it afresh)."""
    from ruamel.yaml.comments import CommentedMap

    loaded = _loaded(text, key)
    if loaded is None:
        return None
    lines, key_line, mapping = loaded
    if not mapping:                                     # 'tags:' or 'tags: {}': the items go below it
        return _below_key(lines, key_line, key, mapping, CommentedMap, "{}", new, render)
    if not isinstance(mapping, CommentedMap) or mapping.fa.flow_style() or set(map(str, mapping)) != set(old):
        return None
    names = list(mapping)
    starts = [mapping.lc.key(name)[0] for name in names]
    column = _indent(lines[starts[0]])
    aboves = []
    for line in starts:
        above = line
        while above - 1 > key_line and lines[above - 1].strip().startswith("#") and _indent(lines[above - 1]) <= column:
            above -= 1
        aboves.append(above)
    chunks = {}
    for i, name in enumerate(names):
        chunk_end = aboves[i + 1] if i + 1 < len(names) else len(lines)
        end = _trim(lines, starts[i], chunk_end, column)
        chunks[str(name)] = (aboves[i], starts[i], end, chunk_end if i + 1 < len(names) else end)
    out = lines[:aboves[0]]
    for name in map(str, names):
        if name not in new:
            continue
        above, start, end, chunk_end = chunks[name]
        if old[name] == new[name]:
            out += lines[above:chunk_end]
        else:
            out += lines[above:start] + render({name: new[name]}, column) + lines[end:chunk_end]
    for name, item in new.items():
        if name not in old:
            out += render({name: item}, column)
    return "".join(out + lines[chunks[str(names[-1])][2]:])
