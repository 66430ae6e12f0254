"""Provenance: the build manifest (what a build was made from, with what, and what it made) and
the comparison of two builds; re-running a build to prove it is :mod:`reviewbench.verify`."""

from .manifest import MANIFEST, build_manifest, read_manifest, write_manifest

__all__ = ["MANIFEST", "build_manifest", "read_manifest", "write_manifest"]
