"""The ``reviewbench`` command. Exit codes: 0 success, 1 the review has problems, 2 usage error."""

from __future__ import annotations

import argparse
import sys
import textwrap
import traceback
from pathlib import Path

from . import __version__
from .errors import AuthoredError, ReviewbenchError
from .os_problems import BUG_REPORT, explain


def _cmd_new(args) -> int:
    from .authored import load_authored
    from .authored.skeleton import write_skeletons
    from .config import load_review
    from .methodology import get_methodology
    from .workspace import new_review
    method = get_methodology(args.methodology)      # an unknown id is refused before anything is created
    folder = new_review(Path(args.dir), args.methodology, args.title)
    written = write_skeletons(folder, method)
    review = load_review(folder)                     # what we scaffold must validate, the skeletons too
    load_authored(review, methodology=method)
    _say_what_new_did(folder, review, method, written)
    return 0


def _say_what_new_did(folder: Path, review, method, written) -> None:
    """What ``new`` set and wrote, and the keys that change it: nothing a first-time user must guess."""
    from .methodology import list_methodologies
    print(f"Created the review folder {folder} for a {method.title} review.\n")
    print(f"It set, in {folder / 'review.yaml'} (edit that file to change any of them):")
    agencies = ", ".join(f"{a.name} ({a.short})" for a in review.agencies)
    for key, value, how in (
            ("scope", f"{review.scope.start} to {review.scope.end}",
             "a placeholder, from a year before this month to today: set the key 'scope: {start: YYYY-MM-DD, "
             "end: YYYY-MM-DD}' to the period under review"),
            ("agencies", agencies,
             "a common starting list: under the key 'agencies', keep the agencies involved and add the others, "
             "each with a 'name', the 'code' its entry ids start with, and as 'aliases' every name and "
             "abbreviation its records use"),
            ("methodology", method.id,
             f"the key 'methodology': one of {', '.join(list_methodologies(folder))}; 'reviewbench render DIR "
             "--methodology M' renders with another without changing it")):
        print(f"  {key:<12} {value}")
        for line in textwrap.wrap(how, 86, break_on_hyphens=False):
            print(f"  {'':<12} {line}")
    print()
    print(textwrap.fill(f"It wrote, in {folder / 'authored'}, a skeleton of each file the {method.title} report "
                        "is made from. Each explains its keys and holds a fictional example to copy; as they are, "
                        "they are gaps in the draft report, not errors:", 100, break_on_hyphens=False,
                        break_long_words=False))
    width = max((len(s.path) for s in written), default=0) - len("authored/")
    for skeleton in written:
        print(f"  {skeleton.path.removeprefix('authored/'):<{width}}  {skeleton.what}")
    print()
    print("Next:")
    print(f"  reviewbench templates {folder}    an intake template for each agency to fill in")
    print(f"  ... put what the agencies send back in {folder / 'agency_reports'} ...")
    print(f"  reviewbench ingest {folder}       the integrated chronology")


def _cmd_templates(args) -> int:
    from .config import load_review
    from .intake.blank_templates import write_intake_templates
    files = write_intake_templates(load_review(Path(args.dir)), overwrite=args.force, rapid_review=args.rapid_review)
    for path in files.written:
        print(f"Wrote {path}")
    for path in files.kept:
        print(f"Kept  {path} (it already exists; --force writes a fresh copy over it)")
    print("Send each agency its own pair (Excel or Word, as it prefers): its name is already in the "
          "'Agency:' cell, so the returned file is recognised as its own even when renamed.")
    if args.rapid_review:
        print("The rapid review summary forms (*_rapid-review-summary.docx) go back into agency_reports/ as they "
              "are: the ingest reads each heading's text for the rapid review.")
    return 0


