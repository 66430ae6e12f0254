"""Hostile inputs, part of the catalogue (issue 11): builds that fail half-way, commands run at once,
a review nobody may write to, a file where build/ should be, the last line of defence. Each test
names the case as a tester found it; each failed on the code before the fix.
"""

from __future__ import annotations

import errno
import fcntl
import json
import os
import pty
import shutil
import struct
import subprocess
import sys
import termios
import threading
import time
from contextlib import contextmanager
from pathlib import Path

import pytest

from reviewbench import cli
from reviewbench.build import run_check, run_graph, run_ingest
from reviewbench.errors import ReviewbenchError, StaleBuildError
from reviewbench.hashing import file_sha256
from reviewbench.os_problems import BUG_REPORT, explain
from reviewbench.stages import build_lock

REVIEWBENCH = [sys.executable, "-m", "reviewbench.cli"]

# Nearly every case here runs the command line in a new process, waits on a lock or builds twice:
# seconds each, so the whole file stays out of the fast lane (make test runs it).
pytestmark = pytest.mark.slow


def _run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([*REVIEWBENCH, *args], capture_output=True, text=True, cwd=cwd, timeout=300)


def _break_a_submission(review: Path) -> None:
    (review / "agency_reports" / "broken.xlsx").write_text("not a workbook", encoding="utf-8")


@contextmanager
def _read_only(folder: Path):
    """``folder`` that nobody may write into: the permission bits for a user, the immutable attribute
    for root (who ignores permission bits); the real operating system refuses either way."""
    if os.geteuid() != 0:
        mode = folder.stat().st_mode
        folder.chmod(0o555)
        try:
            yield
        finally:
            folder.chmod(mode)
        return
    if shutil.which("chattr") is None or subprocess.run(["chattr", "+i", str(folder)]).returncode:
        pytest.fail("running as root, and 'chattr +i' is not available: cannot make a folder read-only here")
    try:
        yield
    finally:
        subprocess.run(["chattr", "-i", str(folder)], check=True)


# -- stale outputs ------------------------------------------------------------------------------------

def test_a_failed_ingest_removes_the_network_and_checks_built_from_the_old_chronology(review):
    """A failed ingest left the previous network (and report, quality) in build/, and 'check' then
    passed on them."""
    run_graph(review)
    run_check(review)
    build = review / "build"
    assert (build / "network" / "metrics.json").exists() and (build / "quality.json").exists()
    _break_a_submission(review)
    result = run_ingest(review, progress=False)
    assert not result.ok
    assert not (build / "network").exists() and not (build / "quality.json").exists()
    assert not (build / "chronology.csv").exists()
    assert result.discarded == ["network/", "quality.json", "quality.md"]
    manifest = json.loads((build / "manifest.json").read_text(encoding="utf-8"))
    listed = {o["path"] for o in manifest["outputs"]}
    assert not any(p.startswith("build/network/") or p == "build/chronology.csv" for p in listed)
    assert not {"ingest", "graph", "check"} & set(manifest["steps"])      # no step claims what is gone


def test_the_command_line_says_what_a_failed_ingest_removed(review):
    run_graph(review)
    _break_a_submission(review)
    done = _run("ingest", str(review))
    assert done.returncode == 1
    assert "The ingest failed and no chronology was written" in done.stderr
    assert "Removed what was built from the previous chronology (network/)" in done.stderr


def test_graph_after_a_failed_ingest_names_the_failure_not_run_ingest_first(review):
    """'graph' after a failed ingest said "run ingest first", which the user had just done."""
    _break_a_submission(review)
    assert not run_ingest(review, progress=False).ok
    with pytest.raises(StaleBuildError) as caught:
        run_graph(review)
    assert "the last ingest of child-t failed" in str(caught.value)
    assert "ingest_report.md" in str(caught.value) and "ingest' first" not in str(caught.value)


def test_graph_on_a_review_never_ingested_says_run_ingest_first(example_copy):
    with pytest.raises(StaleBuildError, match="missing or older than its inputs .* run 'reviewbench ingest' first"):
        run_graph(example_copy)


def test_check_after_a_failed_ingest_has_no_report_and_fails(review):
    """'check' exited 0 on the outputs of an earlier, successful build."""
    run_check(review)
    _break_a_submission(review)
    run_ingest(review, progress=False)
    done = _run("check", str(review))
    assert done.returncode == 1
    assert "There is no rendered report to check" in done.stdout
    assert "no longer matches anything" not in done.stdout       # no report: no decision can be stale


