"""The prompts of the agency network, each with the rule behind it and the words that matched, and
the control that dismisses a wrong one (with the reason, saved to authored/dismissed_prompts.yaml)."""

from __future__ import annotations

import ipywidgets as W

from ...authored.dismissals import gone_sentence
from ...errors import ReviewbenchError
from ..api import Workbench
from ..filters import esc
from .controls import WIDE, _area, _guarded, _row, _set_options, _short, _while_busy, button


def basis_html(prompt: dict) -> str:
    """A prompt's text, then why it was made: its rule and setting, a gap's edges, what matched per entry."""
    setting = ", ".join(f"{esc(k)} {esc(v)}" for k, v in (prompt.get("setting") or {}).items())
    parts = [f"<p style='margin:2px 0'>{esc(prompt.get('text', ''))}</p>",
             f"<div><b>Rule</b> <code>{esc(prompt.get('rule', ''))}</code>"
             + (f" &middot; setting: {setting}" if setting else "")
             + f" &middot; key <code>{esc(prompt.get('key', ''))}</code></div>"]
    edges = prompt.get("edges") or []
    if edges:
        before, after = (e or "the edge of the period" for e in edges)
        parts.append(f"<div><b>Between</b> {esc(before)} and {esc(after)}</div>")
    matched = prompt.get("matched") or []
    if matched:
        rows = "".join(f"<tr><td>{esc(m['entry_id'])}</td><td><code>{esc(m['cue'])}</code></td>"
                       f"<td>{esc(m.get('text', ''))}</td></tr>" for m in matched)
        parts.append("<table style='border-collapse:collapse;margin-top:4px'><tr><th align='left'>Entry</th>"
                     f"<th align='left'>Cue of the rules</th><th align='left'>Words that matched</th></tr>{rows}"
                     "</table>")
    ids = prompt.get("entry_ids") or []
    if ids and not matched:
        parts.append(f"<div><b>Entries</b> {esc(', '.join(ids[:12]))}"
                     f"{esc(f' and {len(ids) - 12} more') if len(ids) > 12 else ''}</div>")
    return "".join(parts)


class PromptsPanel:
    """Live prompts with their basis and a *Dismiss as wrong* control; dismissed ones with *Restore*;
    dismissals whose prompt the analysis no longer makes, said as such."""

    def __init__(self, workbench: Workbench):
        self.wb = workbench
        self.status = W.HTML()
        self.build = button(description="Build the network", icon="cogs", button_style="warning",
                              tooltip="Run the network stage (as 'reviewbench graph') to make the prompts")
        self.build_message = W.HTML()
        self.live = W.Select(options=[], rows=10, layout=WIDE)
        self.detail = W.HTML()
        self.reason = _area(3, "Why this prompt is wrong (the quality checker reads this)")
        self.by = W.Text(placeholder="Your role, for example Lead reviewer (R1)", layout=W.Layout(width="30em"))
        self.dismiss = button(description="Dismiss as wrong", icon="ban", button_style="danger")
        self.message = W.HTML()
        self.dismissed = W.Select(options=[], rows=5, layout=WIDE)
        self.dismissed_detail = W.HTML()
        self.restore = button(description="Restore", icon="undo", tooltip="Make the prompt live again")
        self.restore_message = W.HTML()
        self.gone = W.HTML()

        self.build.on_click(self._build)
        self.live.observe(lambda _: self._show_live(), names="value")
        self.dismissed.observe(lambda _: self._show_dismissed(), names="value")
        self.dismiss.on_click(self._dismiss)
        self.restore.on_click(self._restore)
        workbench.on_change(self.refresh)
        self.widget = W.VBox([
            W.HBox([self.status, self.build, self.build_message]),
            W.HTML("<b>Prompts</b>: what the agency network analysis suggests asking; pick one to see the rule "
                   "behind it and the words that matched"), self.live, self.detail,
            _row("Reason", self.reason), _row("Dismissed by", self.by), W.HBox([self.dismiss]), self.message,
            W.HTML("<hr style='margin:6px 0'><b>Dismissed as wrong</b> (authored/dismissed_prompts.yaml)"),
            self.dismissed, self.dismissed_detail, W.HBox([self.restore]), self.restore_message, self.gone,
        ])
        self.refresh()

    def refresh(self) -> None:
        """Read the prompts again (after a save, a reload or a build)."""
        try:
            prompts = self.wb.prompts()
        except ReviewbenchError as exc:
            self.status.value = f"<span style='color:#8b0000'>{esc(str(exc))}</span>"
            self.build.layout.display = None
            for widget in (self.live, self.dismissed):
                _set_options(widget, [])
            self.gone.value = ""
            self._show_live()
            self._show_dismissed()
            return
        self._prompts = {p["key"]: p for p in prompts.live if p.get("key")}
        self._dismissals = {d.prompt: (p, d) for p, d in prompts.dismissed}
        self._dismissals.update({d.prompt: (None, d) for d in prompts.gone})
        stale = (" <span style='color:#7a5b00'>The network is older than the chronology or the rules: build it "
                 "again to see the prompts as they are now.</span>" if self.wb.network_stale else "")
        self.status.value = f"{esc(prompts.counts())}.{stale}"
        self.build.layout.display = None if self.wb.network_stale else "none"
        _set_options(self.live, [(f"{p['topic'].replace('-', ' ')}: {_short(p['text'], 110)}", key)
                                 for key, p in self._prompts.items()])
        _set_options(self.dismissed, [(f"{key}: {_short(d.text or d.reason, 100)}", key)
                                      for key, (_, d) in self._dismissals.items()])
        self.gone.value = "".join(f"<div style='color:#7a5b00;margin-top:4px'>{esc(line)}</div>"
                                  for line in (gone_sentence(d) for d in prompts.gone))
        self._show_live()
        self._show_dismissed()

    def _show_live(self) -> None:
        prompt = getattr(self, "_prompts", {}).get(self.live.value)
        self.detail.value = basis_html(prompt) if prompt else "<i>Pick a prompt to see the rule behind it.</i>"
        self.dismiss.disabled = prompt is None

    def _show_dismissed(self) -> None:
        found = getattr(self, "_dismissals", {}).get(self.dismissed.value)
        self.restore.disabled = found is None
        if found is None:
            self.dismissed_detail.value = ""
            return
        prompt, dismissal = found
        why = f"<div><b>Dismissed</b> {esc(dismissal.summary)}</div>"
        self.dismissed_detail.value = why + (basis_html(prompt) if prompt else
                                             "<i>The analysis no longer makes this prompt.</i>")

    def _dismiss(self, _=None) -> None:
        key = self.live.value

        def action() -> str:
            if not key:
                raise ReviewbenchError("pick a prompt first.")
            self.wb.dismiss_prompt(key, self.reason.value, self.by.value)
            return f"Dismissed {key} (saved to authored/dismissed_prompts.yaml); the quality checker sees why."
        if _guarded(self.message, action):
            self.reason.value = ""

    def _restore(self, _=None) -> None:
        key = self.dismissed.value

        def action() -> str:
            if not key:
                raise ReviewbenchError("pick a dismissed prompt first.")
            self.wb.restore_prompt(key)
            return f"Restored {key}: it is a live prompt again."
        _guarded(self.restore_message, action)

    def _build(self, _=None) -> None:
        def action() -> str:
            self.wb.build_network()
            return "Built."
        _while_busy(self.build, self.build_message, "Building the agency network...", action)