def _ingest(folder: Path, strict: bool) -> int:
    from .build import run_ingest
    from .config import load_review
    review = load_review(folder)
    result = run_ingest(review)
    report = review.build_dir / "ingest_report.md"
    for failed in result.failed:
        print(f"Problem: {failed.error}", file=sys.stderr)
    for note in result.notices:
        print(f"Note: {note}", file=sys.stderr)
    if not result.files:
        print(f"There are no submissions in {review.reports_dir}; nothing to ingest.", file=sys.stderr)
        return 1
    if not result.ok:
        print(f"The ingest failed and no chronology was written. Details: {report}", file=sys.stderr)
        if result.discarded:
            print(f"Removed what was built from the previous chronology ({', '.join(result.discarded)}); "
                  "it is built again once the ingest succeeds.", file=sys.stderr)
        return 1
    read = sum(f.rows_read for f in result.files)
    print(f"Read {read} rows from {len(result.files)} files: {len(result.chronology)} entries accepted, "
          f"{len(result.rejects)} rejected, {len(result.joint_events)} joint events, "
          f"{len(result.conflicts)} date conflicts.")
    if result.summaries:
        print(f"Rapid review agency summary forms read: {len(result.summaries)} "
              f"({', '.join(s.agency for s in result.summaries)}).")
    print(f"Chronology: {review.build_dir / 'chronology.xlsx'} (also .csv and .json)")
    print(f"Ingest report: {report}")
    if strict and result.rejects:
        print(f"--strict: {len(result.rejects)} rows were rejected; see the report.", file=sys.stderr)
        return 1
    return 0


def _cmd_ingest(args) -> int:
    return _ingest(Path(args.dir), args.strict)


def _cmd_graph(args) -> int:
    from .build import run_graph
    if (args.dismiss or args.restore) and (args.start or args.end):
        print("reviewbench graph: --dismiss and --restore are about the prompts of the review scope "
              "(build/network/statements.csv); leave out --start and --end.", file=sys.stderr)
        return 2
    if args.dismiss and not (args.reason and args.by):
        print("reviewbench graph: --dismiss KEY needs --reason (why the prompt is wrong) and --by (who says so, "
              "by role), for the quality checker.", file=sys.stderr)
        return 2
    analysis = run_graph(Path(args.dir), start=args.start, end=args.end)
    print(analysis.summary())
    print(f"Network outputs: {analysis.outputs[0].parent}")
    if not (args.start or args.end):
        _dismissals(args, [s.as_dict() for s in analysis.statements])
    return 0


def _dismissals(args, statements: list[dict]) -> None:
    """``graph --dismiss`` / ``--restore``, then the prompts as the dismissals leave them."""
    import datetime as dt

    from .authored import load_authored
    from .authored.dismissals import dismiss, find_prompt, gone_sentence, restore, review_prompts
    from .config import load_review
    from .dates import parse_bound
    review = load_review(Path(args.dir))
    if not (args.dismiss or args.restore) and not (review.authored_dir / "dismissed_prompts.yaml").exists():
        return
    authored = load_authored(review)
    if args.dismiss:
        item = dismiss(authored, find_prompt(statements, args.dismiss), args.reason, args.by,
                       parse_bound(args.date, "--date") or dt.date.today())
        print(f"Dismissed {item.prompt} ({item.summary}); saved to authored/dismissed_prompts.yaml.")
    if args.restore:
        item = restore(authored, args.restore)
        print(f"Restored {item.prompt}: it is a live prompt again.")
    prompts = review_prompts(statements, authored.dismissals)
    print(f"Prompts: {prompts.counts()}.")
    for dismissal in prompts.gone:
        print(f"Note: {gone_sentence(dismissal)}", file=sys.stderr)


def _cmd_lenses(args) -> int:
    from .build import run_lenses
    result = run_lenses(Path(args.dir))
    print(result.summary())
    print(f"Lenses: {result.outputs[0].parent}")
    return 0


def _cmd_render(args) -> int:
    from .build import run_render
    if args.timeline and not args.publish:
        print("reviewbench render: --timeline adds a summary timeline to the public edition, so it goes with "
              "--publish (reviewbench render DIR --publish --timeline).", file=sys.stderr)
        return 2
    result = run_render(Path(args.dir), publish=args.publish, timeline=args.timeline,
                        methodology=args.methodology, chronology_appendix=args.chronology)
    _print_render(result)
    return 0


def _print_render(result) -> None:
    for note in result.warnings:
        print(f"Note: {note}", file=sys.stderr)
    if result.publish:
        timeline = " It ends with a summary timeline of the entries it cites." if result.timeline else ""
        accepted = (f" apart from {result.accepted} item(s) a reviewer accepted (private/publication_decisions.yaml;"
                    " 'reviewbench check' lists them)" if result.accepted else "")
        print(f"Public edition: {result.html}\nWord:           {result.docx}\n"
              f"It has no gaps and the publication check found nothing{accepted}.{timeline} The working draft "
              "(build/report.*) was not changed.")
        return
    print(f"Report: {result.html}\nWord:   {result.docx}")
    if result.workbook:
        print(f"The chronology appendix lists the entries the report cites; the whole chronology is in "
              f"{result.workbook}.")
    if result.gaps:
        print(f"The draft has {len(result.gaps)} gap(s) to write:")
        for gap in result.gaps:
            print(f"  - {gap}")


