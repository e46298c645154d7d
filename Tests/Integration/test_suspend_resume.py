"""mpijob suspend / resume: plain jobs through spec.runPolicy.suspend (pods go and come back), Kueue jobs through
their Workload's spec.active (and Kueue does not re-admit them behind the user's back), bulk rules, exit codes."""

import json
import time

import pytest

import jobkit as K
import kueuekit as Q
from kueuekit import kueue  # noqa: F401  (the module-scoped Kueue server fixture)


@pytest.fixture
def ns(server):
    return K.new_namespace(server, "sr")


def running_with_pods(server, ns, name, workers=2):
    K.wait_for_condition(server, ns, name, "Running")
    K.wait_until(lambda: len(Q.live_pods(server, ns, name)) == workers + 1, what="%s's pods" % name)


def test_suspend_then_resume_a_running_job(server, ns, tmp_path):
    name = K.create(server, tmp_path, ns, outcome="Hang")
    running_with_pods(server, ns, name)
    r = server.odh("mpijob", "suspend", name, "-n", ns, "--wait", "--timeout", "30s")
    assert r.code == 0, r
    assert r.out.splitlines() == ["mpijob.kubeflow.org/%s suspended" % name,
                                  "mpijob.kubeflow.org/%s is suspended: no pod runs" % name]
    assert Q.live_pods(server, ns, name) == [], "--wait returns once the pods are gone"
    job = K.get_job(server, ns, name)
    assert job["spec"]["runPolicy"]["suspend"] is True and "Suspended" in K.conditions_true(job)
    st = server.odh("mpijob", "get", name, "-n", ns, "--no-headers")
    assert st.out.split()[1] == "Suspended"
    again = server.odh("mpijob", "suspend", name, "-n", ns)
    assert again.code == 0 and again.out.strip() == "mpijob.kubeflow.org/%s unchanged: already suspended" % name

    r = server.odh("mpijob", "resume", name, "-n", ns, "--wait", "--timeout", "30s")
    assert r.code == 0, r
    assert r.out.splitlines() == ["mpijob.kubeflow.org/%s resumed" % name, "mpijob.kubeflow.org/%s is running" % name]
    assert len(Q.live_pods(server, ns, name)) == 3, "the workers and a launcher came back"
    assert K.get_job(server, ns, name)["spec"]["runPolicy"]["suspend"] is False


def test_the_patch_is_a_merge_patch_of_runpolicy_suspend_with_a_precondition(server, ns, tmp_path):
    name = K.create(server, tmp_path, ns, outcome="Hang")
    server.clear_requests()
    r = server.odh("mpijob", "suspend", name, "-n", ns)
    assert r.code == 0, r
    patches = server.requests(path="/mpijobs/%s$" % name, method="PATCH")
    assert len(patches) == 1 and patches[0]["content_type"] == "application/merge-patch+json"
    # A concurrent change (409) makes it read and decide again; a job that keeps changing is exit 7.
    server.add_fault(method="PATCH", path="/mpijobs/%s$" % name, action="status", code=409, times=1,
                     reason="Conflict", message="the object has been modified")
    server.clear_requests()
    r = server.odh("mpijob", "resume", name, "-n", ns)
    assert r.code == 0 and r.out.strip() == "mpijob.kubeflow.org/%s resumed" % name, r
    # The injected 409, then a fresh read and a patch that lands. (The operator's own status update right
    # after the suspend may cost one more round on a busy machine; each round is a read and a patch.)
    patches = server.requests(path="/mpijobs/%s$" % name, method="PATCH")
    gets = server.requests(path="/mpijobs/%s$" % name, method="GET")
    assert len(patches) >= 2 and patches[0]["code"] == 409 and patches[-1]["code"] == 200, patches
    assert len(gets) == len(patches), (gets, patches)
    assert server.odh("mpijob", "suspend", name, "-n", ns).code == 0
    server.add_fault(method="PATCH", path="/mpijobs/%s$" % name, action="status", code=409, times=-1,
                     reason="Conflict", message='Operation cannot be fulfilled on mpijobs.kubeflow.org "%s": the '
                     'object has been modified; please apply your changes to the latest version and try again' % name)
    try:
        r = server.odh("mpijob", "resume", name, "-n", ns)
    finally:
        server.clear_faults()
    assert r.code == 7, r
    assert 'mpijob "%s" kept changing while it was being resumed; nothing was changed' % name in r.err
    assert "hint: someone else is changing it" in r.err
    assert K.get_job(server, ns, name)["spec"]["runPolicy"]["suspend"] is True


