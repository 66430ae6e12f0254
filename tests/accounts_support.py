"""The labelled set of the accounts lens (tests/data/labelled_accounts/): each case loaded, and the
lens's rows scored against the hand labels (imported by tests/test_lenses_accounts*.py and bench/)."""

from __future__ import annotations

from pathlib import Path

import yaml_files
from lens_support import Score

LABELLED_ACCOUNTS = Path(__file__).parent / "data" / "labelled_accounts"
ACCOUNT_CASES = tuple(sorted(p.stem for p in LABELLED_ACCOUNTS.glob("A*.yaml")))


def load_account_case(case: str) -> dict:
    return yaml_files.safe_load((LABELLED_ACCOUNTS / f"{case}.yaml").read_text(encoding="utf-8"))


def accounts_score(case: dict, accounts) -> tuple[Score, Score]:
    """((entry, claim) accounts, (entry, claim) contradicting records), found against labelled."""
    cid = case["case"]
    claims = {(cid, e["id"], c) for e in case["entries"] for c in e.get("accounts") or []}
    contradicting = {(cid, e["id"], c) for e in case["entries"] for c in e.get("contradicts") or []}
    found_claims = {(cid, r.claim_entry_id, r.claim) for r in accounts.itertuples()}
    found_contradicting = {(cid, r.contradicting_entry_id, r.claim) for r in accounts.itertuples()
                           if r.contradicting_entry_id}
    return Score(found_claims, claims), Score(found_contradicting, contradicting)