def _cmd_lab(args) -> int:
    from .workbench import launch_lab
    return launch_lab(Path(args.dir), open_browser=not args.no_browser, port=args.port,
                      allow_root=args.allow_root, notebook=args.notebook)


def _cmd_verify(args) -> int:
    from .portfolio import load_actions
    from .verify import verify_review
    result = verify_review(Path(args.dir), read_plan=load_actions)
    for line in result.lines():
        print(line)
    return 0 if result.ok else 1


def _cmd_check(args) -> int:
    from .build import run_check
    result = run_check(Path(args.dir))
    for line in result.lines():
        print(line)
    return 0 if result.ok else 1


def _cmd_status(args) -> int:
    import datetime as dt
    import json

    from .config import load_review
    from .dates import parse_bound
    from .process.status import review_status
    status = review_status(load_review(Path(args.dir)), parse_bound(args.as_of, "--as-of") or dt.date.today())
    if args.json:
        print(json.dumps(status.as_dict(), indent=2, ensure_ascii=False))
    else:
        for line in status.lines():
            print(line)
    return 0 if status.ok else 1


def _review_done(outcome, count: int, total: int) -> None:
    """The progress line of a portfolio build: one line as each review is done, on the pool or a cluster."""
    name = outcome.id or Path(outcome.folder).name
    if not outcome.ok:
        said = f"FAILED: {outcome.reason}"
    else:
        said = f"built {', '.join(outcome.built)}" if outcome.built else "up to date"
    print(f"[{count}/{total}] {name}: {said}", flush=True)
    for problem in outcome.problems:
        print(f"    Problem: {problem}", flush=True)


def _portfolio_summary(result) -> None:
    actions = sum(len(o.actions) for o in result.outcomes)
    flagged = sum(1 for o in result.outcomes for a in o.actions if a["flags"])
    unread = result.not_counted
    print(f"{result.portfolio.partnership}: {len(result.outcomes)} reviews, {len(result.failed)} failed to build; "
          f"{actions} actions, {flagged} flagged" + (f" (not counted: the actions of {unread})." if unread else "."))
    _say_themes(result)
    for outcome in result.failed:
        print(f"Failed: {outcome.folder}: {outcome.reason}", file=sys.stderr)
    for problem in result.problems:
        print(f"Problem: {problem}", file=sys.stderr)
    for note in result.notes:
        print(f"Note: {note}", file=sys.stderr)
    for path in result.outputs:
        print(f"Wrote {path}")


def _cmd_portfolio(args) -> int:
    from .dates import parse_bound
    from .portfolio import build_portfolio

    if args.workers is not None and args.workers < 1:
        print("reviewbench portfolio: --workers must be 1 or more.", file=sys.stderr)
        return 2
    if args.scheduler and args.workers is not None:
        print("reviewbench portfolio: --workers sets the local pool; with --scheduler the cluster's workers build "
              "the reviews. Give one or the other.", file=sys.stderr)
        return 2
    if args.connect_timeout is not None and args.connect_timeout <= 0:
        print("reviewbench portfolio: --connect-timeout must be more than 0 seconds.", file=sys.stderr)
        return 2
    if args.verify:
        if args.render:
            print("reviewbench portfolio: --verify checks each review's build as it is and builds nothing; leave "
                  "out --render (build first, then verify).", file=sys.stderr)
            return 2
        return _verify_portfolio(args)
    result = build_portfolio(Path(args.dir), as_of=parse_bound(args.as_of, "--as-of"), workers=args.workers,
                             render=args.render, on_done=_review_done, scheduler=args.scheduler,
                             connect_timeout=args.connect_timeout)
    _portfolio_summary(result)
    return 0 if result.ok else 1


