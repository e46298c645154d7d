"""Pods, events and pod logs (kubelet wording, options, follow streams)."""

import re
import time

import pytest

import golden
from kclient import Client
from test_mpijobs import golden_body, wait_for


PODS = "/api/v1/namespaces/%s/pods"
NS = "/apis/kubeflow.org/v2beta1/namespaces/%s/mpijobs"
TS = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,9})?Z ")


def pods_of(c, ns, job, role=None):
    sel = "training.kubeflow.org/job-name%3D" + job
    if role:
        sel += ",training.kubeflow.org/job-role%3D" + role
    return c.get(PODS % ns + "?labelSelector=" + sel).json()["items"]


def test_pod_shape_like_golden(admin):
    real = golden.load(29).json()["items"][0]
    ours = [p for p in pods_of(admin, "golden", "oom") if p["metadata"]["name"] == "oom-worker-0"][0]
    assert list(ours) == list(real)
    assert list(ours["metadata"])[:8] == list(real["metadata"])[:8]
    assert ours["metadata"]["labels"] == real["metadata"]["labels"]
    oref, rref = ours["metadata"]["ownerReferences"][0], real["metadata"]["ownerReferences"][0]
    assert list(oref) == list(rref) and {k: oref[k] for k in ("apiVersion", "kind", "name", "controller")} == {
        k: rref[k] for k in ("apiVersion", "kind", "name", "controller")}
    assert list(ours["spec"]) == list(real["spec"])
    oc, rc = ours["spec"]["containers"][0], real["spec"]["containers"][0]
    assert list(oc) == list(rc)
    assert oc["resources"] == rc["resources"] and oc["env"] == rc["env"] and oc["command"] == rc["command"]
    assert list(ours["status"]) == list(real["status"])
    assert [c["type"] for c in ours["status"]["conditions"]] == [c["type"] for c in real["status"]["conditions"]]
    ocs, rcs = ours["status"]["containerStatuses"][0], real["status"]["containerStatuses"][0]
    assert list(ocs) == list(rcs)
    term = ocs["state"]["terminated"]
    assert (term["exitCode"], term["reason"]) == (137, "OOMKilled") and ours["status"]["phase"] == "Failed"
    assert ours["status"]["qosClass"] == "Guaranteed"


def test_launcher_pod_labels_and_owner(admin):
    real = golden.load(30).json()["items"][0]
    ours = pods_of(admin, "golden", "pending", "launcher")[0]
    assert set(ours["metadata"]["labels"]) == set(real["metadata"]["labels"])
    assert ours["metadata"]["labels"]["job-name"] == "pending-launcher"
    assert ours["metadata"]["ownerReferences"][0]["kind"] == "Job"
    assert ours["metadata"]["ownerReferences"][0]["name"] == "pending-launcher"
    assert ours["metadata"]["finalizers"] == ["batch.kubernetes.io/job-tracking"]
    assert re.match(r"^pending-launcher-[bcdfghjklmnpqrstvwxz2456789]{5}$", ours["metadata"]["name"])
    envs = [e["name"] for e in ours["spec"]["containers"][0]["env"]]
    assert envs == [e["name"] for e in real["spec"]["containers"][0]["env"]]
    job = admin.get("/apis/batch/v1/namespaces/golden/jobs/pending-launcher").json()
    assert job["kind"] == "Job" and job["metadata"]["ownerReferences"][0]["kind"] == "MPIJob"


def test_pending_pods_like_golden(admin):
    real = golden.load(30).json()["items"][1]
    ours = pods_of(admin, "golden", "pending", "worker")[0]
    c = ours["status"]["conditions"][0]
    rc = real["status"]["conditions"][0]
    assert (c["type"], c["status"], c["reason"]) == (rc["type"], rc["status"], rc["reason"])
    assert c["message"].startswith("0/3 nodes are available: 3 Insufficient nvidia.com/gpu.")
    assert ours["status"]["phase"] == "Pending" and "nodeName" not in ours["spec"]


