"""MPIJob REST semantics: create errors, dry-run, defaults, list, pagination, selectors, Table, patch, delete."""

import base64
import copy
import json
import time

import pytest

import golden


BASE = "/apis/kubeflow.org/v2beta1"
NS = BASE + "/namespaces/%s/mpijobs"
UA = {"User-Agent": "golden-capture/1.0"}


def golden_body(name="life", duration="4"):
    """The request body the golden recording posted (its response is golden 04)."""
    return {"apiVersion": "kubeflow.org/v2beta1", "kind": "MPIJob",
            "metadata": {"name": name, "annotations": {"sim.odh/duration-seconds": duration,
                                                       "sim.odh/outcome": "Succeeded"}},
            "spec": {"mpiReplicaSpecs": {
                "Launcher": {"replicas": 1, "template": {"spec": {"containers": [{
                    "command": ["mpirun", "-n", "2", "/home/mpiuser/pi"], "image": "mpioperator/mpi-pi:openmpi",
                    "name": "mpi-launcher"}]}}},
                "Worker": {"replicas": 2, "template": {"spec": {"containers": [{
                    "image": "mpioperator/mpi-pi:openmpi", "name": "mpi-worker",
                    "resources": {"limits": {"cpu": "1", "memory": "1Gi"}}}]}}}},
                "runPolicy": {"cleanPodPolicy": "Running"}}}


def wait_for(fn, seconds=10, step=0.05):
    deadline = time.time() + seconds
    while time.time() < deadline:
        v = fn()
        if v:
            return v
        time.sleep(step)
    return fn()


def test_create_matches_golden_and_defaults(admin):
    g = golden.load(4)
    r = admin.request("POST", NS % "golden", body=golden_body("life-copy"), headers=UA)
    assert r.status == g.code == 201
    ours, real = r.json(), g.json()
    real["metadata"]["name"] = "life-copy"
    assert golden.strip_volatile(ours) == golden.strip_volatile(real)
    assert ours["metadata"]["managedFields"][0]["fieldsV1"] == real["metadata"]["managedFields"][0]["fieldsV1"]
    assert list(ours) == list(real) and list(ours["metadata"]) == list(real["metadata"])
    assert ours["metadata"]["resourceVersion"].isdigit() and ours["metadata"]["generation"] == 1
    spec = ours["spec"]
    assert (spec["slotsPerWorker"], spec["runLauncherAsWorker"], spec["sshAuthMountPath"],
            spec["launcherCreationPolicy"], spec["mpiImplementation"], spec["runPolicy"]["suspend"]) == (
        1, False, "/root/.ssh", "AtStartup", "OpenMPI", False)
    admin.request("DELETE", NS % "golden" + "/life-copy")


def test_no_runpolicy_means_no_suspend_default_and_unknown_fields_are_pruned(admin):
    b = golden_body("prune-me")
    del b["spec"]["runPolicy"]
    b["spec"]["cleanPodPolicy"] = "All"
    b["spec"]["mpiReplicaSpecs"]["Worker"]["template"]["spec"]["containers"][0]["bogus"] = 1
    b["status"] = {"conditions": [{"type": "Succeeded", "status": "True"}]}
    r = admin.request("POST", NS % "golden", body=b)
    assert r.status == 201, r.body
    o = r.json()
    assert "runPolicy" not in o["spec"] and "cleanPodPolicy" not in o["spec"]
    assert "bogus" not in o["spec"]["mpiReplicaSpecs"]["Worker"]["template"]["spec"]["containers"][0]
    assert "status" not in o
    warnings = r.headers.get("warning", "")
    assert 'unknown field \\"spec.cleanPodPolicy\\"' in warnings
    r = admin.request("POST", NS % "golden" + "?fieldValidation=Strict", body=dict(b, metadata={"name": "strict"}))
    assert r.status == 400 and 'strict decoding error: unknown field "spec.cleanPodPolicy"' in r.json()["message"]
    admin.request("DELETE", NS % "golden" + "/prune-me")


@pytest.mark.parametrize("number,mutate", [
    (5, lambda b: b),
    (6, lambda b: b["metadata"].update(name="Bad_Name")),
    (7, lambda b: b["metadata"].update(namespace="elsewhere")),
])
def test_create_errors_byte_identical(admin, number, mutate):
    g = golden.load(number)
    b = golden_body("life")
    mutate(b)
    r = admin.request("POST", NS % "golden", body=b)
    assert (r.status, r.body) == (g.code, g.body)


