"""The simulated mpi-operator: every outcome annotation, suspend/resume, Kueue, cleanup, TTL."""

import time

import pytest

from kclient import Client
from test_mpijobs import golden_body, wait_for

NS = "/apis/kubeflow.org/v2beta1/namespaces/%s/mpijobs"
PODS = "/api/v1/namespaces/%s/pods"


@pytest.fixture(scope="module")
def op(request):
    from harness import FakeCluster
    s = FakeCluster(seed="standard", tick=0.05).start()
    request.addfinalizer(s.stop)
    c = Client(s, "admin")
    request.addfinalizer(c.close)
    return s, c


def submit(c, name, outcome, duration="1", ns="golden", mutate=None, **ann):
    b = golden_body(name, duration)
    b["metadata"]["annotations"]["sim.odh/outcome"] = outcome
    for k, v in ann.items():
        b["metadata"]["annotations"]["sim.odh/" + k.replace("_", "-")] = str(v)
    if mutate:
        mutate(b)
    r = c.request("POST", NS % ns + "", body=b)
    assert r.status == 201, r.body
    return r.json()


def status(c, name, ns="golden"):
    return c.get(NS % ns + "/" + name).json().get("status") or {}


def conds(st):
    return {x["type"]: (x["status"], x["reason"]) for x in st.get("conditions", [])}


def finished(c, name, ns="golden"):
    def f():
        st = status(c, name, ns)
        cd = conds(st)
        return st if cd.get("Succeeded", ("",))[0] == "True" or cd.get("Failed", ("",))[0] == "True" else None
    return f


def pods(c, job, ns="golden"):
    return c.get(PODS % ns + "?labelSelector=training.kubeflow.org/job-name%3D" + job).json()["items"]


def events(c, name, ns="golden"):
    return c.get("/api/v1/namespaces/%s/events?fieldSelector=involvedObject.name%%3D%s" % (ns, name)).json()["items"]


def test_succeeded(op):
    s, c = op
    submit(c, "ok", "Succeeded", "1")
    st = wait_for(finished(c, "ok"), 15)
    assert conds(st)["Succeeded"] == ("True", "MPIJobSucceeded")
    assert conds(st)["Running"] == ("False", "MPIJobRunning")
    assert st["replicaStatuses"]["Launcher"] == {"succeeded": 1} and "completionTime" in st and "startTime" in st
    reasons = [e["reason"] for e in events(c, "ok")]
    assert reasons[:2] == ["MPIJobCreated", "MPIJobRunning"] and reasons[-1] == "MPIJobSucceeded"
    assert wait_for(lambda: all("worker" not in p["metadata"]["name"] for p in pods(c, "ok")), 5), \
        "cleanPodPolicy Running removes the workers"
    launcher = pods(c, "ok")[0]
    assert launcher["status"]["phase"] == "Succeeded"
    assert launcher["status"]["containerStatuses"][0]["state"]["terminated"]["reason"] == "Completed"
    kinds = {e["reason"] for p in [launcher] for e in events(c, p["metadata"]["name"])}
    assert {"Scheduled", "Pulling", "Pulled", "Created", "Started"} <= kinds


def test_failed(op):
    s, c = op
    submit(c, "bad", "Failed", "1")
    st = wait_for(finished(c, "bad"), 15)
    assert conds(st)["Failed"] == ("True", "BackoffLimitExceeded/Error")
    assert st["replicaStatuses"]["Launcher"] == {"failed": 1}
    # The launcher (restartPolicy OnFailure, the operator's default) restarted in place; when the Job hit its
    # backoff limit the Job controller deleted its still-active pod, and the log with it.
    assert [p for p in pods(c, "bad") if "launcher" in p["metadata"]["name"]] == []
    ev = [(e["type"], e["reason"]) for e in events(c, "bad")]
    assert ("Warning", "BackoffLimitExceeded/Error") in ev
    all_events = c.get("/api/v1/namespaces/golden/events").json()["items"]
    backoffs = [e for e in all_events if e["reason"] == "BackOff"
                and e["involvedObject"]["name"].startswith("bad-launcher-")]
    assert backoffs, "the in-place restart left its BackOff event"