def test_verify_re_runs_the_ingest_as_of_the_day_of_the_build(review):
    """Dates after the day of the ingest are flagged; verify, run later, must check them against that
    day, or every such flag would look like a difference between the build and its inputs."""
    import datetime as dt

    from reviewbench.chronology import read_chronology
    from reviewbench.verify import verify_review
    run_ingest(review, progress=False, today=dt.date(2022, 6, 1))
    flagged = read_chronology(review / "build" / "chronology.csv")["flags"].astype(str).str.contains("date_in_future")
    assert flagged.sum() > 10                              # the example runs to 2023: many are "in the future"
    result = verify_review(review)
    assert result.ok, result.problems
    assert "chronology.csv" in result.compared


# -- commands at once ---------------------------------------------------------------------------------

def test_four_ingests_at_once_all_succeed_and_leave_a_consistent_build(review):
    """Four 'reviewbench ingest' at once: three failed with "unexpected problem (FileNotFoundError
    .../build/.ingest-staging...)" and the build kept new chronology files beside the old manifest."""
    shutil.rmtree(review / "build")
    procs = [subprocess.Popen([*REVIEWBENCH, "ingest", str(review)], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for _ in range(4)]
    outcomes = [(p.wait(timeout=300), p.stderr.read()) for p in procs]
    for code, err in outcomes:
        assert code == 0, err
        assert "bug" not in err and "Traceback" not in err
    build = review / "build"
    assert not list(build.glob(".ingest-staging*"))
    manifest = json.loads((build / "manifest.json").read_text(encoding="utf-8"))
    for record in manifest["outputs"]:
        path = review / record["path"]
        assert path.exists() and file_sha256(path) == record["sha256"], record["path"]


def test_a_lock_held_by_another_thread_makes_a_build_wait(review):
    lock = build_lock(review / "build")
    finished: list[float] = []
    with lock:
        worker = threading.Thread(target=lambda: (run_graph(review), finished.append(time.monotonic())))
        worker.start()
        time.sleep(1)
        released = time.monotonic()
    worker.join(timeout=120)
    assert finished and finished[0] >= released            # it could only finish once the lock was free
    assert (review / "build" / "network" / "metrics.json").exists()


def test_a_failing_excel_writer_process_hands_its_error_back_without_a_traceback(review, monkeypatch, capfd):
    """Deleting build/ during an ingest printed a child process's traceback."""
    from reviewbench.chronology import read_chronology
    from reviewbench.intake import ingest as ingest_module
    frame = read_chronology(review / "build" / "chronology.csv")
    monkeypatch.setattr(ingest_module, "PARALLEL_MIN_ROWS", 10)       # a forked writer even for the example
    join = ingest_module._write_xlsx_aside(frame, review / "deleted" / "chronology.xlsx", {})
    with pytest.raises(Exception, match="No such file or directory") as caught:
        join()
    assert "deleted/chronology.xlsx" in str(caught.value)                 # the child's own error, in the parent
    assert "Traceback" not in capfd.readouterr().err


def test_build_deleted_while_the_ingest_writes_is_said_and_nothing_is_put_in_place(review, monkeypatch):
    """Deleting build/ during an ingest: a sentence, not "unexpected problem"."""
    from reviewbench.config import load_review
    from reviewbench.intake import ingest as ingest_module
    result = ingest_module.ingest(load_review(review), progress=False)
    write_report = ingest_module.ingest_report.write

    def someone_deletes_build(res, folder):
        write_report(res, folder)
        shutil.rmtree(review / "build")                  # another program or person, mid-write
    monkeypatch.setattr(ingest_module.ingest_report, "write", someone_deletes_build)
    with pytest.raises(ReviewbenchError, match="was deleted .* while the ingest was writing into it"):
        ingest_module.write_ingest(result)
    assert not (review / "build" / "chronology.csv").exists()


# -- permissions and things in the way ----------------------------------------------------------------

@pytest.mark.parametrize("verb", ["ingest", "graph", "render", "check"])
def test_build_being_a_file_is_said_as_such_not_called_a_bug(example_copy, verb):
    """'build' being a file: "This is a bug in reviewbench, not in your files"."""
    (example_copy / "build").write_text("someone's notes", encoding="utf-8")
    done = _run(verb, str(example_copy))
    assert done.returncode == 1
    assert f"'{example_copy / 'build'}' is a file, but reviewbench needs a folder there" in done.stderr
    assert "bug" not in done.stderr
    assert (example_copy / "build").read_text(encoding="utf-8") == "someone's notes"     # never deleted


def test_a_read_only_review_is_said_as_permission_not_a_bug(example_copy):
    """A read-only review folder: "This is a bug in reviewbench, not in your files"."""
    with _read_only(example_copy):
        done = _run("ingest", str(example_copy))
    assert done.returncode == 1
    assert "is not allowed to read or write" in done.stderr and "permission denied" in done.stderr
    assert str(example_copy / "build") in done.stderr and "bug" not in done.stderr


def test_a_read_only_build_folder_is_said_as_permission_not_a_bug(review):
    """A read-only build/: "This is a bug in reviewbench, not in your files"."""
    before = {p.name: file_sha256(p) for p in (review / "build").iterdir() if p.is_file()}
    with _read_only(review / "build"):
        done = _run("ingest", str(review))
    assert done.returncode == 1
    assert "permission denied" in done.stderr and "bug" not in done.stderr
    after = {p.name: file_sha256(p) for p in (review / "build").iterdir() if p.is_file()}
    assert after == before                                       # the earlier build is intact


def test_disk_full_and_a_file_locked_by_word_have_their_own_sentences(tmp_path):
    full = explain(OSError(errno.ENOSPC, "No space left on device", str(tmp_path / "build" / "report.docx")))
    assert full is not None and "the disk is full" in str(full) and "report.docx" in str(full)
    locked = PermissionError(errno.EACCES, "The process cannot access the file", str(tmp_path / "report.docx"))
    locked.winerror = 32                                          # what Windows sets for a file open in Word
    assert "is open in another program" in str(explain(locked))
    assert explain(OSError(errno.EIO, "Input/output error")) is None        # not the user's to fix: a bug


def test_an_unexpected_error_says_where_to_report_it_and_what_not_to_attach(review, monkeypatch, capsys):
    """"This is a bug" is kept for what is a bug, and then says where to report it and what to attach."""
    def explode(args):
        raise KeyError("agency")
    monkeypatch.setattr(cli, "_cmd_ingest", explode)
    parser_default = cli.build_parser
    def parser():
        p = parser_default()
        p._subparsers._group_actions[0].choices["ingest"].set_defaults(func=explode)
        return p
    monkeypatch.setattr(cli, "build_parser", parser)
    assert cli.main(["ingest", str(review)]) == 1
    err = capsys.readouterr().err
    assert "unexpected problem (KeyError: 'agency')" in err and BUG_REPORT in err
    assert "--debug" in err and "Do not attach the review's files" in err


# -- progress -----------------------------------------------------------------------------------------

class _Terminal:
    """A command with its standard error on a pseudo-terminal (80 x 24), read as it runs."""

    def __init__(self, args: list[str]):
        self._primary, secondary = pty.openpty()
        fcntl.ioctl(secondary, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))
        self.proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=secondary, stdin=subprocess.DEVNULL)
        os.close(secondary)
        self._chunks: list[bytes] = []
        self._reader = threading.Thread(target=self._read)
        self._reader.start()

    def _read(self) -> None:
        while True:
            try:
                data = os.read(self._primary, 4096)
            except OSError:                                       # the other end closed
                break
            if not data:
                break
            self._chunks.append(data)

    @property
    def shown(self) -> str:
        return b"".join(self._chunks).decode("utf-8", "replace")

    def wait_for(self, text: str, timeout: float = 120) -> bool:
        deadline = time.monotonic() + timeout
        while text not in self.shown and self.proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.1)
        return text in self.shown

    def finish(self) -> int:
        code = self.proc.wait(timeout=300)
        self._reader.join(timeout=10)
        os.close(self._primary)
        return code


def _on_a_terminal(args: list[str]) -> str:
    terminal = _Terminal(args)
    terminal.finish()
    return terminal.shown


def test_ingest_shows_progress_on_a_terminal_even_for_a_few_files(example_copy):
    """The ingest showed progress only with 8 or more files."""
    shown = _on_a_terminal([*REVIEWBENCH, "ingest", str(example_copy)])
    assert "Reading submissions" in shown


def test_ingest_is_quiet_when_its_output_is_not_a_terminal(example_copy):
    done = _run("ingest", str(example_copy))
    assert done.returncode == 0 and "Reading submissions" not in done.stderr


def test_a_second_command_says_it_waits_for_the_first_and_then_runs(review):
    """Commands at once on one review wait for each other, and a person at the terminal is told."""
    with build_lock(review / "build"):
        terminal = _Terminal([*REVIEWBENCH, "graph", str(review)])
        waiting = terminal.wait_for("Waiting for another reviewbench command on child-t to finish")
        assert not (review / "build" / "network").exists()       # nothing was built while it waited
    assert waiting
    assert terminal.finish() == 0, terminal.shown
    assert (review / "build" / "network" / "metrics.json").exists()