def test_bad_json_byte_identical(admin):
    g = golden.load(9)
    r = admin.request("POST", NS % "golden", body=b"{not json")
    assert (r.status, r.body) == (g.code, g.body)


def test_missing_mpireplicaspecs_and_bad_enum_are_422(admin):
    r = admin.request("POST", NS % "golden", body={"metadata": {"name": "empty"}, "spec": {}})
    assert r.status == 422
    st = r.json()
    assert st["reason"] == "Invalid"
    assert st["message"] == 'MPIJob.kubeflow.org "empty" is invalid: spec.mpiReplicaSpecs: Required value'
    assert st["details"]["causes"] == [{"reason": "FieldValueRequired", "message": "Required value",
                                        "field": "spec.mpiReplicaSpecs"}]
    b = golden_body("enum")
    b["spec"]["mpiImplementation"] = "LAM"
    b["spec"]["slotsPerWorker"] = "two"
    st = admin.request("POST", NS % "golden", body=b).json()
    assert st["code"] == 422 and st["message"].startswith('MPIJob.kubeflow.org "enum" is invalid: [')
    assert {c["field"] for c in st["details"]["causes"]} == {"spec.mpiImplementation", "spec.slotsPerWorker"}


def test_wrong_api_version_and_namespace_missing(admin):
    b = golden_body("v1job")
    b["apiVersion"] = "kubeflow.org/v1"
    r = admin.request("POST", NS % "golden", body=b)
    assert r.status == 400
    assert r.json()["message"] == ("the API version in the data (kubeflow.org/v1) does not match the expected API "
                                   "version (kubeflow.org/v2beta1)")
    r = admin.request("POST", NS % "nosuch-ns", body=golden_body("x"))
    assert r.status == 404
    assert r.json()["message"] == 'namespaces "nosuch-ns" not found'
    assert r.json()["details"] == {"name": "nosuch-ns", "kind": "namespaces"}
    r = admin.get(NS % "nosuch-ns")
    assert r.status == 200 and r.json()["items"] == []


def test_dry_run_like_golden(admin):
    g = golden.load(8)
    r = admin.request("POST", NS % "golden" + "?dryRun=All", body=golden_body("dry", "3"), headers=UA)
    assert r.status == g.code == 201
    assert golden.strip_volatile(r.json()) == golden.strip_volatile(g.json())
    assert "resourceVersion" not in r.json()["metadata"]
    assert admin.get(NS % "golden" + "/dry").status == 404


def test_get_and_404_like_golden(admin):
    g = golden.load(14)
    r = admin.get(NS % "golden" + "/nosuch")
    assert (r.status, r.body) == (g.code, g.body)
    r = admin.get(NS % "golden" + "/life")
    real = golden.load(11)
    assert r.status == 200 and r.chunked and real.headers.get("transfer-encoding") == "chunked"
    o = r.json()
    assert list(o) == list(real.json())
    assert [c["type"] for c in o["status"]["conditions"]] == ["Created", "Running", "Succeeded"]
    assert [c["status"] for c in o["status"]["conditions"]] == ["True", "False", "True"]
    assert o["status"]["replicaStatuses"] == real.json()["status"]["replicaStatuses"]
    assert o["status"]["conditions"][2]["message"] == "MPIJob golden/life successfully completed."


def test_failed_and_running_status_shapes(admin):
    failed = admin.get(NS % "golden" + "/failed").json()["status"]
    assert failed["conditions"][-1]["type"] == "Failed" and failed["conditions"][-1]["status"] == "True"
    assert failed["conditions"][-1]["reason"].startswith("BackoffLimitExceeded")
    assert failed["replicaStatuses"]["Launcher"] == {"failed": 1}
    running = admin.get(NS % "golden" + "/running").json()["status"]
    real = golden.load(13).json()["status"]
    assert running["replicaStatuses"] == real["replicaStatuses"]
    assert [(c["type"], c["status"], c["reason"]) for c in running["conditions"]] == [
        (c["type"], c["status"], c["reason"]) for c in real["conditions"]]