def test_exit_codes_for_missing_finished_and_forbidden_jobs(server, ns, tmp_path):
    r = server.odh("mpijob", "suspend", "no-such-job", "-n", ns)
    assert r.code == 4 and 'mpijob "no-such-job" not found in namespace "%s"' % ns in r.err
    done = K.create(server, tmp_path, ns, outcome="Succeeded", duration=0.2)
    K.wait_for_condition(server, ns, done, "Succeeded")
    r = server.odh("mpijob", "suspend", done, "-n", ns)
    assert r.code == 7 and 'cannot suspend mpijob "%s": it has already Succeeded' % done in r.err
    # Several names: each is reported, the most specific code wins.
    r = server.odh("mpijob", "resume", done, "no-such-job", "-n", ns)
    assert r.code == 7 and "not found" in r.err
    # viewer may read team-a but not patch: 403 is exit 6.
    r = server.odh("--context", "viewer", "mpijob", "suspend", "pi-running", "-n", "team-a")
    assert r.code == 6, r
    assert 'cannot patch resource "mpijobs"' in r.err


def test_usage_errors_need_no_cluster(server):
    for args, words in ((["suspend"], "needs NAME..., -l SELECTOR or --all"),
                        (["suspend", "a", "--all"], "use only one of"),
                        (["resume", "a", "-A"], "-A does not apply"),
                        (["resume", "a", "--timeout", "5s"], "--timeout goes with --wait")):
        r = server.odh("mpijob", *args, kubeconfig="/nonexistent")
        assert r.code == 2 and words in r.err, (args, r)


def test_bulk_needs_yes_without_a_terminal_and_skips_finished_jobs(server, ns, tmp_path):
    a = K.create(server, tmp_path, ns, outcome="Hang", labels={"batch": "x"})
    b = K.create(server, tmp_path, ns, outcome="Hang", labels={"batch": "x"})
    done = K.create(server, tmp_path, ns, outcome="Succeeded", duration=0.2, labels={"batch": "x"})
    K.wait_for_condition(server, ns, done, "Succeeded")
    r = server.odh("mpijob", "suspend", "--all", "-n", ns)
    assert r.code == 2 and "without confirmation" in r.err and "--yes" in r.err
    assert not K.get_job(server, ns, a)["spec"]["runPolicy"]["suspend"]
    r = server.odh("mpijob", "suspend", "-l", "batch=x", "-n", ns, "--yes")
    assert r.code == 0, r
    lines = sorted(r.out.splitlines())
    assert lines == sorted(["mpijob.kubeflow.org/%s suspended" % a, "mpijob.kubeflow.org/%s suspended" % b,
                            "mpijob.kubeflow.org/%s skipped: it has already Succeeded" % done])
    r = server.odh("mpijob", "resume", "--all", "-n", ns, "--yes", "--wait", "--timeout", "30s")
    assert r.code == 0, r
    assert {"mpijob.kubeflow.org/%s is running" % a, "mpijob.kubeflow.org/%s is running" % b} <= set(r.out.splitlines())
    r = server.odh("mpijob", "suspend", "-l", "batch=none", "-n", ns, "--yes")
    assert r.code == 0 and "No resources found in %s namespace." % ns in r.err


def test_bulk_asks_on_a_terminal(server, ns, tmp_path, run_in_pty, odh_bin):
    a = K.create(server, tmp_path, ns, outcome="Hang")
    r = run_in_pty([str(odh_bin), "--kubeconfig", server.kubeconfig, "mpijob", "suspend", "--all", "-n", ns],
                   b"n\n", env=server.env(), expect="[y/N]")
    assert r.code == 0 and "Suspend mpijob %s in namespace %s?" % (a, ns) in r.out and "Nothing suspended." in r.out
    assert not K.get_job(server, ns, a)["spec"]["runPolicy"]["suspend"]