def _verify_portfolio(args) -> int:
    """``portfolio DIR --verify``: each review verified as it finishes, then the count and build/verify.csv."""
    from .portfolio.verifying import verify_portfolio

    def said(outcome, done: int, total: int) -> None:
        name = outcome.id or Path(outcome.folder).name
        why = outcome.reason or outcome.not_verifiable or (outcome.problems[0] if outcome.problems else "")
        counted = f" ({len(outcome.problems)} difference(s); the first: {why})" if outcome.problems else (
            f": {why}" if why else "")
        print(f"[{done}/{total}] {name}: {outcome.verdict}{counted}", flush=True)

    result = verify_portfolio(Path(args.dir), workers=args.workers, scheduler=args.scheduler,
                              connect_timeout=args.connect_timeout, on_done=said)
    verdicts = [o.verdict for o in result.outcomes]
    print(f"{verdicts.count('verified')} of {len(verdicts)} verified; {verdicts.count('not verified')} not verified, "
          f"{verdicts.count('could not be verified')} could not be, {verdicts.count('not verifiable')} not "
          f"verifiable. 'reviewbench verify FOLDER' says everything about one.")
    print(f"Wrote {result.output}")
    return 0 if result.ok else 1


def _say_themes(result) -> None:
    """The themes matrix in two lines: what recurs across reviews' findings, and each priority's reviews."""
    matrix = result.themes
    recurring = matrix.recurring()
    print(f"Themes: {len(matrix.columns)} in the matrix; found in findings of two or more reviews: "
          + (", ".join(f"{column.id} ({len(cells)} reviews)" for column, cells in recurring) or "none") + ".")
    for priority in matrix.priorities:
        print(f"Priority {priority.theme}: {priority.said}.")


def _cmd_yearly(args) -> int:
    import datetime as dt

    from .dates import parse_bound
    from .portfolio import build_portfolio
    from .portfolio.yearly import reporting_year, write_yearly
    try:
        year = reporting_year(args.year)                 # a wrong year is refused before anything is built
    except ReviewbenchError as exc:
        print(f"reviewbench yearly: {exc}", file=sys.stderr)
        return 2
    as_of = parse_bound(args.as_of, "--as-of") or dt.date.today()
    result = build_portfolio(Path(args.dir), as_of=as_of, workers=args.workers)
    for outcome in result.failed:
        print(f"Failed: {outcome.folder}: {outcome.reason}", file=sys.stderr)
    written = write_yearly(result, year, as_of)
    unread = result.not_counted
    print(f"{result.portfolio.partnership}, {year.label}: reviews with a date in the year: {written.reviews}; "
          f"items of evidence of impact dated in it: {written.evidence}"
          + (f" (not counted: those of {unread})" if unread else "")
          + f"; actions as of {as_of.isoformat()}.")
    for path in written.outputs:
        print(f"Wrote {path}")
    for line in written.unchecked:
        print(f"Not checked: {line}", file=sys.stderr)
    if written.found:
        print("The publication scan found what could identify someone; look at each before it is published:",
              file=sys.stderr)
        for line in written.found:
            print(f"  {line}", file=sys.stderr)
    elif written.unchecked:
        print("The publication scan found nothing in what it could check; it could not check everything (above).")
    else:
        print("The publication scan found no registered name or identifying detail.")
    return 1 if written.found or not result.ok else 0


def _cmd_actions(args) -> int:
    import datetime as dt

    from .config import load_review
    from .dates import dmy, long_date, parse_bound
    from .portfolio import action_flags, load_actions
    review = load_review(Path(args.dir))
    today = parse_bound(args.as_of, "--as-of") or dt.date.today()
    if args.export:
        from .portfolio.workbook import export_returns
        _print_exported(export_returns(review), review.root / "action_returns", "actions")
    if args.read is not None:
        from .portfolio.returns import read_returns
        result = read_returns(review, args.read or None, today=today)
        _print_returns(result, f"{result.total('accepted')} accepted, {result.total('rejected')} rejected, "
                               f"{result.total('unchanged')} unchanged, {result.total('conflicting')} conflicting",
                       [f"  Conflict: {c['file']}, {c['location']}: {c['reason']}" for c in result.conflicts])
        if result.failed:
            return 1
    if not args.export and args.read is None:
        plan = load_actions(review)
        print(f"{review.title}: {len(plan.actions)} actions in {plan.path} (as of {long_date(today)}).")
        for action in plan.actions:
            flags = action_flags(action, today)
            print(f"  {action.id:<8} {action.status:<12} due {dmy(action.due)}  {plan.owner(action)}"
                  + (f"  [{', '.join(f.label for f in flags)}]" if flags else ""))
            for flag in flags:
                print(f"           {flag.label}: {flag.evidence}. Rule: {flag.statement}")
    return 0