def test_imagepull_pods_like_golden(admin):
    real = golden.load(31).json()["items"]
    ours = {p["metadata"]["labels"]["training.kubeflow.org/job-role"] + p["metadata"]["name"][-1]: p
            for p in pods_of(admin, "golden", "pull")}
    w = ours["worker0"]["status"]["containerStatuses"][0]
    rw = real[1]["status"]["containerStatuses"][0]
    assert w["state"] == rw["state"]
    assert ours["worker0"]["status"]["phase"] == "Pending"
    launcher = [p for k, p in ours.items() if k.startswith("launcher")][0]
    assert launcher["status"]["phase"] == "Running"
    ev = admin.get("/api/v1/namespaces/golden/events?fieldSelector=involvedObject.name%3Dpull-worker-0").json()
    msgs = [e["message"] for e in ev["items"]]
    assert "Error: ImagePullBackOff" in msgs and "Error: ErrImagePull" in msgs
    assert any(m.startswith('Failed to pull image "mpioperator/mpi-pi:openmpi": failed to pull and unpack image '
                            '"docker.io/mpioperator/mpi-pi:openmpi"') for m in msgs)


def test_events_of_job_like_golden(admin):
    real = golden.load(32).json()
    r = admin.get("/api/v1/namespaces/golden/events?fieldSelector=involvedObject.name%3Dfailed%2C"
                  "involvedObject.kind%3DMPIJob")
    o = r.json()
    assert list(o) == list(real) and o["kind"] == "EventList"
    assert list(o["items"][0]) == list(real["items"][0])
    assert list(o["items"][0]["involvedObject"]) == list(real["items"][0]["involvedObject"])
    reasons = [e["reason"] for e in o["items"]]
    assert reasons[:2] == ["MPIJobCreated", "MPIJobRunning"]
    assert reasons[-1].startswith("BackoffLimitExceeded")
    first = o["items"][0]
    assert first["source"] == {"component": "mpi-job-controller"} and first["type"] == "Normal"
    assert first["message"] == "MPIJob golden/failed is created."
    uid = admin.get(NS % "golden" + "/failed").json()["metadata"]["uid"]
    by_uid = admin.get("/api/v1/namespaces/golden/events?fieldSelector=involvedObject.uid%3D" + uid).json()
    assert [e["reason"] for e in by_uid["items"]] == reasons


def test_validation_error_event_only(admin):
    job = admin.get(NS % "team-b" + "/pi-invalid").json()
    assert "status" not in job or not job["status"].get("conditions")
    ev = admin.get("/api/v1/namespaces/team-b/events?fieldSelector=involvedObject.name%3Dpi-invalid").json()["items"]
    assert [(e["type"], e["reason"]) for e in ev] == [("Warning", "ValidationError")]
    assert ev[0]["message"] == ('Found validation errors: spec.mpiReplicaSpecs[Worker].restartPolicy: Unsupported '
                                'value: "Always": supported values: "Never", "OnFailure"')
    long = admin.get("/api/v1/namespaces/default/events?fieldSelector=involvedObject.kind%3DMPIJob,"
                     "reason%3DValidationError").json()["items"]
    assert long and "must be no more than 63 characters" in long[0]["message"]


def test_launcher_log_like_golden(admin):
    real = golden.load(34)
    launcher = pods_of(admin, "golden", "life", "launcher")[0]["metadata"]["name"]
    r = admin.get(PODS % "golden" + "/%s/log" % launcher)
    assert r.status == 200
    assert r.headers["content-type"] == real.headers["content-type"] == "text/plain"
    assert r.chunked and real.headers["transfer-encoding"] == "chunked"
    lines = r.text.splitlines()
    assert lines[0] == "+ mpirun -n 2 /home/mpiuser/pi"
    assert any(re.match(r"^\[1,\d\]<stdout>:step \d+ loss \d\.\d{4}$", x) for x in lines)
    assert "training finished after" in r.text


def test_tail_and_timestamps_like_golden(admin):
    real = golden.load(35).body.decode().splitlines()
    launcher = pods_of(admin, "golden", "life", "launcher")[0]["metadata"]["name"]
    r = admin.get(PODS % "golden" + "/%s/log?tailLines=3&timestamps=true" % launcher)
    lines = r.text.splitlines()
    assert len(lines) == len(real) == 3
    assert all(TS.match(x) for x in lines) and all(TS.match(x) for x in real)
    plain = admin.get(PODS % "golden" + "/%s/log" % launcher).text.splitlines()
    assert [x.split(" ", 1)[1] for x in lines] == plain[-3:]
    stamps = [x.split(" ", 1)[0] for x in lines]
    assert stamps == sorted(stamps)