# ------------------------------------------------------------------------------------------------------------- Kueue
def test_a_kueue_job_is_suspended_through_its_workload_and_stays_suspended(kueue, tmp_path):
    ns = K.new_namespace(kueue, "sq")
    Q.setup_queue(kueue, ns)
    name = K.create(kueue, tmp_path, ns, outcome="Hang", queue_name="q", gpus=1)
    running_with_pods(kueue, ns, name)
    wl = Q.workload_of(kueue, ns, name)
    assert Q.condition(wl, "Admitted")[0] == "True"
    kueue.clear_requests()
    r = kueue.odh("mpijob", "suspend", name, "-n", ns, "--wait", "--timeout", "30s")
    assert r.code == 0, r
    assert r.out.splitlines()[0] == "mpijob.kubeflow.org/%s suspended (Kueue Workload %s deactivated)" % (
        name, wl["metadata"]["name"])
    # It is the Workload that was patched, never the job's own suspend flag.
    patched = [q["path"] for q in kueue.requests(method="PATCH")]
    assert patched == ["/apis/kueue.x-k8s.io/v1beta2/namespaces/%s/workloads/%s" % (ns, wl["metadata"]["name"])]
    assert Q.live_pods(kueue, ns, name) == []
    wl = Q.workload_of(kueue, ns, name)
    assert wl["spec"]["active"] is False and Q.condition(wl, "Evicted")[:2] == ("True", "Deactivated")
    # Kueue does not admit it again behind the user's back.
    time.sleep(1.5)
    assert Q.live_pods(kueue, ns, name) == []
    wl = Q.workload_of(kueue, ns, name)
    assert wl["spec"]["active"] is False and Q.condition(wl, "Admitted")[0] == "False"
    assert K.get_job(kueue, ns, name)["spec"]["runPolicy"]["suspend"] is True
    get = kueue.odh("mpijob", "get", name, "-n", ns, "--no-headers")
    assert get.out.split()[1] == "Suspended", get
    d = K.describe_json(kueue, ns, name)
    assert d["status"]["phase"] == "Suspended" and "suspended" in K.rules(d)

    r = kueue.odh("mpijob", "resume", name, "-n", ns, "--wait", "--timeout", "30s")
    assert r.code == 0, r
    assert r.out.splitlines() == [
        "mpijob.kubeflow.org/%s resumed (Kueue Workload %s reactivated: it queues for quota again)"
        % (name, wl["metadata"]["name"]), "mpijob.kubeflow.org/%s is running" % name]
    assert len(Q.live_pods(kueue, ns, name)) == 3
    wl = Q.workload_of(kueue, ns, name)
    assert wl["spec"]["active"] is True and Q.condition(wl, "Admitted")[0] == "True"


def test_resuming_a_queued_kueue_job_changes_nothing(kueue, tmp_path):
    ns = K.new_namespace(kueue, "sq")
    Q.setup_queue(kueue, ns, gpus="0")
    name = K.create(kueue, tmp_path, ns, outcome="Hang", queue_name="q", gpus=1)
    K.wait_until(lambda: Q.condition(Q.workload_of(kueue, ns, name), "QuotaReserved"), what="a pending Workload")
    kueue.clear_requests()
    r = kueue.odh("mpijob", "resume", name, "-n", ns)
    assert r.code == 0, r
    assert "unchanged: not suspended by a user: it waits in LocalQueue q" in r.out
    assert kueue.requests(path="/workloads/", method="PATCH") == []


def test_a_user_without_patch_on_workloads_is_told_why(kueue, tmp_path):
    # viewer may read team-a (where the seed's pi-queued waits) but patch nothing.
    r = kueue.odh("--context", "viewer", "mpijob", "suspend", "pi-queued", "-n", "team-a")
    assert r.code == 6, r
    assert "spec.active" in r.err and "batch-admin" in r.err
