"""The simulated Kueue (--crds kueue): Workloads for queued MPIJobs, admission by quota with Kueue's messages,
deactivation, what Kueue does to a job's own suspend flag, queue status, the visibility API, the seed and the
v1beta1 view."""

import copy
import time

import pytest

from harness import FakeCluster
from kclient import Client

JOBS = "/apis/kubeflow.org/v2beta1/namespaces/%s/mpijobs"
WLS = "/apis/kueue.x-k8s.io/%s/namespaces/%s/workloads"
LQS = "/apis/kueue.x-k8s.io/v1beta2/namespaces/%s/localqueues"
CQS = "/apis/kueue.x-k8s.io/v1beta2/clusterqueues"
VIS = "/apis/visibility.kueue.x-k8s.io/v1beta2"
MERGE = {"Content-Type": "application/merge-patch+json"}


@pytest.fixture(scope="module")
def ks():
    s = FakeCluster(seed="standard", tick=0.05, crds=["kueue"]).start()
    c = Client(s, "admin")
    try:
        yield s, c
    finally:
        c.close()
        s.stop()


def wait_for(fn, seconds=10):
    end = time.time() + seconds
    while time.time() < end:
        v = fn()
        if v:
            return v
        time.sleep(0.05)
    raise AssertionError("condition not met within %ss" % seconds)


def conds(obj):
    return {c["type"]: (c["status"], c.get("reason"), c.get("message")) for c in
            (obj.get("status") or {}).get("conditions") or []}


def workload_of(c, ns, job, version="v1beta2"):
    uid = c.get(JOBS % ns + "/" + job).json()["metadata"]["uid"]
    items = c.get(WLS % (version, ns) + "?labelSelector=kueue.x-k8s.io/job-uid%3D" + uid).json()["items"]
    return items[0] if items else None


def pods(c, ns, job):
    sel = "training.kubeflow.org/job-name%3D" + job
    return [p for p in c.get("/api/v1/namespaces/%s/pods?labelSelector=%s" % (ns, sel)).json()["items"]
            if not p["metadata"].get("deletionTimestamp")]


def setup_queue(c, ns, gpus="4"):
    r = c.request("POST", "/api/v1/namespaces", {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": ns}})
    assert r.status == 201, r
    cq = {"apiVersion": "kueue.x-k8s.io/v1beta2", "kind": "ClusterQueue", "metadata": {"name": ns + "-cq"},
          "spec": {"namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": ns}},
                   "resourceGroups": [{"coveredResources": ["cpu", "memory", "nvidia.com/gpu"],
                                       "flavors": [{"name": "default-flavor", "resources": [
                                           {"name": "cpu", "nominalQuota": "8"}, {"name": "memory", "nominalQuota": "16Gi"},
                                           {"name": "nvidia.com/gpu", "nominalQuota": gpus}]}]}]}}
    assert c.request("POST", CQS, cq).status == 201
    lq = {"apiVersion": "kueue.x-k8s.io/v1beta2", "kind": "LocalQueue", "metadata": {"name": "q"},
          "spec": {"clusterQueue": ns + "-cq"}}
    assert c.request("POST", LQS % ns, lq).status == 201


def submit(c, ns, name, queue="q", gpus=1, outcome="Hang", workers=2):
    job = {"apiVersion": "kubeflow.org/v2beta1", "kind": "MPIJob",
           "metadata": {"name": name, "labels": {"kueue.x-k8s.io/queue-name": queue},
                        "annotations": {"sim.odh/outcome": outcome, "sim.odh/duration-seconds": "1"}},
           "spec": {"runPolicy": {"cleanPodPolicy": "Running"}, "mpiReplicaSpecs": {
               "Launcher": {"replicas": 1, "template": {"spec": {"containers": [
                   {"name": "l", "image": "mpioperator/mpi-pi:openmpi", "resources": {"limits": {"cpu": "1"}}}]}}},
               "Worker": {"replicas": workers, "template": {"spec": {"containers": [
                   {"name": "w", "image": "mpioperator/mpi-pi:openmpi",
                    "resources": {"limits": {"cpu": "1", "memory": "1Gi", "nvidia.com/gpu": str(gpus)}}}]}}}}}}
    r = c.request("POST", JOBS % ns, job)
    assert r.status == 201, r
    return r.json()