def test_worker_log_with_container(admin):
    real = golden.load(36)
    r = admin.get(PODS % "golden" + "/running-worker-1/log?container=mpi-worker&tailLines=5")
    assert r.status == real.code and len(r.text.splitlines()) == 5


@pytest.mark.parametrize("number,path", [
    (37, "/pull-worker-0/log"), (38, "/running-worker-0/log?previous=true"), (39, "/nosuch/log"),
    (40, "/running-worker-0/log?container=nosuch")])
def test_log_errors_byte_identical(admin, number, path):
    g = golden.load(number)
    r = admin.get(PODS % "golden" + path)
    assert (r.status, r.body) == (g.code, g.body)


def test_log_option_errors_and_unscheduled_pod(admin):
    r = admin.get(PODS % "golden" + "/running-worker-0/log?tailLines=-1")
    assert r.status == 422
    assert r.json()["message"] == ('PodLogOptions "running-worker-0" is invalid: tailLines: Invalid value: -1: must '
                                   'be greater than or equal to 0')
    r = admin.get(PODS % "golden" + "/running-worker-0/log?sinceSeconds=5&sinceTime=2026-01-01T00:00:00Z")
    assert r.status == 422
    r = admin.get(PODS % "golden" + "/pending-worker-0/log")
    assert r.status == 200 and r.body == b""


def test_several_containers_need_a_name(admin):
    b = golden_body("two-containers", "30")
    cs = b["spec"]["mpiReplicaSpecs"]["Worker"]["template"]["spec"]["containers"]
    cs.append({"name": "sidecar", "image": "busybox:1.36"})
    assert admin.request("POST", NS % "golden", body=b).status == 201
    assert wait_for(lambda: pods_of(admin, "golden", "two-containers", "worker") and all(
        p["status"].get("phase") == "Running" for p in pods_of(admin, "golden", "two-containers", "worker")), 10)
    r = admin.get(PODS % "golden" + "/two-containers-worker-0/log")
    assert r.status == 400
    assert r.json()["message"] == ("a container name must be specified for pod two-containers-worker-0, choose one "
                                   "of: [mpi-worker sidecar]")
    assert admin.get(PODS % "golden" + "/two-containers-worker-0/log?container=sidecar").status == 200
    admin.request("DELETE", NS % "golden" + "/two-containers")


def test_previous_logs_of_restarted_containers(admin):
    r = admin.get(PODS % "team-b" + "/pi-mpich-oom-worker-0/log?previous=true")
    pod = admin.get(PODS % "team-b" + "/pi-mpich-oom-worker-0")
    if pod.status == 200:
        assert r.status == 200 and "allocating" in r.text.splitlines()[-1]
    # pi-failed's OnFailure launcher went with its Job at the backoff limit: nothing left to read.
    assert pods_of(admin, "team-a", "pi-failed", "launcher") == []
    oom = pods_of(admin, "golden", "oom", "worker")
    w0 = [p for p in oom if p["metadata"]["name"] == "oom-worker-0"][0]
    assert admin.get(PODS % "golden" + "/oom-worker-0/log").text.splitlines()[-1].startswith("[rank 1] allocating")
    assert w0["status"]["containerStatuses"][0]["state"]["terminated"]["reason"] == "OOMKilled"


def test_since_and_limit_bytes(admin):
    base = PODS % "team-a" + "/pi-running-worker-0/log"
    full = admin.get(base + "?timestamps=true").text.splitlines()
    assert len(full) > 100
    cut = full[-10].split(" ", 1)[0]
    since = admin.get(base + "?timestamps=true&sinceTime=" + cut).text.splitlines()
    assert since[0] == full[-10] and len(since) >= 10
    r = admin.get(base + "?limitBytes=100")
    assert len(r.body) == 100
    recent = admin.get(base + "?sinceSeconds=3").text.splitlines()
    assert 1 <= len(recent) <= 20