def test_list_shape_like_golden(admin):
    real = golden.load(15)
    r = admin.get(NS % "golden")
    o = r.json()
    assert list(o) == list(real.json())
    assert list(o["metadata"]) == ["continue", "resourceVersion"] and o["metadata"]["continue"] == ""
    assert int(o["metadata"]["resourceVersion"]) >= max(int(i["metadata"]["resourceVersion"]) for i in o["items"])
    names = [i["metadata"]["name"] for i in o["items"]]
    assert names == sorted(names)
    assert {"failed", "life", "oom", "pending", "pull", "running"} <= set(names)


def test_label_selector_empty_result_like_golden(admin):
    real = golden.load(18)
    r = admin.get(NS % "golden" + "?labelSelector=team%3Dnone")
    o = r.json()
    want = real.json()
    want["metadata"]["resourceVersion"] = o["metadata"]["resourceVersion"]
    assert o == want
    assert r.headers.get("content-length")


def test_bad_selector_like_golden(admin):
    g = golden.load(19)
    r = admin.get(NS % "golden" + "?labelSelector=a%20in%20%28b")
    assert (r.status, r.body) == (g.code, g.body)
    r = admin.get(NS % "golden" + "?fieldSelector=spec.foo%3Dbar")
    assert r.status == 400 and r.json()["message"] == "field label not supported: spec.foo"


def test_selectors_match(admin):
    r = admin.get(BASE + "/mpijobs?labelSelector=kueue.x-k8s.io/queue-name")
    assert sorted((i["metadata"]["namespace"], i["metadata"]["name"]) for i in r.json()["items"]) == [
        ("default", "pi-queued"), ("team-a", "pi-queued")]
    r = admin.get(BASE + "/mpijobs?labelSelector=!kueue.x-k8s.io/queue-name&fieldSelector=metadata.name%3Dpi")
    assert sorted(i["metadata"]["namespace"] for i in r.json()["items"]) == ["default", "team-a"]
    r = admin.get(BASE + "/mpijobs?fieldSelector=metadata.namespace%3Dteam-b,metadata.name!%3Dpi-intel")
    assert "pi-intel" not in [i["metadata"]["name"] for i in r.json()["items"]] and r.json()["items"]
    r = admin.get("/api/v1/namespaces/team-a/pods?labelSelector=training.kubeflow.org/job-role%20in%20%28worker%29,"
                  "training.kubeflow.org/job-name%3D%3Dpi-running")
    assert sorted(p["metadata"]["name"] for p in r.json()["items"]) == ["pi-running-worker-0", "pi-running-worker-1"]
    r = admin.get("/api/v1/namespaces/team-a/pods?labelSelector=training.kubeflow.org/job-name%20notin%20%28pi%29"
                  "&fieldSelector=status.phase%3DPending")
    assert {p["metadata"]["labels"]["training.kubeflow.org/job-name"] for p in r.json()["items"]} == {
        "tf-bench-pending"}


def test_pagination_tokens_like_golden(admin):
    first = admin.get(BASE + "/mpijobs?limit=2").json()
    real = golden.load(16).json()
    assert list(first["metadata"]) == list(real["metadata"])
    assert len(first["items"]) == 2
    tok = first["metadata"]["continue"]
    data = json.loads(base64.urlsafe_b64decode(tok + "=" * (-len(tok) % 4)))
    assert list(data) == ["v", "rv", "start"] and data["v"] == "meta.k8s.io/v1"
    assert data["rv"] == int(first["metadata"]["resourceVersion"])
    last = first["items"][-1]["metadata"]
    assert data["start"] == "%s/%s\x00" % (last["namespace"], last["name"])
    total = len(admin.get(BASE + "/mpijobs").json()["items"])
    assert first["metadata"]["remainingItemCount"] == total - 2
    seen = [(i["metadata"]["namespace"], i["metadata"]["name"]) for i in first["items"]]
    cont = tok
    for _ in range(100):
        page = admin.get(BASE + "/mpijobs?limit=2&continue=" + cont).json()
        assert page["metadata"]["resourceVersion"] == first["metadata"]["resourceVersion"]
        seen += [(i["metadata"]["namespace"], i["metadata"]["name"]) for i in page["items"]]
        cont = page["metadata"]["continue"]
        if not cont:
            assert "remainingItemCount" not in page["metadata"]
            break
    assert len(seen) == total and seen == sorted(seen)


