"""mpijob top: the live view, driven through a real terminal (tmux) against the test API server."""

import os
import re
import signal
import time

import pytest

import jobkit
from harness import odh_binary
from tmuxkit import COLOR_SGR, Terminal, exit_code, odh_line, stty_unchanged, traced


@pytest.fixture
def cluster(module_server):
    return module_server


@pytest.fixture
def namespace(cluster):
    return jobkit.new_namespace(cluster, "top")


def header(term):
    return term.lines()[0]


def job_reads(cluster, namespace, name):
    """Plain GETs and lists of the job (not watches): what a polling loop would send."""
    return [r for r in cluster.requests(path=r"/namespaces/%s/mpijobs" % namespace)
            if r["method"] == "GET" and "watch" not in (r.get("query") or "")]


def test_top_follows_a_job_from_pending_to_succeeded_and_leaves_the_terminal_clean(cluster, namespace, tmp_path):
    # Unschedulable keeps it Pending until the test moves it on.
    name = jobkit.create(cluster, tmp_path, namespace, outcome="Unschedulable", workers=2,
                         annotations={"sim.odh/log-lines": "400", "sim.odh/log-rate": "5"})
    term = Terminal(cluster, tmp_path, width=80, height=24)
    try:
        term.run("echo before-top")
        term.wait_for("before-top")
        cluster.clear_requests()
        traced(term, cluster, "mpijob", "top", name, "-n", namespace)
        term.wait_for(lambda s: s.startswith("mpijob %s  namespace %s  Pending" % (name, namespace)))
        assert term.alternate_screen()
        assert term.size() == "80x24"
        lines = term.lines()
        assert lines[1].startswith("[1 Overview]  2 Workers")
        assert "q quit" in lines[23]
        term.wait_for("unschedulable")  # the diagnosis, from pod conditions and events

        cluster.transition(namespace, name, "Running")
        term.wait_for(lambda s: s.startswith("mpijob %s  namespace %s  Running" % (name, namespace)), timeout=10)

        term.keys("Tab")
        term.wait_for(re.compile(r"^> launcher\s+%s-launcher-" % name, re.M))
        term.keys("Down")
        term.wait_for(re.compile(r"^> worker-0\s+%s-worker-0\s+Running" % name, re.M))
        term.keys("l")
        term.wait_for("Log of worker-0 · following")
        screen = term.wait_for(re.compile(r"^sshd\[\d+\]: rank 1 step \d+", re.M))
        assert "launcher |" not in screen and "worker-1" not in screen.split("\n", 2)[2]

        term.resize(100, 30)
        screen = term.wait_for(lambda s: len(s.rstrip("\n").split("\n")) == 30 and "q quit" in s.rstrip("\n").split("\n")[29])
        assert term.size() == "100x30"
        assert screen.startswith("mpijob %s" % name)

        # Back to 80×24 (smaller works too): tmux copies rows of an alternate screen taller than
        # the one it saved into the restored screen, which would blur the check below.
        term.resize(80, 24)
        term.wait_for(lambda s: len(s.rstrip("\n").split("\n")) == 24 and "q quit" in s.rstrip("\n").split("\n")[23])
        term.keys("Left", "Left")
        term.wait_for(lambda s: s.split("\n")[1].startswith("[1 Overview]"))
        cluster.transition(namespace, name, "Succeeded")
        term.wait_for(lambda s: s.startswith("mpijob %s  namespace %s  Succeeded" % (name, namespace)), timeout=10)
        term.wait_for("The job succeeded and has ended · q quits")
        # Redrawn from watches, not by polling: the job was read once before drawing and listed
        # once by each watch (the view's, and the log follows' for all pods and for worker-0);
        # while it stays on screen until q, nothing more is asked.
        reads = len(job_reads(cluster, namespace, name))
        assert reads <= 4, job_reads(cluster, namespace, name)
        time.sleep(1.5)
        assert term.alternate_screen() and not (tmp_path / "rc.txt").exists()
        assert len(job_reads(cluster, namespace, name)) == reads

        term.keys("q")
        assert exit_code(term) == 0
        assert not term.alternate_screen()
        assert stty_unchanged(term)
        history = term.history()
        assert "before-top" in history and "[1 Overview]" not in history
    finally:
        term.close()


