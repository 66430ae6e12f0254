"""Provenance: the build manifest, what each report was rendered from, and re-running a build to prove it
follows from its inputs."""

from .manifest import MANIFEST, build_manifest, read_manifest, write_manifest
from .rendered import record_rendered, rendered_status
from .verify import VerifyResult, verify_review

__all__ = ["MANIFEST", "VerifyResult", "build_manifest", "read_manifest", "record_rendered", "rendered_status",
           "verify_review", "write_manifest"]