def test_oomkilled(op):
    s, c = op
    submit(c, "oomy", "OOMKilled", "1")
    st = wait_for(finished(c, "oomy"), 15)
    assert conds(st)["Failed"][0] == "True"
    w0 = c.get(PODS % "golden" + "/oomy-worker-0").json()
    term = w0["status"]["containerStatuses"][0]["state"]["terminated"]
    assert (term["reason"], term["exitCode"]) == ("OOMKilled", 137) and w0["status"]["phase"] == "Failed"
    assert st["replicaStatuses"]["Worker"].get("failed") == 1
    assert "OOMKilling" in [e["reason"] for e in events(c, "oomy-worker-0")]


def test_oomkilled_worker_that_restarts_has_a_previous_log(op):
    s, c = op

    def onfailure(b):
        b["spec"]["mpiReplicaSpecs"]["Worker"]["restartPolicy"] = "OnFailure"
        b["spec"]["runPolicy"]["cleanPodPolicy"] = "None"
    submit(c, "oomr", "OOMKilled", "1", mutate=onfailure)
    wait_for(finished(c, "oomr"), 15)
    w0 = c.get(PODS % "golden" + "/oomr-worker-0").json()
    cs = w0["status"]["containerStatuses"][0]
    assert cs["restartCount"] == 1 and cs["lastState"]["terminated"]["reason"] == "OOMKilled"
    prev = c.get(PODS % "golden" + "/oomr-worker-0/log?previous=true")
    assert prev.status == 200 and "allocating" in prev.text.splitlines()[-1]


def test_imagepullbackoff(op):
    s, c = op
    submit(c, "pullme", "ImagePullBackOff", "1")
    assert wait_for(lambda: any(p["status"].get("containerStatuses", [{}])[0].get("state", {}).get("waiting", {})
                                .get("reason") == "ImagePullBackOff" for p in pods(c, "pullme")), 10)
    time.sleep(1.5)
    st = status(c, "pullme")
    assert "Running" not in conds(st) and conds(st)["Created"][0] == "True"


def test_unschedulable(op):
    s, c = op
    submit(c, "nofit", "Unschedulable", "1")
    assert wait_for(lambda: pods(c, "nofit") and all(
        p["status"].get("conditions", [{}])[0].get("reason") == "Unschedulable" for p in pods(c, "nofit")), 10)
    assert "FailedScheduling" in [e["reason"] for e in events(c, "nofit-worker-0")]
    assert conds(status(c, "nofit")).keys() == {"Created"}


def test_restarting(op):
    s, c = op
    submit(c, "again", "Restarting", "3")
    assert wait_for(lambda: status(c, "again").get("replicaStatuses", {}).get("Launcher") == {"active": 1,
                                                                                          "failed": 1}, 15)
    launchers = [p for p in pods(c, "again") if "launcher" in p["metadata"]["name"]]
    assert sorted(p["status"]["phase"] for p in launchers) == ["Failed", "Running"]
    st = wait_for(finished(c, "again"), 20)
    assert conds(st)["Succeeded"][0] == "True"
    assert st["replicaStatuses"]["Launcher"] == {"failed": 1, "succeeded": 1}


def test_hang_and_transition(op):
    s, c = op
    submit(c, "forever", "Hang", "1")
    assert wait_for(lambda: conds(status(c, "forever")).get("Running") == ("True", "MPIJobRunning"), 10)
    time.sleep(1.5)
    assert conds(status(c, "forever")).get("Running") == ("True", "MPIJobRunning")
    t0 = time.time()
    out = s.transition("golden", "forever", "Failed")
    assert t0 <= out["time"] <= time.time()
    st = status(c, "forever")
    assert conds(st)["Failed"][0] == "True"
    assert c.get(NS % "golden" + "/forever").json()["metadata"]["resourceVersion"] == out["resourceVersion"]


def test_never_picked_up(op):
    s, c = op
    submit(c, "ignored", "NeverPickedUp", "1")
    time.sleep(1.0)
    assert status(c, "ignored") == {} and pods(c, "ignored") == [] and events(c, "ignored") == []


def test_managed_by_other_controller_is_ignored(op):
    s, c = op
    submit(c, "multikueue", "Succeeded", "1",
           mutate=lambda b: b["spec"]["runPolicy"].update(managedBy="kueue.x-k8s.io/multikueue"))
    time.sleep(1.0)
    assert status(c, "multikueue") == {} and pods(c, "multikueue") == []


