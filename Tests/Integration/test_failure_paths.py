"""When a job goes wrong, every command tells the truth (issue 17), and a log that is gone says what removed it
(issue 11): the real binary against the test API server, which models the Job controller deleting an OnFailure
launcher at the backoff limit, quota admission refusing pods without requests, in-place CrashLoopBackOff and a
scheduler that cannot place a pod."""
import json
import re
import subprocess
import time

import pytest

from harness import FakeCluster, odh_binary

NS = "default"


@pytest.fixture(scope="module")
def srv():
    if not odh_binary().exists():
        pytest.fail("kubectl-odh binary not found at %s: build it first or set ODH_BIN" % odh_binary())
    s = FakeCluster(seed="standard", tick=0.05).start()
    try:
        yield s
    finally:
        s.stop()


def job(name, outcome="Succeeded", duration=1, workers=1, launcher_restart=None, run_policy=None, annotations=None,
        resources=True):
    limits = {"limits": {"cpu": "100m", "memory": "64Mi"}} if resources else None

    def container(cname, command=None):
        c = {"name": cname, "image": "mpioperator/mpi-pi:openmpi"}
        if command:
            c["command"] = command
        if limits:
            c["resources"] = limits
        return c
    ann = {"sim.odh/outcome": outcome, "sim.odh/duration-seconds": str(duration)}
    ann.update(annotations or {})
    launcher = {"replicas": 1, "template": {"spec": {"containers": [
        container("mpi-launcher", ["mpirun", "-n", str(workers), "/home/mpiuser/pi"])]}}}
    if launcher_restart:
        launcher["restartPolicy"] = launcher_restart
    return {"apiVersion": "kubeflow.org/v2beta1", "kind": "MPIJob", "metadata": {"name": name, "annotations": ann},
            "spec": {"slotsPerWorker": 1, "runPolicy": dict({"cleanPodPolicy": "Running"}, **(run_policy or {})),
                     "mpiReplicaSpecs": {"Launcher": launcher, "Worker": {"replicas": workers, "template": {"spec": {
                         "containers": [container("mpi-worker")]}}}}}}


def create(srv, doc, ns=NS, *extra):
    r = srv.odh("mpijob", "create", "-f", "-", "-n", ns, *extra, stdin=json.dumps(doc), timeout=120)
    return r


def wait_until(fn, timeout=30, every=0.2):
    deadline = time.time() + timeout
    while time.time() < deadline:
        v = fn()
        if v:
            return v
        time.sleep(every)
    return None


def condition(srv, name, ctype, ns=NS):
    r = srv.kubectl("get", "mpijob", name, "-n", ns, "-o", "json")
    if r.code != 0:
        return False
    return any(c["type"] == ctype and c["status"] == "True"
               for c in (r.json().get("status") or {}).get("conditions") or [])


# ------------------------------------------------------------------------------------------- create --wait

def test_create_wait_on_a_failing_job_prints_what_the_launcher_said(srv):
    # OnFailure launcher (the operator's default): by the time the job is Failed its pod is gone, so
    # --wait must keep the tail of each run while the pod exists.
    r = create(srv, job("fails-loud", outcome="Failed"), NS, "--wait", "--timeout", "60s")
    assert r.code == 3, r
    assert 'error: mpijob "fails-loud" failed: BackoffLimitExceeded' in r.err
    assert re.search(r"^--- last \d+ lines of ", r.err, re.M), r.err
    assert "ERROR: mpirun exited with code 1" in r.err
    assert r.out.strip() == "mpijob.kubeflow.org/fails-loud created"


# ------------------------------------------------------------------------------------------- quota admission

def test_flags_without_requests_in_a_quota_namespace_are_refused_before_anything_exists(srv):
    srv.clear_requests()
    r = srv.odh("mpijob", "create", "q2", "-n", "team-a", "--image", "busybox", "--workers", "2", "--", "mpirun", "x")
    assert r.code == 8, r
    assert r.out == ""
    assert ('error: mpijob "q2" would never start: ResourceQuota team-a-quota tracks requests.cpu and requests.memory, '
            'and the launcher and worker containers do not set them in namespace "team-a"') in r.err
    assert "nothing was created" in r.err
    assert "hint: set them with --cpu, --memory, --launcher-cpu and --launcher-memory" in r.err
    assert not [x for x in srv.requests(method="POST") if x["path"].endswith("/mpijobs")]
    assert srv.odh("mpijob", "get", "q2", "-n", "team-a").code == 4
    # Only the launcher missing: only its flags are named.
    half = srv.odh("mpijob", "create", "q2", "-n", "team-a", "--image", "busybox", "--cpu", "100m", "--memory", "64Mi")
    assert half.code == 8 and "the launcher containers do not set them" in half.err
    assert "hint: set them with --launcher-cpu and --launcher-memory" in half.err