def _said(document) -> int:
    """A document published beside the report: what its scan found, then 0, or 1 when it is not safe."""
    print("\n".join(document.lines()))
    return 0 if document.ok else 1


def _cmd_response(args) -> int:
    from .build import run_response
    from .config import load_review
    from .portfolio import load_actions
    review = load_review(Path(args.dir))
    return _said(run_response(review, load_actions(review)))


def _cmd_summary(args) -> int:
    from .build import run_summary
    return _said(run_summary(Path(args.dir)))


def _cmd_dissemination(args) -> int:
    from .config import load_review
    from .dissemination import RECORD_FILE, load_record
    review = load_review(Path(args.dir))
    uses = load_record(review)
    print(f"{review.title}: {len(uses)} recorded use(s) in {review.authored_dir / RECORD_FILE}.")
    for use in uses:
        print(f"  {use.line()}")
        if use.agencies:
            print(f"      agencies: {', '.join(use.agencies)}")
        for feedback in use.feedback:
            rated = f" (rated {feedback.rating} of 5)" if feedback.rating is not None else ""
            print(f"      feedback: {feedback.summary}{rated}")
        if use.by:
            print(f"      recorded by {use.by}")
    return 0


def _print_exported(paths: list[Path], returns_dir: Path, verb: str) -> None:
    for path in paths:
        print(f"Wrote {path}")
    print(f"Send each agency its own workbook; put what they send back in {returns_dir} and run "
          f"'reviewbench {verb} DIR --read'.")


def _print_returns(result, counts: str, notes: list[str]) -> None:
    """What reading the agencies' returns did: the files refused, the rows' counts, each row rejected, then
    ``notes`` (the conflicts, the changes), then the files written."""
    for failed in result.failed:
        print(f"Problem: {failed.error}", file=sys.stderr)
    print(f"Read {result.total('read')} rows from {len(result.files)} returns: {counts}.")
    for reject in result.rejects:
        print(f"  Rejected: {reject.file}, {reject.location}: {reject.reason}")
    for note in notes:
        print(note)
    for path in result.outputs:
        print(f"Wrote {path}")


def _cmd_audit(args) -> int:
    from .build import run_audit_export, run_audit_read, run_audit_summary
    from .config import load_review
    review = load_review(Path(args.dir))
    status = 0
    if args.export:
        _print_exported(run_audit_export(review), review.root / "audit_returns", "audit")
    if args.read is not None:
        result = run_audit_read(review, args.read or None)
        _print_returns(result, f"{result.total('applied')} applied ({len(result.changed)} changed), "
                               f"{result.total('rejected')} rejected, {result.total('unchanged')} unchanged or not "
                               "answered",
                       [f"  Changed: {c['file']}, {c['location']}: case {c['case']}, question {c['question']} "
                        f"({c['agency']}) was '{c['was']}', now '{c['now']}' (the earlier answer is kept in its "
                        "history)" for c in result.changed])
        status = 1 if result.failed else 0
    if not args.export and args.read is None:
        summary = run_audit_summary(review, docx=args.docx)
        overall = summary.overall
        print(f"{review.title}: {len(review.audit.cases)} cases, {len(summary.agencies)} agencies, "
              f"{len(summary.questions.questions)} questions; {overall['answered']} of {overall['expected']} "
              f"answers given, {overall['not_given']} not given.")
        for row in summary.rows:
            if row["level"] == "section" and row["agency"] == "All agencies":
                score = f"score {row['score']}%" if row["score"] != "" else "not scored"
                print(f"  {row['section']:<28} {row['answered']:>3} of {row['expected']:<3} {score}")
        for path in summary.outputs:
            print(f"Wrote {path}")
    return status


def _cmd_briefing_or_deck(args) -> int:
    """``briefing`` and ``deck``: what was written, what was noticed, what the publication check found."""
    from . import build
    from .dates import parse_bound
    run = build.run_briefing if args.command == "briefing" else build.run_deck
    result = run(Path(args.dir), day=parse_bound(args.day, "--day"))
    for line in result.lines():
        print(line)
    return 0 if result.ok else 1


