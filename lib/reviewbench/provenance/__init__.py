"""Provenance: the build manifest, and re-running a build to prove it follows from its inputs."""

from .manifest import MANIFEST, build_manifest, read_manifest, write_manifest
from .verify import VerifyResult, verify_review

__all__ = ["MANIFEST", "VerifyResult", "build_manifest", "read_manifest", "verify_review", "write_manifest"]
