"""mpijob wait (exit codes, latency) and mpijob delete (names, selectors, confirmation, --wait, cascade)."""

import re
import time

import pytest

import harness
import jobkit as K


@pytest.fixture
def ns(server):
    return K.new_namespace(server, "wd")


# ---------------------------------------------------------------------------------------------- wait

def test_wait_succeeded_exits_0(server, ns, tmp_path):
    name = K.create(server, tmp_path, ns, outcome="Succeeded", duration=1)
    r = server.odh("mpijob", "wait", name, "-n", ns, "--timeout", "60s", timeout=70)
    assert r.code == 0, r
    assert r.out == "mpijob.kubeflow.org/%s succeeded\n" % name
    assert r.err == ""
    assert "Succeeded" in K.conditions_true(K.get_job(server, ns, name))


def test_wait_failed_exits_3_with_the_reason_on_stderr(server, ns, tmp_path):
    name = K.create(server, tmp_path, ns, outcome="Failed", duration=1)
    r = server.odh("mpijob", "wait", name, "-n", ns, "--timeout", "60s", timeout=70)
    assert r.code == 3, r
    assert r.out == ""
    assert 'error: mpijob "%s" failed: BackoffLimitExceeded' % name in r.err
    assert "kubectl odh mpijob describe %s -n %s" % (name, ns) in r.err


def test_wait_times_out_with_exit_5(server, ns, tmp_path):
    name = K.create(server, tmp_path, ns, outcome="Hang")
    t0 = time.time()
    r = server.odh("mpijob", "wait", name, "-n", ns, "--timeout", "2s", timeout=30)
    took = time.time() - t0
    assert r.code == 5, r
    assert r.out == ""
    assert 'timed out after 2s waiting for mpijob "%s"' % name in r.err
    assert 1.8 <= took < 10, took


def test_wait_for_missing_job_exits_4(server, ns):
    r = server.odh("mpijob", "wait", "ghost", "-n", ns, "--timeout", "10s")
    assert r.code == 4
    assert r.out == ""
    assert 'mpijob "ghost" not found in namespace "%s"' % ns in r.err


def test_wait_for_a_job_deleted_while_waiting_exits_4(server, ns, tmp_path):
    name = K.create(server, tmp_path, ns, outcome="Hang")
    w = K.Proc(server, "mpijob", "wait", name, "-n", ns, "--timeout", "60s")
    try:
        time.sleep(1.0)
        assert w.p.poll() is None, "still waiting"
        assert server.odh("mpijob", "delete", name, "-n", ns).code == 0
        code = w.wait(20)
    finally:
        w.kill()
    assert code == 4
    assert 'mpijob "%s" was deleted while waiting for it' % name in w.stderr()
    assert w.seen == []


@pytest.mark.parametrize("to, code", [("Succeeded", 0), ("Failed", 3)])
def test_wait_reports_within_a_second_of_the_change(server, ns, tmp_path, to, code):
    name = K.create(server, tmp_path, ns, outcome="Hang")
    K.wait_for_condition(server, ns, name, "Running")
    w = K.Proc(server, "mpijob", "wait", name, "-n", ns, "--timeout", "60s")
    try:
        time.sleep(1.5)  # blocked on its watch by now
        assert w.p.poll() is None
        changed = server.transition(ns, name, to)
        got = w.wait_exit_time(20)
    finally:
        w.kill()
    assert got == code, w.stderr()
    latency = w.exited_at - changed["time"]
    # DESIGN §7 asks for 1 s; 1.5 s absorbs CI noise (make bench measures the real figure).
    assert latency < 1.5, "wait reported %.3f s after the change" % latency


# -------------------------------------------------------------------------------------------- delete

def test_delete_by_name(server, ns, tmp_path):
    keep = K.create(server, tmp_path, ns, outcome="Hang")
    name = K.create(server, tmp_path, ns, outcome="Hang")
    r = server.odh("mpijob", "delete", name, "-n", ns)
    assert r.code == 0, r
    assert r.out == 'mpijob.kubeflow.org "%s" deleted\n' % name
    assert r.err == ""
    K.wait_until(lambda: K.get_job(server, ns, name) is None, what="job gone")
    assert K.get_job(server, ns, keep) is not None


def test_bulk_delete_without_a_terminal_needs_yes(server, ns, tmp_path):
    a = K.create(server, tmp_path, ns, outcome="Hang", labels={"team": "nlp"})
    b = K.create(server, tmp_path, ns, outcome="Hang")
    for args in (["-l", "team=nlp"], ["--all"]):
        r = server.odh("mpijob", "delete", *args, "-n", ns)
        assert r.code == 2, r
        assert r.out == ""
        assert "refusing to delete" in r.err and "--yes" in r.err
    assert sorted(K.list_jobs(server, ns)) == sorted([a, b])


def test_delete_by_selector_with_yes(server, ns, tmp_path):
    a = K.create(server, tmp_path, ns, outcome="Hang", labels={"team": "nlp"})
    b = K.create(server, tmp_path, ns, outcome="Hang", labels={"team": "nlp"})
    c = K.create(server, tmp_path, ns, outcome="Hang", labels={"team": "cv"})
    r = server.odh("mpijob", "delete", "-l", "team=nlp", "--yes", "-n", ns)
    assert r.code == 0, r
    assert sorted(r.lines()) == sorted('mpijob.kubeflow.org "%s" deleted' % n for n in (a, b))
    K.wait_until(lambda: K.list_jobs(server, ns) == [c], what="only %s left" % c)