def _cmd_demo(args) -> int:
    from .build import run_render
    from .workspace import demo_review, example_review
    folder = demo_review()
    print(f"Example review (fictional): {folder}")
    if folder != example_review():
        print(f"  (a copy of the bundled example, yours to change: 'reviewbench demo' in {folder.parent} builds it "
              "again; delete it for a fresh copy)")
    status = _ingest(folder, strict=False)
    if status:
        return status
    result = run_render(folder)               # brings the agency network up to date first
    print(f"Agency network: {folder / 'build' / 'network'}")
    _print_render(result)
    status = _demo_portfolio()
    if not args.all:
        return status
    return _demo_others(folder, result) or status


def _demo_portfolio() -> int:
    """The demo's second part: the example portfolio (the example review with two small ones) built without
    rendering, its tables written, and where they are."""
    from .portfolio import build_portfolio
    from .workspace import demo_portfolio
    folder = demo_portfolio()
    print(f"\nExample portfolio (fictional): {folder}")
    result = build_portfolio(folder, on_done=_review_done)
    _portfolio_summary(result)
    print(f"Portfolio: {result.portfolio.build_dir} (reviewbench portfolio {folder} builds it again)")
    return 0 if result.ok else 1


def _demo_others(folder: Path, own) -> int:
    """``demo --all``: the example rendered with every other built-in methodology too, each into
    build/methodologies/<id>/, then a table of where each report is. A methodology whose authored content
    cannot be used is named with its problem, and the others are still rendered."""
    from .build import run_render
    from .methodology import list_methodologies
    rows = [(own.methodology, str(own.html), f"{len(own.gaps)} gap(s)")]
    failed = 0
    for method_id in list_methodologies():
        if method_id == own.methodology:
            continue
        print(f"Rendering the example with {method_id}...")
        try:
            result = run_render(folder, methodology=method_id)
        except AuthoredError as exc:            # the example has no content for it yet: say what stops it
            failed += 1
            rows.append((method_id, "not rendered", f"{len(exc.problems)} problem(s) in the authored content, the "
                                                    f"first: {exc.problems[0]}"))
            continue
        rows.append((method_id, str(result.html), f"{len(result.gaps)} gap(s)"))
    width = max(len(r[0]) for r in rows)
    print(f"\nThe example rendered with each methodology (review.yaml's is {own.methodology}):")
    for method_id, where, note in rows:
        print(f"  {method_id:<{width}}  {where}  ({note})")
    return 1 if failed else 0