def test_no_color_ctrl_c_and_a_deleted_job(cluster, namespace, tmp_path):
    name = jobkit.create(cluster, tmp_path, namespace, outcome="Hang", workers=1)
    jobkit.wait_for_condition(cluster, namespace, name, "Running")
    (tmp_path / "a").mkdir()
    term = Terminal(cluster, tmp_path / "a", width=80, height=24, env={"NO_COLOR": "1"})
    try:
        traced(term, cluster, "mpijob", "top", name, "-n", namespace)
        term.wait_for(lambda s: s.startswith("mpijob %s" % name) and "Running" in s.split("\n")[0])
        raw = term.screen(escapes=True)
        assert not COLOR_SGR.search(raw), repr(raw[:400])
        assert "\x1b[" in raw  # bold and reverse video are still used (they are not colors)
        term.keys("C-c")
        assert exit_code(term) == 130
        assert not term.alternate_screen()
        assert stty_unchanged(term)
    finally:
        term.close()

    (tmp_path / "b").mkdir()
    term = Terminal(cluster, tmp_path / "b", width=80, height=24)
    try:
        traced(term, cluster, "mpijob", "top", name, "-n", namespace)
        term.wait_for(lambda s: s.startswith("mpijob %s" % name))
        assert COLOR_SGR.search(term.screen(escapes=True))
        r = cluster.odh("mpijob", "delete", name, "-n", namespace, "--yes")
        assert r.code == 0, r
        assert exit_code(term) == 4
        assert 'error: mpijob "%s" was deleted from namespace "%s"' % (name, namespace) in term.history()
        assert not term.alternate_screen()
        assert stty_unchanged(term)
    finally:
        term.close()


def test_a_watch_that_fails_ends_top_with_its_error_after_the_screen_is_back(cluster, namespace, tmp_path):
    name = jobkit.create(cluster, tmp_path, namespace, outcome="Hang", workers=1)
    term = Terminal(cluster, tmp_path, width=80, height=24)
    try:
        traced(term, cluster, "mpijob", "top", name, "-n", namespace)
        term.wait_for(lambda s: s.startswith("mpijob %s" % name))
        # Every watch of the job's pods is refused from now on, and the open one is cut.
        cluster.add_fault(method="GET", path="^/api/v1/namespaces/%s/pods$" % namespace, query="watch", times=-1,
                          action="status", code=403, reason="Forbidden", message="pods is forbidden: no watch today")
        cluster.drop_watches()
        assert exit_code(term) == 6
        history = term.history()
        assert "error: pods is forbidden: no watch today" in history
        assert not term.alternate_screen()
        assert stty_unchanged(term)
    finally:
        cluster.clear_faults()
        term.close()


def test_a_closed_terminal_ends_top(cluster, namespace, tmp_path):
    name = jobkit.create(cluster, tmp_path, namespace, outcome="Hang", workers=1)
    term = Terminal(cluster, tmp_path, width=80, height=24,
                    command=odh_line(cluster, "mpijob", "top", name, "-n", namespace))
    try:
        term.wait_for(lambda s: s.startswith("mpijob %s" % name))
        pid = term.pane_pid()
        term.ctl("kill-pane", "-t", "t")
        deadline = time.time() + 5
        while time.time() < deadline:
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                break
            time.sleep(0.05)
        else:
            os.kill(pid, signal.SIGKILL)
            raise AssertionError("top kept running after its terminal was closed")
    finally:
        term.close()


def test_off_a_terminal_top_points_at_describe_watch(cluster, run_in_pty):
    r = cluster.odh("mpijob", "top", "pi", "-n", "team-a")
    assert r.code == 2 and r.out == ""
    assert r.err.startswith("error: top draws a full-screen view and needs a terminal")
    assert "describe NAME --watch" in r.err
    assert cluster.odh("mpijob", "top", "-n", "team-a").code == 2
    assert cluster.odh("mpijob", "top", "a", "b").code == 2
    missing = run_in_pty([str(odh_binary()), "--kubeconfig", cluster.kubeconfig, "mpijob", "top", "nope", "-n",
                          "team-a"], env=cluster.env(), timeout=20)
    assert missing.code == 4, missing
    assert 'mpijob "nope" not found in namespace "team-a"' in missing.out
    assert "\x1b[?1049h" not in missing.out  # nothing was drawn