def test_follow_streams_new_lines_and_ends_with_the_container(fresh):
    c = Client(fresh, "admin")
    b = golden_body("followme", "2")
    b["metadata"]["annotations"]["sim.odh/log-lines"] = "40"
    c.request("POST", NS % "golden", body=b)
    assert wait_for(lambda: [p for p in pods_of(c, "golden", "followme", "launcher")
                             if p["status"].get("phase") == "Running"], 10)
    name = pods_of(c, "golden", "followme", "launcher")[0]["metadata"]["name"]
    t0 = time.time()
    st = c.stream(PODS % "golden" + "/%s/log?follow=true&timestamps=true" % name)
    assert st.status == 200 and st.headers["transfer-encoding"] == "chunked"
    lines = st.lines(seconds=10)
    took = time.time() - t0
    st.close()
    assert lines and not isinstance(lines[-1], tuple), "the stream must end cleanly"
    text = [x.decode() for x in lines]
    assert "training finished" in text[-2] and 1.0 < took < 8
    stamps = [t.split(" ", 1)[0] for t in text]
    assert stamps == sorted(stamps) and len(set(text)) == len(text)
    c.close()


def test_follow_resume_from_timestamp_has_no_duplicates(admin):
    base = PODS % "team-a" + "/pi-running-worker-1/log"
    st = admin.stream(base + "?follow=true&timestamps=true&tailLines=2")
    first = [x.decode() for x in st.lines(seconds=1.5)]
    st.close()
    last = first[-1].split(" ", 1)[0]
    st = admin.stream(base + "?follow=true&timestamps=true&sinceTime=" + last)
    again = [x.decode() for x in st.lines(seconds=1.5)]
    st.close()
    assert again[0] == first[-1]
    assert len(again) >= 2


def test_drop_logs_cuts_followed_streams(fresh):
    c = Client(fresh, "admin")
    st = c.stream(PODS % "team-a" + "/pi-running-worker-0/log?follow=true&tailLines=1")
    st.lines(n=1, seconds=2)
    time.sleep(0.2)
    assert fresh.drop_logs()["dropped"] == 1
    rest = st.lines(seconds=3)
    assert rest and isinstance(rest[-1], tuple) and rest[-1][0] == "ABORTED"
    st.close()
    job = c.get(NS % "team-a" + "/pi-running").json()
    assert job["status"]["replicaStatuses"]["Worker"] == {"active": 2}
    c.close()


def test_delete_pod_is_graceful(fresh):
    c = Client(fresh, "admin")
    r = c.request("DELETE", PODS % "team-a" + "/pi-running-worker-1")
    assert r.status == 200
    o = r.json()
    assert o["kind"] == "Pod" and o["metadata"]["deletionTimestamp"] and o["metadata"][
        "deletionGracePeriodSeconds"] == 30
    assert wait_for(lambda: c.get(PODS % "team-a" + "/pi-running-worker-1").status == 404, 5)
    c.close()


def test_quota_usage_follows_pods(fresh):
    c = Client(fresh, "admin")
    q = c.get(PODS.replace("pods", "resourcequotas") % "team-a" + "/team-a-quota").json()
    real = golden.load(27).json()["items"][0]
    assert list(q) == ["kind", "apiVersion"] + list(real)
    assert list(q["status"]) == ["hard", "used"] and q["status"]["hard"] == real["status"]["hard"]
    used = q["status"]["used"]
    assert used == {"count/mpijobs.kubeflow.org": "6", "requests.cpu": "6", "requests.memory": "6Gi",
                    "requests.nvidia.com/gpu": "2"}
    b = golden_body("quota-user", "60")
    b["spec"]["mpiReplicaSpecs"]["Worker"]["template"]["spec"]["containers"][0]["resources"] = {
        "requests": {"cpu": "500m", "memory": "512Mi"}, "limits": {"cpu": "1", "memory": "1Gi"}}
    c.request("POST", NS % "team-a", body=b)

    def used_now():
        return c.get(PODS.replace("pods", "resourcequotas") % "team-a" + "/team-a-quota").json()["status"]["used"]
    assert wait_for(lambda: used_now()["requests.cpu"] == "7", 10), used_now()
    assert used_now()["requests.memory"] == "7Gi" and used_now()["count/mpijobs.kubeflow.org"] == "7"
    c.close()