def test_a_queued_job_gets_an_owned_workload_and_is_admitted_by_quota(ks):
    s, c = ks
    setup_queue(c, "kq-admit")
    job = submit(c, "kq-admit", "fits", gpus=2)
    wl = wait_for(lambda: workload_of(c, "kq-admit", "fits"))
    assert wl["metadata"]["name"].startswith("mpijob-fits-") and len(wl["metadata"]["name"]) == len("mpijob-fits-") + 5
    ref = wl["metadata"]["ownerReferences"][0]
    assert (ref["kind"], ref["name"], ref["uid"], ref["controller"]) == ("MPIJob", "fits", job["metadata"]["uid"], True)
    assert [(p["name"], p["count"]) for p in wl["spec"]["podSets"]] == [("launcher", 1), ("worker", 2)]
    wl = wait_for(lambda: (lambda w: w if conds(w).get("Admitted", ("",))[0] == "True" else None)(
        workload_of(c, "kq-admit", "fits")))
    assert conds(wl)["QuotaReserved"][1:] == ("QuotaReserved", "Quota reserved in ClusterQueue kq-admit-cq")
    psa = {p["name"]: p for p in wl["status"]["admission"]["podSetAssignments"]}
    assert psa["worker"]["flavors"]["nvidia.com/gpu"] == "default-flavor"
    assert psa["worker"]["resourceUsage"]["nvidia.com/gpu"] == "4"
    # Kueue unsuspends the admitted job and the operator starts it.
    wait_for(lambda: len(pods(c, "kq-admit", "fits")) == 3, 10)
    cq = wait_for(lambda: (lambda q: q if q["status"].get("admittedWorkloads") == 1 else None)(
        c.get(CQS + "/kq-admit-cq").json()))
    gpu = next(r for r in cq["status"]["flavorsUsage"][0]["resources"] if r["name"] == "nvidia.com/gpu")
    assert gpu["total"] == "4"


def test_waiting_on_quota_has_kuees_message_and_a_position(ks):
    s, c = ks
    setup_queue(c, "kq-wait", gpus="4")
    submit(c, "kq-wait", "first", gpus=2)
    wait_for(lambda: conds(workload_of(c, "kq-wait", "first") or {}).get("Admitted", ("",))[0] == "True")
    submit(c, "kq-wait", "second", gpus=2)
    submit(c, "kq-wait", "third", gpus=1)
    wl = wait_for(lambda: (lambda w: w if w and "QuotaReserved" in conds(w) else None)(
        workload_of(c, "kq-wait", "second")))
    assert conds(wl)["QuotaReserved"] == ("False", "Pending", "couldn't assign flavors to pod set worker: insufficient "
                                          "unused quota for nvidia.com/gpu in flavor default-flavor, 4 more needed")
    third = wait_for(lambda: (lambda w: w if w and "QuotaReserved" in conds(w) else None)(
        workload_of(c, "kq-wait", "third")))
    assert "2 more needed" in conds(third)["QuotaReserved"][2]
    r = c.get(VIS + "/namespaces/kq-wait/localqueues/q/pendingworkloads").json()
    assert r["kind"] == "PendingWorkloadsSummary"
    assert [(i["metadata"]["ownerReferences"][0]["name"], i["positionInLocalQueue"], i["positionInClusterQueue"])
            for i in r["items"]] == [("second", 0, 0), ("third", 1, 1)]
    assert c.get(VIS + "/namespaces/kq-wait/localqueues/nope/pendingworkloads").status == 404
    assert c.get(VIS + "/clusterqueues/kq-wait-cq/pendingworkloads").json()["items"][1]["positionInClusterQueue"] == 1
    alice = Client(s, "alice")
    try:
        assert alice.get(VIS + "/namespaces/kq-wait/localqueues/q/pendingworkloads").status == 403
    finally:
        alice.close()