def test_continue_is_a_consistent_snapshot(fresh):
    from kclient import Client
    c = Client(fresh, "admin")
    first = c.get(NS % "team-a" + "?limit=2").json()
    c.request("POST", NS % "team-a", body=golden_body("zzz-created-later"))
    c.request("DELETE", NS % "team-a" + "/pi-running")
    rest, cont = [], first["metadata"]["continue"]
    while cont:
        page = c.get(NS % "team-a" + "?limit=2&continue=" + cont).json()
        rest += [i["metadata"]["name"] for i in page["items"]]
        cont = page["metadata"]["continue"]
    assert "pi-running" in rest and "zzz-created-later" not in rest
    fresh.compact()
    r = c.get(NS % "team-a" + "?limit=2&continue=" + first["metadata"]["continue"])
    assert r.status == 410
    st = r.json()
    assert st["reason"] == "Expired" and st["metadata"]["continue"]
    assert st["message"].startswith("The provided continue parameter is too old to display a consistent list")
    newer = c.get(NS % "team-a" + "?limit=2&continue=" + st["metadata"]["continue"])
    assert newer.status == 200
    assert c.get(NS % "team-a" + "?continue=garbage!").status == 400
    c.close()


def test_list_exact_too_old_like_golden(fresh):
    from kclient import Client
    c = Client(fresh, "admin")
    g = golden.load(44)
    r = c.get(NS % "golden" + "?resourceVersion=1&resourceVersionMatch=Exact")
    assert (r.status, r.body) == (g.code, g.body)
    cur = c.get(NS % "golden").json()["metadata"]["resourceVersion"]
    r = c.get(NS % "golden" + "?resourceVersion=%s&resourceVersionMatch=Exact" % cur)
    assert r.status == 200 and r.json()["metadata"]["resourceVersion"] == cur
    r = c.get(NS % "golden" + "?resourceVersion=99999999")
    assert r.status == 504 and r.json()["reason"] == "Timeout"
    c.close()


def test_table_like_golden(admin):
    real = golden.load(20).json()
    acc = {"Accept": "application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;"
                     "g=meta.k8s.io,application/json"}
    o = admin.get(NS % "golden", headers=acc).json()
    assert list(o) == list(real)
    assert o["columnDefinitions"] == real["columnDefinitions"]
    row, rrow = o["rows"][0], real["rows"][0]
    assert list(row) == list(rrow)
    assert list(row["object"]) == list(rrow["object"])
    assert list(row["object"]["metadata"])[:6] == list(rrow["object"]["metadata"])[:6]
    assert list(row["object"]["metadata"]["managedFields"][0]) == list(rrow["object"]["metadata"]["managedFields"][0])
    by_name = {r["cells"][0]: r["cells"] for r in o["rows"]}
    assert by_name["life"][1].endswith("s") or by_name["life"][1].endswith("m")
    one = admin.get(NS % "team-a" + "/pi", headers=acc).json()
    assert one["kind"] == "Table" and one["rows"][0]["cells"][0] == "pi"
    assert one["rows"][0]["cells"][1] in ("2d3h", "2d4h")


def test_pod_table_columns(admin):
    acc = {"Accept": "application/json;as=Table;v=v1;g=meta.k8s.io"}
    o = admin.get("/api/v1/namespaces/team-a/pods", headers=acc).json()
    assert [c["name"] for c in o["columnDefinitions"]] == ["Name", "Ready", "Status", "Restarts", "Age", "IP", "Node",
                                                          "Nominated Node", "Readiness Gates"]
    rows = {r["cells"][0]: r for r in o["rows"]}
    assert rows["pi-running-worker-0"]["cells"][1:3] == ["1/1", "Running"]
    assert rows["tf-bench-pending-worker-0"]["cells"][1:3] == ["0/1", "Pending"]
    launcher = [r for n, r in rows.items() if n.startswith("pi-launcher-")][0]
    assert launcher["cells"][2] == "Completed" and launcher["conditions"][0]["reason"] == "Succeeded"
    # pi-restarting's first launcher failed and was replaced (the Job controller's new pod): it stays, in Error.
    failed = [r for n, r in rows.items() if n.startswith("pi-restarting-launcher-") and r["cells"][2] == "Error"]
    assert len(failed) == 1
    # pi-failed's launcher restarted in place (OnFailure) and went with its Job at the backoff limit.
    assert not [n for n in rows if n.startswith("pi-failed-launcher-")]


