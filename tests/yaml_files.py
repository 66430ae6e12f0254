"""YAML for the files the tests write and read themselves (review.yaml, authored files, the labelled
corpora): PyYAML's safe loader and dumper, through libyaml's C parser and emitter when PyYAML has them
(as ``reviewbench.yamlio`` reads), about six times faster than the pure-Python classes behind
``yaml.safe_load`` and ``yaml.safe_dump``: the suite writes and reads a few thousand such files."""

from __future__ import annotations

from typing import IO, Any

import yaml

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def safe_load(stream: str | bytes | IO) -> Any:
    return yaml.load(stream, Loader=_LOADER)  # noqa: S506 - a safe loader


def safe_dump(data: Any, stream: IO | None = None, **options) -> str | None:
    return yaml.dump(data, stream, Dumper=_DUMPER, **options)