def test_a_manifest_without_requests_gets_a_manifest_fix(srv):
    r = create(srv, job("q-manifest", resources=False), "team-a")
    assert r.code == 8, r
    assert "hint: add resources.requests (or limits) for cpu and memory to every container of the Launcher and " \
           "Worker templates" in r.err


def test_a_limitrange_with_defaults_lets_the_job_through(srv):
    lr = {"apiVersion": "v1", "kind": "LimitRange", "metadata": {"name": "defaults", "namespace": "team-b"},
          "spec": {"limits": [{"type": "Container", "defaultRequest": {"cpu": "100m", "memory": "64Mi"}}]}}
    quota = {"apiVersion": "v1", "kind": "ResourceQuota", "metadata": {"name": "b-quota", "namespace": "team-b"},
             "spec": {"hard": {"requests.cpu": "20", "requests.memory": "20Gi"}}}
    # (core/v1 has no /openapi/v3 document here, so kubectl cannot validate client-side)
    assert srv.kubectl("apply", "--validate=false", "-f", "-", stdin=json.dumps({"apiVersion": "v1", "kind": "List",
                                                              "items": [lr, quota]})).code == 0
    try:
        r = create(srv, job("lr-ok", resources=False), "team-b")
        assert r.code == 0, r
        assert wait_until(lambda: condition(srv, "lr-ok", "Succeeded", "team-b"), 30)
    finally:
        srv.kubectl("delete", "limitrange", "defaults", "-n", "team-b")
        srv.kubectl("delete", "resourcequota", "b-quota", "-n", "team-b")
        srv.kubectl("delete", "mpijob", "lr-ok", "-n", "team-b", "--wait=false")


def test_a_job_whose_pods_the_quota_refuses_is_diagnosed_not_called_healthy(srv):
    # Created behind the tool's back (kubectl): the operator's pod creations are refused.
    doc = job("q-stuck", resources=False, duration=1)
    doc["metadata"]["namespace"] = "team-a"
    assert srv.kubectl("create", "-f", "-", stdin=json.dumps(doc)).code == 0
    try:
        def refused():
            r = srv.kubectl("get", "events", "-n", "team-a", "--field-selector", "involvedObject.name=q-stuck", "-o",
                            "json")
            return any(e["reason"] == "MPIJobFailed" for e in r.json()["items"])
        assert wait_until(refused, 15)
        d = srv.odh("mpijob", "describe", "q-stuck", "-n", "team-a")
        assert d.code == 0, d
        assert "No problems found" not in d.out
        assert "[pods-refused]" in d.out
        assert "must specify requests.cpu for: mpi-worker; requests.memory for: mpi-worker" in d.out
        w = srv.odh("mpijob", "wait", "q-stuck", "-n", "team-a", "--timeout", "2s")
        assert w.code == 5, w
        assert "the job keeps running" not in w.err
        assert "hint: it is waiting for this: the API server refuses the job's worker pods" in w.err
        assert "kubectl odh mpijob describe q-stuck -n team-a" in w.err
    finally:
        srv.kubectl("delete", "mpijob", "q-stuck", "-n", "team-a", "--wait=false")


# ------------------------------------------------------------------------------------------- restarting