def test_deactivating_the_workload_stops_the_job_and_reactivating_runs_it_again(ks):
    s, c = ks
    setup_queue(c, "kq-active")
    submit(c, "kq-active", "job", gpus=1)
    wait_for(lambda: len(pods(c, "kq-active", "job")) == 3, 10)
    wl = workload_of(c, "kq-active", "job")
    r = c.request("PATCH", WLS % ("v1beta2", "kq-active") + "/" + wl["metadata"]["name"],
                  {"spec": {"active": False}}, headers=MERGE)
    assert r.status == 200, r
    wait_for(lambda: pods(c, "kq-active", "job") == [], 10)
    job = c.get(JOBS % "kq-active" + "/job").json()
    assert job["spec"]["runPolicy"]["suspend"] is True
    wl = wait_for(lambda: (lambda w: w if "admission" not in w["status"] else None)(workload_of(c, "kq-active", "job")))
    cd = conds(wl)
    assert cd["Evicted"] == ("True", "Deactivated", "The workload is deactivated")
    assert cd["Requeued"][:2] == ("False", "Deactivated") and cd["QuotaReserved"][:2] == ("False", "Pending")
    time.sleep(0.5)
    assert pods(c, "kq-active", "job") == [], "an inactive Workload is never admitted again"
    c.request("PATCH", WLS % ("v1beta2", "kq-active") + "/" + wl["metadata"]["name"], {"spec": {"active": True}},
              headers=MERGE)
    wait_for(lambda: len(pods(c, "kq-active", "job")) == 3, 10)
    cd = conds(workload_of(c, "kq-active", "job"))
    assert cd["Requeued"][:2] == ("True", "Reactivated")
    assert cd["Evicted"][:2] == ("False", "QuotaReserved") and cd["Evicted"][2].startswith("Previously: ")


def test_kueue_undoes_a_jobs_own_suspend_flag(ks):
    s, c = ks
    setup_queue(c, "kq-undo", gpus="2")
    submit(c, "kq-undo", "running", gpus=1)
    wait_for(lambda: len(pods(c, "kq-undo", "running")) == 3, 10)
    # suspend=true on an admitted job: the job reconciler starts it again (reconciler.go step 7).
    c.request("PATCH", JOBS % "kq-undo" + "/running", {"spec": {"runPolicy": {"suspend": True}}}, headers=MERGE)
    wait_for(lambda: any(e["reason"] == "Started" for e in c.get(
        "/api/v1/namespaces/kq-undo/events?fieldSelector=involvedObject.name%3Drunning").json()["items"]
        if e["count"] >= 1) and c.get(JOBS % "kq-undo" + "/running").json()["spec"]["runPolicy"]["suspend"] is False)
    # suspend=false on a job Kueue has not admitted: it is suspended again (step 8).
    submit(c, "kq-undo", "waiting", gpus=1)
    wait_for(lambda: "QuotaReserved" in conds(workload_of(c, "kq-undo", "waiting") or {}))
    c.request("PATCH", JOBS % "kq-undo" + "/waiting", {"spec": {"runPolicy": {"suspend": False}}}, headers=MERGE)
    ev = wait_for(lambda: [e for e in c.get("/api/v1/namespaces/kq-undo/events?fieldSelector=involvedObject.name"
                                            "%3Dwaiting").json()["items"] if e["reason"] == "Stopped"])
    assert ev[0]["message"] == "Not admitted by cluster queue"
    wait_for(lambda: c.get(JOBS % "kq-undo" + "/waiting").json()["spec"]["runPolicy"]["suspend"] is True)