def test_merge_patch_suspend_like_golden(fresh):
    from kclient import Client
    c = Client(fresh, "admin")
    real = golden.load(49).json()
    r = c.request("PATCH", NS % "golden" + "/running", body={"spec": {"runPolicy": {"suspend": True}}},
                  headers={"Content-Type": "application/merge-patch+json", "User-Agent": "golden-capture/1"})
    assert r.status == 200
    o = r.json()
    assert o["spec"] == real["spec"]
    assert o["metadata"]["generation"] == real["metadata"]["generation"] == 2
    mine = [m for m in o["metadata"]["managedFields"] if m["manager"] == "golden-capture"]
    assert mine and mine[-1]["operation"] == "Update"
    def suspended():
        st = c.get(NS % "golden" + "/running").json()["status"]
        return st if any(x["type"] == "Suspended" for x in st.get("conditions", [])) else None
    st = wait_for(suspended)
    types = {x["type"]: (x["status"], x["reason"]) for x in st["conditions"]}
    assert types["Suspended"] == ("True", "MPIJobSuspended") and types["Running"] == ("False", "MPIJobSuspended")
    assert wait_for(lambda: not c.get("/api/v1/namespaces/golden/pods?labelSelector=training.kubeflow.org/"
                                      "job-name%3Drunning").json()["items"], 5)
    r = c.request("PATCH", NS % "golden" + "/running", body=[{"op": "replace", "path": "/spec/runPolicy/suspend",
                                                             "value": False}],
                  headers={"Content-Type": "application/json-patch+json"})
    assert r.status == 200 and r.json()["metadata"]["generation"] == 3
    assert wait_for(lambda: {x["type"]: x["status"] for x in c.get(NS % "golden" + "/running").json()["status"][
        "conditions"]}.get("Suspended") == "False")
    r = c.request("PATCH", NS % "golden" + "/running", body={"spec": {}},
                  headers={"Content-Type": "application/strategic-merge-patch+json"})
    assert r.status == 415 and r.json()["reason"] == "UnsupportedMediaType"
    r = c.request("PATCH", NS % "golden" + "/nosuch", body={}, headers={"Content-Type": "application/merge-patch+json"})
    assert r.status == 404
    c.close()


def test_update_requires_resource_version_and_detects_conflicts(admin):
    admin.request("POST", NS % "golden", body=golden_body("upd"))
    o = admin.get(NS % "golden" + "/upd").json()
    stale = copy.deepcopy(o)
    o["metadata"]["labels"] = {"team": "x"}
    r = admin.request("PUT", NS % "golden" + "/upd", body=o)
    assert r.status == 200 and r.json()["metadata"]["generation"] == 1
    stale["metadata"]["labels"] = {"team": "y"}
    r = admin.request("PUT", NS % "golden" + "/upd", body=stale)
    assert r.status == 409 and r.json()["reason"] == "Conflict"
    assert r.json()["message"] == ('Operation cannot be fulfilled on mpijobs.kubeflow.org "upd": the object has been '
                                   'modified; please apply your changes to the latest version and try again')
    del stale["metadata"]["resourceVersion"]
    r = admin.request("PUT", NS % "golden" + "/upd", body=stale)
    assert r.status == 422 and "must be specified for an update" in r.json()["message"]
    cur = admin.get(NS % "golden" + "/upd").json()
    cur["status"] = {"conditions": [{"type": "Created", "status": "True", "reason": "X", "message": "m",
                                     "lastTransitionTime": "2026-01-01T00:00:00Z",
                                     "lastUpdateTime": "2026-01-01T00:00:00Z"}]}
    r = admin.request("PUT", NS % "golden" + "/upd/status", body=cur)
    assert r.status == 200 and r.json()["status"]["conditions"][0]["reason"] in ("X", "MPIJobCreated")
    admin.request("DELETE", NS % "golden" + "/upd")