def test_validation_error_then_fix(op):
    s, c = op
    submit(c, "invalid", "Succeeded", "1",
           mutate=lambda b: b["spec"]["mpiReplicaSpecs"]["Worker"].update(replicas=0))
    assert wait_for(lambda: [e for e in events(c, "invalid") if e["reason"] == "ValidationError"], 5)
    ev = [e for e in events(c, "invalid") if e["reason"] == "ValidationError"][0]
    assert ev["type"] == "Warning" and "spec.mpiReplicaSpecs[Worker].replicas: Invalid value: 0" in ev["message"]
    assert status(c, "invalid") == {}
    c.request("PATCH", NS % "golden" + "/invalid", body={"spec": {"mpiReplicaSpecs": {"Worker": {"replicas": 1}}}},
              headers={"Content-Type": "application/merge-patch+json"})
    assert wait_for(finished(c, "invalid"), 15)


def test_suspend_resume_and_kueue(op):
    s, c = op
    submit(c, "queued", "Succeeded", "1",
           mutate=lambda b: b["metadata"].update(labels={"kueue.x-k8s.io/queue-name": "user-queue"}))
    job = c.get(NS % "golden" + "/queued").json()
    assert job["spec"]["runPolicy"]["suspend"] is True, "the Kueue webhook suspends queued jobs"
    assert wait_for(lambda: conds(status(c, "queued")).get("Suspended") == ("True", "MPIJobSuspended"), 5)
    assert conds(status(c, "queued"))["Running"] == ("False", "MPIJobSuspended")
    assert pods(c, "queued") == [] and "startTime" not in status(c, "queued")
    c.request("PATCH", NS % "golden" + "/queued", body={"spec": {"runPolicy": {"suspend": False}}},
              headers={"Content-Type": "application/merge-patch+json"})
    st = wait_for(finished(c, "queued"), 15)
    assert conds(st)["Suspended"] == ("False", "MPIJobResumed")
    assert "MPIJobResumed" in [e["reason"] for e in events(c, "queued")]


def test_kueue_admission_after_seconds(op):
    s, c = op
    submit(c, "admitted", "Succeeded", "1", admit_after_seconds="0.5",
           mutate=lambda b: b["metadata"].update(labels={"kueue.x-k8s.io/queue-name": "user-queue"}))
    st = wait_for(finished(c, "admitted"), 15)
    assert conds(st)["Suspended"][0] == "False"


def test_clean_pod_policy_none_keeps_workers_and_ttl_removes_launcher(op):
    s, c = op

    def m(b):
        b["spec"]["runPolicy"] = {"cleanPodPolicy": "None", "ttlSecondsAfterFinished": 1}
    submit(c, "keep", "Succeeded", "1", mutate=m)
    wait_for(finished(c, "keep"), 15)
    ws = [p for p in pods(c, "keep") if "worker" in p["metadata"]["name"]]
    assert len(ws) == 2 and all(p["status"]["phase"] == "Running" for p in ws)
    assert wait_for(lambda: c.get("/apis/batch/v1/namespaces/golden/jobs/keep-launcher").status == 404, 5)
    assert wait_for(lambda: not [p for p in pods(c, "keep") if "launcher" in p["metadata"]["name"]], 5)


def test_active_deadline(op):
    s, c = op
    submit(c, "deadline", "Hang", "1", mutate=lambda b: b["spec"]["runPolicy"].update(activeDeadlineSeconds=1))
    st = wait_for(finished(c, "deadline"), 15)
    assert conds(st)["Failed"] == ("True", "DeadlineExceeded")


def test_seeded_states(op):
    s, c = op
    expect = {
        ("team-a", "pi"): "Succeeded", ("team-a", "pi-failed"): "Failed", ("team-a", "pi-running"): "Running",
        ("team-a", "pi-queued"): "Suspended", ("team-a", "pi-restarting"): "Running",
        ("team-a", "tf-bench-pending"): "Created", ("team-b", "pi-intel"): "Succeeded",
        ("team-b", "pi-mpich-oom"): "Failed", ("team-b", "mnist-pull"): "Created",
        ("team-b", "pi-suspended"): "Suspended", ("team-b", "pi-invalid"): None, ("default", "pi"): "Running",
        ("default", "never-picked"): None,
    }
    for (ns, name), want in expect.items():
        cd = conds(status(c, name, ns))
        true = [t for t, (v, _) in cd.items() if v == "True"]
        last = true[-1] if true else None
        assert last == want, (ns, name, cd)
    assert status(c, "pi-restarting", "team-a")["replicaStatuses"]["Launcher"] == {"active": 1, "failed": 1}