def test_missing_and_inactive_queues_are_inadmissible_with_kueues_messages(ks):
    s, c = ks
    submit(c, "team-a", "typo", queue="user-qeue")
    submit(c, "team-a", "legacy", queue="legacy-queue")
    wl = wait_for(lambda: (lambda w: w if w and "QuotaReserved" in conds(w) else None)(workload_of(c, "team-a", "typo")))
    assert conds(wl)["QuotaReserved"] == ("False", "Inadmissible", "LocalQueue user-qeue doesn't exist")
    wl = wait_for(lambda: (lambda w: w if w and "QuotaReserved" in conds(w) else None)(
        workload_of(c, "team-a", "legacy")))
    assert conds(wl)["QuotaReserved"] == ("False", "Inadmissible", "ClusterQueue retired-cq is inactive")
    cq = c.get(CQS + "/retired-cq").json()
    assert conds(cq)["Active"] == ("False", "FlavorNotFound",
                                   "Can't admit new workloads: references missing ResourceFlavor(s): [a100-80gb].")
    lq = c.get(LQS % "team-a" + "/legacy-queue").json()
    assert conds(lq)["Active"][:2] == ("False", "ClusterQueueIsInactive")
    # Relabelling a suspended job moves its Workload to the new queue.
    c.request("PATCH", JOBS % "team-a" + "/typo", {"metadata": {"labels": {"kueue.x-k8s.io/queue-name": "legacy-queue"}}},
              headers=MERGE)
    wait_for(lambda: workload_of(c, "team-a", "typo")["spec"]["queueName"] == "legacy-queue")


def test_finished_job_finishes_its_workload_and_deleting_the_job_deletes_it(ks):
    s, c = ks
    setup_queue(c, "kq-done")
    submit(c, "kq-done", "quick", gpus=1, outcome="Succeeded")
    wl = wait_for(lambda: (lambda w: w if w and "Finished" in conds(w) else None)(workload_of(c, "kq-done", "quick")),
                  15)
    assert conds(wl)["Finished"][:2] == ("True", "Succeeded")
    cq = wait_for(lambda: (lambda q: q if q["status"].get("admittedWorkloads") == 0 else None)(
        c.get(CQS + "/kq-done-cq").json()))
    assert cq["status"]["flavorsUsage"][0]["resources"][2]["total"] == "0"
    name = wl["metadata"]["name"]
    assert c.request("DELETE", JOBS % "kq-done" + "/quick").status == 200
    wait_for(lambda: c.get(WLS % ("v1beta2", "kq-done") + "/" + name).status == 404)


def test_the_seed_has_a_preempted_and_a_waiting_job_in_team_cq(ks):
    s, c = ks
    pre = workload_of(c, "team-a", "pi-preempted")
    cd = conds(pre)
    gpu = workload_of(c, "team-b", "gpu-train")
    assert cd["Preempted"][:2] == ("True", "InClusterQueue")
    assert ("UID: %s, JobUID: %s" % (gpu["metadata"]["uid"], gpu["metadata"]["labels"]["kueue.x-k8s.io/job-uid"])
            in cd["Preempted"][2]) and "due to prioritization in the ClusterQueue" in cd["Preempted"][2]
    assert cd["Requeued"][:2] == ("True", "Preempted")
    assert "4 more needed" in conds(workload_of(c, "team-a", "pi-queued"))["QuotaReserved"][2]
    assert conds(workload_of(c, "default", "pi-queued"))["QuotaReserved"][2] == "LocalQueue user-queue doesn't exist"
    assert len(pods(c, "team-b", "gpu-train")) == 3 and pods(c, "team-a", "pi-preempted") == []
    lq = c.get(LQS % "team-a" + "/user-queue").json()
    assert lq["status"]["pendingWorkloads"] >= 2


def test_v1beta1_reads_convert_the_fields_that_differ(ks):
    s, c = ks
    v1 = c.get("/apis/kueue.x-k8s.io/v1beta1/namespaces/team-b/localqueues/user-queue").json()
    assert v1["apiVersion"] == "kueue.x-k8s.io/v1beta1" and "flavorUsage" in v1["status"]
    assert "flavorsUsage" not in v1["status"]
    gpu = workload_of(c, "team-b", "gpu-train", version="v1beta1")
    assert gpu["spec"]["priorityClassSource"] == "kueue.x-k8s.io/workloadpriorityclass"
    assert gpu["spec"]["priorityClassName"] == "high" and "priorityClassRef" not in gpu["spec"]
    back = copy.deepcopy(gpu)
    assert workload_of(c, "team-b", "gpu-train")["spec"]["priorityClassRef"]["name"] == back["spec"]["priorityClassName"]