def test_delete_background_like_golden(fresh):
    from kclient import Client
    c = Client(fresh, "admin")
    real = golden.load(47).json()
    uid = c.get(NS % "golden" + "/failed").json()["metadata"]["uid"]
    r = c.request("DELETE", NS % "golden" + "/failed", body={"propagationPolicy": "Background"})
    o = r.json()
    assert r.status == 200 and list(o) == list(real) and o["status"] == "Success"
    assert o["details"] == {"name": "failed", "group": "kubeflow.org", "kind": "mpijobs", "uid": uid}
    assert c.get(NS % "golden" + "/failed").status == 404
    assert wait_for(lambda: not c.get("/api/v1/namespaces/golden/pods?labelSelector=training.kubeflow.org/"
                                      "job-name%3Dfailed").json()["items"], 5)
    g = golden.load(48)
    r = c.request("DELETE", NS % "golden" + "/nosuch")
    assert (r.status, r.body) == (g.code, g.body)
    c.close()


def test_delete_foreground_like_golden(fresh):
    from kclient import Client
    c = Client(fresh, "admin")
    real = golden.load(45).json()
    r = c.request("DELETE", NS % "golden" + "/running", body={"kind": "DeleteOptions", "apiVersion": "v1",
                                                             "propagationPolicy": "Foreground"})
    assert r.status == 200
    o = r.json()
    for k in ("deletionTimestamp", "deletionGracePeriodSeconds", "finalizers"):
        assert k in o["metadata"]
    assert o["metadata"]["finalizers"] == real["metadata"]["finalizers"] == ["foregroundDeletion"]
    assert o["metadata"]["deletionGracePeriodSeconds"] == 0
    assert o["metadata"]["generation"] == 2
    g = c.get(NS % "golden" + "/running")
    assert g.status == 200 and g.json()["metadata"]["finalizers"] == ["foregroundDeletion"]
    t0 = time.time()
    assert wait_for(lambda: c.get(NS % "golden" + "/running").status == 404, 10)
    took = time.time() - t0
    assert 0.2 <= took < 5
    assert not c.get("/api/v1/namespaces/golden/pods?labelSelector=training.kubeflow.org/job-name%3Drunning").json()[
        "items"]
    c.close()


def test_delete_orphan_keeps_pods(fresh):
    from kclient import Client
    c = Client(fresh, "admin")
    r = c.request("DELETE", NS % "team-a" + "/pi-running?propagationPolicy=Orphan")
    assert r.status == 200 and "orphan" in r.json()["metadata"]["finalizers"]
    assert wait_for(lambda: c.get(NS % "team-a" + "/pi-running").status == 404, 5)
    time.sleep(0.5)
    pods = c.get("/api/v1/namespaces/team-a/pods?labelSelector=training.kubeflow.org/job-name%3Dpi-running").json()
    workers = [p for p in pods["items"] if "worker" in p["metadata"]["name"]]
    assert len(workers) == 2 and all("ownerReferences" not in p["metadata"] for p in workers)
    c.close()


def test_deletecollection_with_selector(fresh):
    from kclient import Client
    c = Client(fresh, "admin")
    r = c.request("DELETE", NS % "team-a" + "?labelSelector=kueue.x-k8s.io/queue-name")
    assert r.status == 200
    o = r.json()
    assert o["kind"] == "MPIJobList" and [i["metadata"]["name"] for i in o["items"]] == ["pi-queued"]
    assert c.get(NS % "team-a" + "/pi-queued").status == 404
    assert c.get(NS % "team-a" + "/pi").status == 200
    c.close()


def test_quota_count_rejection_like_golden(fresh):
    from kclient import Client
    c = Client(fresh, "alice")
    real = golden.load(28).json()
    n = len(c.get(NS % "team-a").json()["items"])
    for i in range(10 - n):
        assert c.request("POST", NS % "team-a", body=golden_body("fill-%d" % i)).status == 201
    r = c.request("POST", NS % "team-a", body=golden_body("gpu-big"))
    assert r.status == 403
    assert r.json() == real
    q = c.get("/api/v1/namespaces/team-a/resourcequotas/team-a-quota").json()
    assert q["status"]["used"]["count/mpijobs.kubeflow.org"] == "10"
    c.close()
