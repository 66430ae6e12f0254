"""YAML for the files the tests write and read themselves (review.yaml, authored files, the labelled
corpora): read with reviewbench's own reader (``reviewbench.yamlio.load_yaml``, libyaml's C parser), written
with libyaml's C emitter when PyYAML has it; about six times faster than the pure-Python classes behind
``yaml.safe_load`` and ``yaml.safe_dump``: the suite writes and reads a few thousand such files."""

from __future__ import annotations

from typing import IO, Any

import yaml

from reviewbench.yamlio import load_yaml as safe_load  # noqa: F401 - the tests' reader

_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def safe_dump(data: Any, stream: IO | None = None, **options) -> str | None:
    return yaml.dump(data, stream, Dumper=_DUMPER, **options)