def test_a_launcher_crash_looping_in_place_is_restarting_not_running(srv, tmp_path):
    doc = job("crashloop", outcome="Failed", duration=2, launcher_restart="OnFailure",
              run_policy={"backoffLimit": 6}, annotations={"sim.odh/crash-backoff-seconds": "4"})
    assert create(srv, doc).code == 0
    watch = subprocess.Popen([str(odh_binary()), "--kubeconfig", srv.kubeconfig, "mpijob", "get", "crashloop", "-n",
                              NS, "--watch", "--no-headers"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             env=srv.env())
    try:
        def crashing():
            r = srv.kubectl("get", "pods", "-n", NS, "-l", "training.kubeflow.org/job-name=crashloop,"
                            "training.kubeflow.org/job-role=launcher", "-o", "json")
            for p in r.json()["items"]:
                cs = (p["status"].get("containerStatuses") or [{}])[0]
                if (cs.get("state") or {}).get("waiting", {}).get("reason") == "CrashLoopBackOff":
                    return True
            return False
        assert wait_until(crashing, 20), "the launcher never crash-looped"
        # The MPIJob itself still says Running: Launcher.failed stays 0 while the container restarts in place.
        status = srv.kubectl("get", "mpijob", "crashloop", "-n", NS, "-o", "json").json()["status"]
        assert status["replicaStatuses"].get("Launcher", {}).get("failed", 0) == 0
        got = srv.odh("mpijob", "get", "crashloop", "-n", NS, "--no-headers")
        assert got.code == 0 and got.out.split()[1] == "Restarting", got
        d = srv.odh("mpijob", "describe", "crashloop", "-n", NS)
        assert re.search(r"^Status:\s+Restarting", d.out, re.M), d.out
        assert "CrashLoopBackOff" in d.out
        time.sleep(1.0)
    finally:
        watch.terminate()
        out, _ = watch.communicate(timeout=10)
        srv.kubectl("delete", "mpijob", "crashloop", "-n", NS, "--wait=false")
    assert "Restarting" in out.decode(), out.decode()


# ------------------------------------------------------------------------------------------- wait

def test_a_condition_that_can_no_longer_come_ends_the_wait_at_once(srv):
    assert create(srv, job("done-quick")).code == 0
    assert srv.odh("mpijob", "wait", "done-quick", "-n", NS, "--timeout", "60s").code == 0
    t = time.time()
    r = srv.odh("mpijob", "wait", "done-quick", "-n", NS, "--for", "condition=Succeeded=False", "--timeout", "60s")
    assert time.time() - t < 10
    assert r.code == 2, r
    assert 'mpijob "done-quick" has Succeeded and its conditions no longer change: Succeeded=False will never be ' \
           'true' in r.err
    never = srv.odh("mpijob", "wait", "done-quick", "-n", NS, "--for", "condition=Restarting")
    assert never.code == 2 and "never sets the Restarting condition" in never.err
    unknown = srv.odh("mpijob", "wait", "done-quick", "-n", NS, "--for", "condition=Ready")
    assert unknown.code == 2 and 'MPIJobs have no condition "Ready"' in unknown.err


def test_a_timeout_says_what_the_job_waits_for(srv):
    # The seeded tf-bench-pending cannot be scheduled (no GPU free).
    r = srv.odh("mpijob", "wait", "tf-bench-pending", "-n", "team-a", "--timeout", "2s")
    assert r.code == 5, r
    assert "the job keeps running" not in r.err
    assert "hint: it is waiting for this:" in r.err and "Insufficient nvidia.com/gpu" in r.err
    assert "see more with: kubectl odh mpijob describe tf-bench-pending -n team-a" in r.err


# ------------------------------------------------------------------------------------------- logs

def test_logs_follow_of_a_job_that_cannot_be_scheduled_names_why_and_gives_up_when_asked(srv):
    r = srv.odh("mpijob", "logs", "tf-bench-pending", "-n", "team-a", "-f", "--pod-running-timeout", "3s",
                timeout=30)
    assert r.code == 5, r
    assert "waiting for launcher: Unschedulable (0/3 nodes are available: 3 Insufficient nvidia.com/gpu)" in r.err
    assert 'error: no selected pod of mpijob "tf-bench-pending" is running after 3s' in r.err
    bad = srv.odh("mpijob", "logs", "tf-bench-pending", "-n", "team-a", "--pod-running-timeout", "3s")
    assert bad.code == 2 and "without -f nothing waits" in bad.err


def _launcher_pods(srv, name, ns=NS):
    r = srv.kubectl("get", "pods", "-n", ns, "-l", "training.kubeflow.org/job-name=%s,training.kubeflow.org/job-role"
                    "=launcher" % name, "-o", "json")
    return r.json()["items"]


def test_each_way_a_pod_goes_has_its_own_message_and_a_hint_that_would_work(srv):
    # cleanPodPolicy All: the operator removed the workers at the end.
    assert create(srv, job("gone-all", run_policy={"cleanPodPolicy": "All"})).code == 0
    # ttlSecondsAfterFinished: the TTL controller removed the launcher Job and its pod.
    assert create(srv, job("gone-ttl", run_policy={"ttlSecondsAfterFinished": 1})).code == 0
    # An evicted worker failed the job (MPIJobEvicted); cleanPodPolicy All then removed its pod.
    assert create(srv, job("gone-evicted", outcome="Evicted", duration=2, workers=2,
                           run_policy={"cleanPodPolicy": "All"})).code == 0
    # activeDeadlineSeconds: the Job controller killed and deleted the running launcher.
    assert create(srv, job("gone-deadline", outcome="Hang", run_policy={"activeDeadlineSeconds": 2})).code == 0
    # cleanPodPolicy None and no TTL: the launcher pod deleted by hand, nothing in the job says so.
    assert create(srv, job("gone-hand", run_policy={"cleanPodPolicy": "None"}, launcher_restart="Never")).code == 0
    for name in ("gone-all", "gone-ttl", "gone-hand"):
        assert wait_until(lambda: condition(srv, name, "Succeeded"), 30), name
    assert wait_until(lambda: condition(srv, "gone-deadline", "Failed"), 30)
    assert wait_until(lambda: condition(srv, "gone-evicted", "Failed"), 30)
    for p in _launcher_pods(srv, "gone-hand"):
        assert srv.kubectl("delete", "pod", p["metadata"]["name"], "-n", NS, "--grace-period=0", "--force").code == 0
    assert wait_until(lambda: not _launcher_pods(srv, "gone-ttl"), 15)

    w = srv.odh("mpijob", "logs", "gone-all", "-n", NS, "--worker", "0")
    assert w.code == 4, w
    assert "worker-0 has no pod: the operator removed it when the job ended (runPolicy.cleanPodPolicy: All)" in w.err
    assert "hint: runPolicy.cleanPodPolicy: None keeps worker pods" in w.err

    t = srv.odh("mpijob", "logs", "gone-ttl", "-n", NS)
    assert t.code == 4, t
    assert "launcher has no pod: it was removed with the launcher Job 1s after the job finished " \
           "(runPolicy.ttlSecondsAfterFinished: 1)" in t.err
    assert "hint: a longer runPolicy.ttlSecondsAfterFinished" in t.err

    d = srv.odh("mpijob", "logs", "gone-deadline", "-n", NS)
    assert d.code == 4, d
    assert "the Job controller deleted it when the job ran past runPolicy.activeDeadlineSeconds" in d.err
    assert "hint: a longer runPolicy.activeDeadlineSeconds" in d.err

    e = srv.odh("mpijob", "logs", "gone-evicted", "-n", NS, "--worker", "0")
    assert e.code == 4, e
    assert "worker-0 has no pod: the job failed because a worker was evicted (1/2 workers are evicted)" in e.err
    assert "hint: eviction comes from node pressure or preemption" in e.err

    h = srv.odh("mpijob", "logs", "gone-hand", "-n", NS)
    assert h.code == 4, h
    assert "launcher has no pod: it was deleted, and nothing in the job says by what" in h.err
    assert "hint:" not in h.err, "no fix is known, so none is offered"
    # Nothing to show is 'not there' (4) with the reason, never the network's 1 or a raw Status.
    for r in (w, t, d, e, h):
        assert r.out == "" and '{"kind"' not in r.err


# ------------------------------------------------------------------------------------------- input and wording

def test_inputs_that_make_no_sense_are_refused_with_words_that_say_why(srv):
    r = srv.odh("mpijob", "create", "j", "--image", "x", "--slots-per-worker", "0", "--dry-run=client")
    assert r.code == 2 and "--slots-per-worker: must be at least 1" in r.err
    r = srv.odh("mpijob", "create", "MyJob", "--image", "x", "--dry-run=client")
    assert r.code == 2 and 'a job name must be lowercase (try "myjob")' in r.err
    r = srv.odh("mpijob", "bogus")
    assert r.code == 2 and 'unknown command "bogus"' in r.err and "did you mean" not in r.err
    r = srv.odh("mpijob", "lsit")
    assert r.code == 2 and "did you mean list?" in r.err


def test_a_missing_namespace_is_not_an_empty_one(srv):
    r = srv.odh("mpijob", "list", "-n", "no-such-namespace")
    assert r.code == 4, r
    assert 'error: namespace "no-such-namespace" not found' in r.err
    assert "No resources found" not in r.err
    empty = srv.odh("mpijob", "list", "-n", "team-b", "-l", "nothing=here")
    assert empty.code == 0 and empty.err.strip() == "No resources found in team-b namespace."


def test_quoted_evidence_never_nests_double_quotes(srv):
    # golden/pull: the kubelet's message itself quotes the image.
    r = srv.odh("mpijob", "describe", "pull", "-n", "golden")
    assert r.code == 0, r
    assert "Failed to pull image \"mpioperator" in r.out
    assert not re.search(r'"Failed to pull image "', r.out), "a quoted message inside double quotes reads as three"