def test_delete_all_with_yes_and_wait_removes_jobs_and_pods(server, ns, tmp_path):
    names = [K.create(server, tmp_path, ns, outcome="Hang") for _ in range(2)]
    for n in names:
        K.wait_for_condition(server, ns, n, "Running")
        assert K.pods(server, ns, n)
    r = server.odh("mpijob", "delete", "--all", "-y", "--wait", "--timeout", "60s", "-n", ns, timeout=70)
    assert r.code == 0, r
    # --wait returned: nothing may be left, right now.
    assert K.list_jobs(server, ns) == []
    for n in names:
        assert K.pods(server, ns, n) == []


def test_delete_already_gone_name_exits_4_and_deletes_the_others(server, ns, tmp_path):
    a = K.create(server, tmp_path, ns, outcome="Hang")
    b = K.create(server, tmp_path, ns, outcome="Hang")
    r = server.odh("mpijob", "delete", a, "already-gone", b, "-n", ns)
    assert r.code == 4, r
    assert 'mpijob.kubeflow.org "%s" deleted' % a in r.out
    assert 'mpijob.kubeflow.org "%s" deleted' % b in r.out
    assert "already-gone" not in r.out
    assert re.search(r'error: .*"already-gone" not found', r.err)
    K.wait_until(lambda: K.list_jobs(server, ns) == [], what="both deleted")


def test_cascade_orphan_leaves_the_pods(server, ns, tmp_path):
    name = K.create(server, tmp_path, ns, outcome="Hang")
    K.wait_for_condition(server, ns, name, "Running")
    before = {p["metadata"]["name"] for p in K.pods(server, ns, name)}
    assert before
    r = server.odh("mpijob", "delete", name, "--cascade", "orphan", "--wait", "--timeout", "30s", "-n", ns, timeout=40)
    assert r.code == 0, r
    assert K.get_job(server, ns, name) is None
    time.sleep(1.0)  # the garbage collector would have acted by now
    workers = {p["metadata"]["name"] for p in K.pods(server, ns, name) if p["metadata"]["name"].startswith(name + "-worker")}
    assert workers == {n for n in before if n.startswith(name + "-worker")}
    for p in K.pods(server, ns, name):
        assert not p["metadata"].get("deletionTimestamp")


def test_delete_with_wait_and_background_cascade_waits_for_the_pods(server, ns, tmp_path):
    name = K.create(server, tmp_path, ns, outcome="Hang")
    K.wait_for_condition(server, ns, name, "Running")
    r = server.odh("mpijob", "delete", name, "--wait", "--timeout", "60s", "-n", ns, timeout=70)
    assert r.code == 0, r
    assert K.get_job(server, ns, name) is None
    assert K.pods(server, ns, name) == []


def _pty_delete(server, ns, args, answer):
    argv = [str(harness.odh_binary()), "--kubeconfig", server.kubeconfig, "mpijob", "delete", *args, "-n", ns]
    return harness.run_in_pty(argv, input_bytes=answer, expect="[y/N]", env=server.env(), timeout=30)


def test_terminal_prompt_no_deletes_nothing(server, ns, tmp_path):
    name = K.create(server, tmp_path, ns, outcome="Hang")
    r = _pty_delete(server, ns, [name], "n\n")
    assert r.code == 0, r
    assert "Delete mpijob %s in namespace %s? [y/N]" % (name, ns) in r.out
    assert "Nothing deleted." in r.out
    assert "deleted\n" not in r.out.replace("Nothing deleted.\n", "")
    time.sleep(0.5)
    assert K.get_job(server, ns, name) is not None


def test_terminal_prompt_enter_defaults_to_no(server, ns, tmp_path):
    name = K.create(server, tmp_path, ns, outcome="Hang")
    r = _pty_delete(server, ns, [name], "\n")
    assert r.code == 0, r
    assert "Nothing deleted." in r.out
    assert K.get_job(server, ns, name) is not None


def test_terminal_prompt_yes_deletes(server, ns, tmp_path):
    name = K.create(server, tmp_path, ns, outcome="Hang")
    r = _pty_delete(server, ns, [name], "y\n")
    assert r.code == 0, r
    assert 'mpijob.kubeflow.org "%s" deleted' % name in r.out
    K.wait_until(lambda: K.get_job(server, ns, name) is None, what="job gone")


def test_terminal_prompt_for_a_bulk_delete_lists_the_jobs(server, ns, tmp_path):
    a = K.create(server, tmp_path, ns, outcome="Hang", labels={"tier": "dev"})
    b = K.create(server, tmp_path, ns, outcome="Hang", labels={"tier": "dev"})
    r = _pty_delete(server, ns, ["-l", "tier=dev"], "n\n")
    assert r.code == 0, r
    assert "Delete 2 mpijobs in namespace %s" % ns in r.out
    assert a in r.out and b in r.out
    assert sorted(K.list_jobs(server, ns)) == sorted([a, b])
    r = _pty_delete(server, ns, ["-l", "tier=dev"], "yes\n")
    assert r.code == 0, r
    K.wait_until(lambda: K.list_jobs(server, ns) == [], what="both deleted")