def _workbook_options(p: argparse.ArgumentParser, export_dir: str, returns_dir: str, read_into: str) -> None:
    """DIR, --export and --read of a verb that sends each agency a workbook and reads their returns."""
    p.add_argument("dir")
    p.add_argument("--export", action="store_true", help=f"write {export_dir}/<agency code>.xlsx for each agency")
    p.add_argument("--read", nargs="*", metavar="FILE",
                   help=f"read the agencies' returns (default: every .xlsx in DIR/{returns_dir}/) {read_into}")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="reviewbench", description=__doc__.splitlines()[0])
    parser.add_argument("--version", action="version", version=f"reviewbench {__version__}")
    parser.add_argument("--debug", action="store_true", help="show the full traceback of an unexpected error")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("new", help="create a review folder")
    p.add_argument("dir")
    p.add_argument("--methodology", required=True, help="e.g. scie-learning-together, rca, silp")
    p.add_argument("--title")
    p.set_defaults(func=_cmd_new)

    p = sub.add_parser("templates", help="write a chronology template (xlsx and docx) for each agency of "
                                         "review.yaml into DIR/intake/")
    p.add_argument("dir")
    p.add_argument("--force", action="store_true", help="overwrite existing templates (by default they are kept)")
    p.add_argument("--rapid-review", action="store_true",
                   help="also write each agency's rapid review agency summary form (docx)")
    p.set_defaults(func=_cmd_templates)

    p = sub.add_parser("ingest", help="build the integrated chronology from agency_reports/")
    p.add_argument("dir")
    p.add_argument("--strict", action="store_true", help="exit 1 if any row was rejected")
    p.set_defaults(func=_cmd_ingest)

    p = sub.add_parser("graph", help="agency interaction graph, metrics and patterns (build/network/)")
    p.add_argument("dir")
    p.add_argument("--start", help="first day of a time slice (YYYY-MM-DD); default: the review scope")
    p.add_argument("--end", help="last day of a time slice (YYYY-MM-DD)")
    p.add_argument("--dismiss", metavar="KEY",
                   help="record the prompt KEY (build/network/statements.csv) as wrong in "
                        "authored/dismissed_prompts.yaml; needs --reason and --by")
    p.add_argument("--reason", help="with --dismiss: why the prompt is wrong (the quality checker reads it)")
    p.add_argument("--by", help="with --dismiss: who dismisses it, by role (e.g. 'Lead reviewer (R1)')")
    p.add_argument("--date", help="with --dismiss: the date of the decision (YYYY-MM-DD); default: today")
    p.add_argument("--restore", metavar="KEY", help="take back the dismissal of the prompt KEY")
    p.set_defaults(func=_cmd_graph)

    p = sub.add_parser("lenses", help="the reviewer's lenses: the child's voice, the adults around the child "
                                      "(build/analysis/)")
    p.add_argument("dir")
    p.set_defaults(func=_cmd_lenses)

    p = sub.add_parser("render", help="render the draft report (build/report.*), or with --publish the public "
                                      "edition (build/publish/report.*)")
    p.add_argument("dir")
    p.add_argument("--methodology", help="render with another methodology than review.yaml names")
    p.add_argument("--publish", action="store_true",
                   help="render the public edition (build/publish/report.html, .docx) instead of the draft; "
                        "refused while a gap remains or anything in it could identify someone")
    p.add_argument("--timeline", action="store_true",
                   help="with --publish: end the public edition with a summary timeline of the entries it cites")
    p.add_argument("--chronology", choices=["in-scope", "all"], default="in-scope",
                   help="which entries the draft's chronology appendix holds")
    p.set_defaults(func=_cmd_render)

    p = sub.add_parser("lab", help="open JupyterLab on the review's workbench notebook (localhost only)",
                       description="Open JupyterLab on this computer only, on the review's own copy of the "
                                   "workbench notebook (or of another shipped notebook, --notebook). JupyterLab and "
                                   "its kernels get REVIEWBENCH_REVIEW_DIR=DIR, which every shipped notebook takes "
                                   "as its review_dir.")
    p.add_argument("dir")
    p.add_argument("--notebook", metavar="NAME",
                   help="open the review's own copy of another shipped notebook instead (chronology, "
                        "agency_network, or report: the draft report of any methodology); made once, never "
                        "overwritten")
    p.add_argument("--no-browser", action="store_true", help="do not open a browser; print the address")
    p.add_argument("--port", type=int, help="port to listen on (default: the first free one from 8888)")
    p.add_argument("--allow-root", action="store_true", help="let JupyterLab run as root (containers)")
    p.set_defaults(func=_cmd_lab)

    p = sub.add_parser("verify", help="re-run the build from the raw inputs and compare with the last build")
    p.add_argument("dir")
    p.set_defaults(func=_cmd_verify)

    p = sub.add_parser("check", help="publication safety, quality markers and timescales (build/quality.*)")
    p.add_argument("dir")
    p.set_defaults(func=_cmd_check)

    p = sub.add_parser("status", help="where the review stands in its statutory process: done, overdue, due next "
                                      "(per its rules pack)")
    p.add_argument("dir")
    p.add_argument("--as-of", metavar="DATE", help="the day to judge against (YYYY-MM-DD); default: today")
    p.add_argument("--json", action="store_true", help="print the status as JSON, for scripts")
    p.set_defaults(func=_cmd_status)

    p = sub.add_parser("portfolio", help="a partnership's reviews, audits and actions together: builds each review "
                                         "that is out of date, then DIR/build/portfolio.csv, actions.csv, actions.xlsx")
    p.add_argument("dir", help="the portfolio folder (holding portfolio.yaml)")
    p.add_argument("--workers", type=int, metavar="N", help="build N reviews at once (default: the number of cores)")
    p.add_argument("--render", action="store_true", help="also render each draft report that is out of date")
    p.add_argument("--as-of", metavar="DATE", help="the day actions and clocks are judged on (YYYY-MM-DD); default: "
                                                   "today")
    p.add_argument("--scheduler", metavar="ADDRESS",
                   help="build the reviews on a Dask distributed cluster whose scheduler is at ADDRESS "
                        "(tcp://host:port); its workers must see the review folders at the same paths")
    p.add_argument("--connect-timeout", type=float, metavar="SECONDS",
                   help="with --scheduler: how long to try to reach the scheduler (default: 10)")
    p.add_argument("--verify", action="store_true",
                   help="verify each review instead (reviewbench verify: re-run from its raw inputs, compared with "
                        "its build), on the pool or the cluster; builds nothing; writes DIR/build/verify.csv")
    p.set_defaults(func=_cmd_portfolio)

    p = sub.add_parser("yearly", help="the partnership's yearly report section for a reporting year (April to March): "
                                      "builds the portfolio, then DIR/build/yearly_report.docx and .html")
    p.add_argument("dir", help="the portfolio folder (holding portfolio.yaml)")
    p.add_argument("--year", required=True, metavar="YYYY-YY",
                   help="the reporting year, 1 April to 31 March: 2025-26 (or 2025/26, 2025-2026)")
    p.add_argument("--as-of", metavar="DATE", help="the day actions are judged on (YYYY-MM-DD); default: today")
    p.add_argument("--workers", type=int, metavar="N", help="reviews built at once (default: the cores)")
    p.set_defaults(func=_cmd_yearly)

    p = sub.add_parser("actions", help="the review's action plan (authored/actions.yaml) with its flags; workbooks "
                                       "for the agencies (--export) and their returns read back (--read)")
    _workbook_options(p, "build/actions", "action_returns", "and append what they add to authored/actions.yaml")
    p.add_argument("--as-of", metavar="DATE", help="the day to judge against (YYYY-MM-DD); default: today")
    p.set_defaults(func=_cmd_actions)

    for name, said, func in (
            ("response", "the safeguarding partners' response (authored/response.yaml) beside the report: "
                         "build/response.html and .docx, with each recommendation's actions, scanned for anything "
                         "that could identify someone", _cmd_response),
            ("summary", "the review in plain words: build/dissemination/summary.html and .docx, scanned for "
                        "anything that could identify someone", _cmd_summary),
            ("dissemination", "where the review's report, response, summary, briefing and deck were used, and what "
                              "people said (authored/dissemination.yaml)", _cmd_dissemination)):
        p = sub.add_parser(name, help=said)
        p.add_argument("dir")
        p.set_defaults(func=func)

    p = sub.add_parser("audit", help="a multi-agency case audit (kind: audit): scored and summarised "
                                     "(build/audit_summary.*); workbooks for the agencies (--export) and their "
                                     "returns read back (--read)")
    _workbook_options(p, "build/audit", "audit_returns", "into authored/audit_answers.yaml")
    p.add_argument("--docx", action="store_true", help="also write build/audit_summary.docx (Word)")
    p.set_defaults(func=_cmd_audit)
    for verb, what in (("briefing", "the review's seven-minute briefing on one A4 page: "
                                    "build/dissemination/briefing.docx and briefing.html"),
                       ("deck", "the slides of a learning event, with the citations in the speaker notes: "
                                "build/dissemination/deck.pptx")):
        p = sub.add_parser(verb, help=what)
        p.add_argument("dir")
        p.add_argument("--day", metavar="DATE", help="the day it is dated (YYYY-MM-DD); default: review.yaml's "
                                                     "dates.publication, else today")
        p.set_defaults(func=_cmd_briefing_or_deck)

    p = sub.add_parser("demo", help="build the bundled fictional example review, then the example portfolio")
    p.add_argument("--all", action="store_true",
                   help="also render it with every other built-in methodology (into build/methodologies/<id>/) "
                        "and list where each report is")
    p.set_defaults(func=_cmd_demo)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except ReviewbenchError as exc:
        print(f"Problem: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("Stopped.", file=sys.stderr)
        return 1
    except OSError as exc:
        explained = explain(exc)
        if explained is None:
            return _bug(exc, args.debug)
        if args.debug:
            traceback.print_exc()
        print(f"Problem: {explained}", file=sys.stderr)
        return 1
    except Exception as exc:  # noqa: BLE001 - last line of defence: a sentence, not a traceback
        return _bug(exc, args.debug)


def _bug(exc: BaseException, debug: bool) -> int:
    if debug:
        traceback.print_exc()
    print(f"reviewbench {__version__} hit an unexpected problem ({type(exc).__name__}: {exc}). {BUG_REPORT}",
          file=sys.stderr)
    return 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