def _launcher_restart(policy):
    def mutate(b):
        b["spec"]["mpiReplicaSpecs"]["Launcher"]["restartPolicy"] = policy
        b["spec"]["runPolicy"]["backoffLimit"] = 2
    return mutate


def _launchers(c, job):
    return sorted((p for p in pods(c, job) if "launcher" in p["metadata"]["name"]),
                  key=lambda p: p["metadata"]["creationTimestamp"] + p["metadata"]["name"])


def test_onfailure_launcher_crash_loops_in_place_then_goes_with_its_job(op):
    s, c = op
    submit(c, "crashy", "Failed", "1", mutate=_launcher_restart("OnFailure"), crash_backoff_seconds="1")
    def waiting_reason(p):
        cs = p["status"].get("containerStatuses") or [{}]
        return ((cs[0].get("state") or {}).get("waiting") or {}).get("reason")
    seen_backoff = wait_for(lambda: next((p for p in _launchers(c, "crashy")
                                          if waiting_reason(p) == "CrashLoopBackOff"), None), 15)
    assert seen_backoff, "the launcher should wait in CrashLoopBackOff between runs"
    cs = seen_backoff["status"]["containerStatuses"][0]
    assert seen_backoff["status"]["phase"] == "Running" and cs["restartCount"] >= 1
    assert cs["lastState"]["terminated"]["exitCode"] == 1
    # The Job's failed count does not move while the container restarts in place.
    assert status(c, "crashy")["replicaStatuses"].get("Launcher", {}).get("failed", 0) == 0
    st = wait_for(finished(c, "crashy"), 20)
    assert conds(st)["Failed"] == ("True", "BackoffLimitExceeded/Error")
    assert _launchers(c, "crashy") == [], "the Job controller deletes the still-active pod"


def test_never_launcher_gets_a_new_pod_per_run_and_keeps_them(op):
    s, c = op
    submit(c, "relaunchy", "Failed", "1", mutate=_launcher_restart("Never"))
    st = wait_for(finished(c, "relaunchy"), 20)
    assert conds(st)["Failed"][0] == "True"
    launchers = _launchers(c, "relaunchy")
    assert len(launchers) == 3, "backoffLimit 2: three runs, three pods"
    assert all(p["status"]["phase"] == "Failed" for p in launchers)
    assert all(p["status"]["containerStatuses"][0]["restartCount"] == 0 for p in launchers)
    assert st["replicaStatuses"]["Launcher"]["failed"] == 3


def test_quota_admission_refuses_pods_that_state_no_requests(op):
    s, c = op

    def no_requests(b):
        for role in ("Launcher", "Worker"):
            b["spec"]["mpiReplicaSpecs"][role]["template"]["spec"]["containers"][0].pop("resources", None)
    submit(c, "q2", "Succeeded", "1", ns="team-a", mutate=no_requests)
    want = ('worker pod created failed: pods "q2-worker-0" is forbidden: failed quota: team-a-quota: must specify '
            'requests.cpu for: mpi-worker; requests.memory for: mpi-worker')
    ev = wait_for(lambda: next((e for e in events(c, "q2", "team-a") if e["reason"] == "MPIJobFailed"), None), 10)
    assert ev and ev["type"] == "Warning" and ev["message"] == want
    assert pods(c, "q2", "team-a") == []
    # The operator returns before writing status, so not even Created is stored; it retries.
    assert status(c, "q2", "team-a") == {}
    c.request("DELETE", NS % "team-a" + "/q2")


def test_quota_admission_refuses_a_launcher_without_requests_through_its_job(op):
    s, c = op
    submit(c, "q3", "Succeeded", "1", ns="team-a")  # golden body: workers state limits, the launcher nothing
    ev = wait_for(lambda: next((e for e in events(c, "q3-launcher", "team-a") if e["reason"] == "FailedCreate"), None),
                  10)
    assert ev and ev["message"].startswith('Error creating: pods "q3-launcher-')
    assert ev["message"].endswith("is forbidden: failed quota: team-a-quota: must specify requests.cpu for: "
                                  "mpi-launcher; requests.memory for: mpi-launcher")
    assert [p["metadata"]["name"] for p in pods(c, "q3", "team-a")] == ["q3-worker-0", "q3-worker-1"]
    c.request("DELETE", NS % "team-a" + "/q3")
