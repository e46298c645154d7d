"""`kubectl odh jobs`: every training-job kind in one view (list, get, describe, logs, delete), against a test server
that serves the training-operator's and Trainer's CRDs beside the MPIJob one, with their simulated operators."""

import json
import re

import pytest
import yaml

from harness import FakeCluster, REPO_ROOT

FIXTURES = REPO_ROOT / "Tests" / "Fixtures" / "crds"
KINDS_KUBECTL = "mpijobs.kubeflow.org,pytorchjobs,tfjobs,xgboostjobs,paddlejobs,jaxjobs,trainjobs"
FORBIDDEN_TFJOBS = ('tfjobs.kubeflow.org is forbidden: User "admin" cannot list resource "tfjobs" in API group '
                    '"kubeflow.org" at the cluster scope')


@pytest.fixture(scope="module")
def srv():
    s = FakeCluster(seed="standard", tick=0.05, crds=["training-operator", "trainer"]).start()
    try:
        yield s
    finally:
        s.stop()


def table(text):
    """Rows of a kubectl-style table as dicts (columns split on 2+ spaces)."""
    lines = [l for l in text.splitlines() if l.strip()]
    header = re.split(r"\s{2,}", lines[0].strip())
    return header, [dict(zip(header, re.split(r"\s{2,}", l.strip()))) for l in lines[1:]]


def pytorchjob(name, ns="team-a", outcome="Succeeded", duration="2", labels=None):
    job = yaml.safe_load((FIXTURES / "training-operator" / "examples" / "pytorch-simple.yaml").read_text())
    job["metadata"] = {"name": name, "namespace": ns, "labels": labels or {},
                       "annotations": {"sim.odh/outcome": outcome, "sim.odh/duration-seconds": duration}}
    return json.dumps(job)


def conditions_state(obj):
    """The status a person expects from a job's own conditions, computed here independently of the CLI."""
    cs = {c["type"]: c["status"] for c in (obj.get("status") or {}).get("conditions", [])}
    queued = "kueue.x-k8s.io/queue-name" in (obj["metadata"].get("labels") or {})
    if cs.get("Failed") == "True":
        return "Failed"
    if cs.get("Succeeded") == "True" or cs.get("Complete") == "True":
        return "Succeeded"
    if cs.get("Suspended") == "True":
        return "Queued" if queued else "Suspended"
    if cs.get("Restarting") == "True":
        return "Restarting"
    if cs.get("Running") == "True":
        return "Running"
    if obj["kind"] == "TrainJob" and any(j.get("ready") for j in (obj.get("status") or {}).get("jobsStatus", [])):
        return "Running"
    return "Pending"


def test_list_shows_every_kind_in_one_table_with_each_kinds_status(srv):
    r = srv.odh("jobs", "list", "-A")
    assert r.code == 0, r
    assert r.err == ""
    header, rows = table(r.out)
    assert header == ["NAMESPACE", "NAME", "KIND", "STATUS", "REPLICAS", "AGE"]
    kinds = {row["KIND"] for row in rows}
    assert kinds == {"MPIJob", "PyTorchJob", "TFJob", "XGBoostJob", "PaddleJob", "JAXJob", "TrainJob"}
    # Every row's status follows from that job's own conditions, read here through kubectl.
    objects = srv.kubectl("get", KINDS_KUBECTL, "-A", "-o", "json").json()["items"]
    by_key = {(o["metadata"]["namespace"], o["metadata"]["name"], o["kind"]): o for o in objects}
    assert len(rows) == len(objects)
    for row in rows:
        obj = by_key[(row["NAMESPACE"], row["NAME"], row["KIND"])]
        if obj["kind"] != "MPIJob":
            assert row["STATUS"] == conditions_state(obj), row
    seen = {(row["KIND"], row["NAME"]): row for row in rows}
    # Each kind's states, as seeded (training-operator: all seven; Trainer: its own rules).
    for name, state in [("mnist-ddp", "Running"), ("mnist-done", "Succeeded"), ("mnist-failed", "Failed"),
                        ("mnist-restarting", "Restarting"), ("mnist-queued", "Queued"),
                        ("mnist-suspended", "Suspended"), ("mnist-pending", "Pending")]:
        assert seen[("PyTorchJob", name)]["STATUS"] == state
    for name, state in [("llm-finetune", "Running"), ("multi-node-example", "Succeeded"), ("ds-train", "Failed"),
                        ("kueue-example", "Queued"), ("train-pending", "Pending")]:
        assert seen[("TrainJob", name)]["STATUS"] == state
    assert seen[("MPIJob", "pi-restarting")]["STATUS"] == "Restarting"
    # REPLICAS: running pods / desired pods over every role.
    assert seen[("PyTorchJob", "mnist-ddp")]["REPLICAS"] == "2/2"
    assert seen[("TrainJob", "llm-finetune")]["REPLICAS"] == "2/2"
    assert seen[("XGBoostJob", "xgb-iris")]["REPLICAS"] == "0/3"
    # One table: by namespace, then name.
    keys = [(row["NAMESPACE"], row["NAME"]) for row in rows]
    assert keys == sorted(keys)


def test_list_json_is_the_list_kubectl_prints_for_the_same_kinds(srv):
    r = srv.odh("jobs", "list", "-A", "-o", "json")
    assert r.code == 0, r
    k = srv.kubectl("get", KINDS_KUBECTL, "-A", "-o", "json")
    assert k.code == 0, k
    assert r.json() == k.json()
    assert r.json()["kind"] == "List" and r.json()["apiVersion"] == "v1"
    assert yaml.safe_load(srv.odh("jobs", "list", "-A", "-o", "yaml").out) == k.json()
    names = srv.odh("jobs", "list", "-A", "-o", "name")
    assert names.out == srv.kubectl("get", KINDS_KUBECTL, "-A", "-o", "name").out


def test_list_requests_each_kind_once_in_its_own_group_version(srv):
    srv.clear_requests()
    r = srv.odh("jobs", "list", "-A", "-l", "team=nlp")
    assert r.code == 0, r
    lists = [q for q in srv.requests(method="GET") if q["path"] != "/apis"]
    paths = sorted(q["path"] for q in lists)
    assert paths == sorted(["/apis/kubeflow.org/v2beta1/mpijobs", "/apis/kubeflow.org/v1/pytorchjobs",
                            "/apis/kubeflow.org/v1/tfjobs", "/apis/kubeflow.org/v1/xgboostjobs",
                            "/apis/kubeflow.org/v1/paddlejobs", "/apis/kubeflow.org/v1/jaxjobs",
                            "/apis/trainer.kubeflow.org/v1alpha1/trainjobs"])
    # The same request shape as `mpijob list`: one request per kind, no limit (served from the watch
    # cache, docs/performance.md), the selector passed on.
    assert all("limit=" not in q["query"] and "labelSelector=team%3Dnlp" in q["query"] for q in lists)
    assert len([q for q in srv.requests(method="GET") if q["path"] == "/apis"]) == 1
    assert "No resources found" in r.err


def test_list_filters_by_kind_status_and_label(srv):
    r = srv.odh("jobs", "list", "-A", "--kind", "pytorchjob,TrainJob", "--status", "running,failed")
    assert r.code == 0, r
    _, rows = table(r.out)
    assert {(row["KIND"], row["STATUS"]) for row in rows} <= {("PyTorchJob", "Running"), ("PyTorchJob", "Failed"),
                                                              ("TrainJob", "Running"), ("TrainJob", "Failed")}
    assert {row["NAME"] for row in rows} >= {"mnist-ddp", "mnist-failed", "llm-finetune", "ds-train"}
    assert srv.kubectl("create", "-f", "-", stdin=pytorchjob("labelled", outcome="Hang",
                                                              labels={"team": "nlp"})).code == 0
    r = srv.odh("jobs", "list", "-n", "team-a", "-l", "team=nlp", "-o", "name")
    assert r.out == "pytorchjob.kubeflow.org/labelled\n"
    bad = srv.odh("jobs", "list", "--kind", "pytorchjbo")
    assert bad.code == 2 and "did you mean pytorchjob?" in bad.err
    wide = srv.odh("jobs", "list", "-n", "team-a", "-o", "wide")
    header, rows = table(wide.out)
    assert header[-4:] == ["ROLES", "GPUS", "QUEUE", "DURATION"]
    llm = next(row for row in rows if row["NAME"] == "llm-finetune")
    assert llm["GPUS"] == "2" and llm["ROLES"] == "node 2/2"


def test_a_kind_the_user_may_not_list_is_named_once_and_the_rest_shown(srv):
    srv.add_fault(method="GET", path="^/apis/kubeflow.org/v1/tfjobs$", action="status", code=403, reason="Forbidden",
                  message=FORBIDDEN_TFJOBS, times=-1)
    try:
        r = srv.odh("jobs", "list", "-A")
        assert r.code == 0, r
        # Named once: one line, the server's own words.
        assert r.err == "warning: %s; those jobs are not shown\n" % FORBIDDEN_TFJOBS
        _, rows = table(r.out)
        assert "TFJob" not in {row["KIND"] for row in rows}
        assert {"PyTorchJob", "TrainJob", "MPIJob"} <= {row["KIND"] for row in rows}
    finally:
        srv.clear_faults()


def test_nothing_listable_is_exit_6_and_a_namespace_user_sees_their_namespace(srv):
    r = srv.odh("jobs", "list", "-A", context="alice")
    assert r.code == 6, r
    assert r.out == ""
    assert r.err.startswith("error: you may not list training jobs across all namespaces")
    assert "hint: list one namespace you have access to" in r.err
    own = srv.odh("jobs", "list", context="alice")
    assert own.code == 0, own
    _, rows = table(own.out)
    assert {row["NAME"] for row in rows} >= {"mnist-ddp", "llm-finetune", "pi-running"}


def test_kinds_the_cluster_does_not_serve_are_skipped_silently(make_server, odh_bin):
    s = make_server(seed="standard", crds=["training-operator"], no_mpijob_crd=True)
    s.clear_requests()
    r = s.odh("jobs", "list", "-A")
    assert r.code == 0, r
    assert r.err == ""
    _, rows = table(r.out)
    assert {row["KIND"] for row in rows} == {"PyTorchJob", "TFJob", "XGBoostJob", "PaddleJob", "JAXJob"}
    asked = {q["path"] for q in s.requests()}
    assert not any("mpijobs" in p or "trainjobs" in p for p in asked)
    missing = s.odh("jobs", "get", "trainjob/llm-finetune", "-n", "team-a")
    assert missing.code == 4
    assert "does not serve trainjobs.trainer.kubeflow.org" in missing.err
    listed = s.odh("jobs", "list", "--kind", "mpijob")
    assert listed.code == 4 and "mpijobs.kubeflow.org" in listed.err


def test_get_by_kind_and_name_and_by_a_unique_name(srv):
    r = srv.odh("jobs", "get", "pytorchjob/mnist-ddp", "-n", "team-a", "-o", "json")
    assert r.code == 0, r
    assert r.json() == srv.kubectl("get", "pytorchjob", "mnist-ddp", "-n", "team-a", "-o", "json").json()
    unique = srv.odh("jobs", "get", "llm-finetune", "-n", "team-a")
    _, rows = table(unique.out)
    assert rows[0]["KIND"] == "TrainJob" and rows[0]["NAME"] == "llm-finetune"
    partly = srv.odh("jobs", "get", "mnist-ddp", "tfjob/nope", "-n", "team-a")
    assert partly.code == 4
    assert 'tfjob "nope" not found in namespace "team-a"' in partly.err
    assert "mnist-ddp" in partly.out
    unknown = srv.odh("jobs", "get", "nosuchjob", "-n", "team-a")
    assert unknown.code == 4 and 'no training job named "nosuchjob"' in unknown.err
    kind = srv.odh("jobs", "get", "pytorchjbo/x")
    assert kind.code == 2 and "did you mean pytorchjob?" in kind.err


def test_a_name_two_kinds_use_is_ambiguous_and_nothing_is_deleted(srv):
    # team-a already has MPIJob "pi".
    assert srv.kubectl("create", "-f", "-", stdin=pytorchjob("pi", outcome="Hang")).code == 0
    for verb in ("get", "describe", "logs", "delete"):
        r = srv.odh("jobs", verb, "pi", "-n", "team-a")
        assert r.code == 2, (verb, r)
        assert '"pi" names 2 jobs in namespace "team-a": mpijob/pi, pytorchjob/pi' in r.err
        assert "hint: say which one as KIND/NAME" in r.err
        assert r.out == ""
    assert srv.kubectl("get", "pytorchjob", "pi", "-n", "team-a").code == 0
    assert srv.kubectl("get", "mpijob", "pi", "-n", "team-a").code == 0
    r = srv.odh("jobs", "delete", "pytorchjob/pi", "-n", "team-a", "--wait", "--timeout", "30s")
    assert r.code == 0, r
    assert r.out == 'pytorchjob.kubeflow.org "pi" deleted\n'
    assert srv.kubectl("get", "pytorchjob", "pi", "-n", "team-a").code != 0
    pods = srv.kubectl("get", "pods", "-n", "team-a", "-l", "training.kubeflow.org/operator-name=pytorchjob-controller,"
                       "training.kubeflow.org/job-name=pi", "-o", "name")
    assert pods.out == ""
    assert srv.kubectl("get", "mpijob", "pi", "-n", "team-a").code == 0


def test_describe_shows_replicas_conditions_pods_and_events(srv):
    r = srv.odh("jobs", "describe", "pytorchjob/mnist-restarting", "-n", "team-a")
    assert r.code == 0, r
    assert "Kind:         PyTorchJob (kubeflow.org/v1)" in r.out
    assert re.search(r"^Status:\s+Restarting$", r.out, re.M)
    assert re.search(r"Restarting\s+True\s+PyTorchJobRestarting", r.out)
    assert re.search(r"mnist-restarting-worker-0\s+worker\s+0\s+Pending", r.out)
    assert "PyTorchJob mnist-restarting is restarting because 1 Worker replica(s) failed." in r.out
    doc = srv.odh("jobs", "describe", "trainjob/llm-finetune", "-n", "team-a", "-o", "json").json()
    assert doc["kind"] == "TrainingJobDescription" and doc["jobKind"] == "TrainJob"
    assert doc["status"]["phase"] == "Running"
    pods = srv.kubectl("get", "pods", "-n", "team-a", "-l", "jobset.sigs.k8s.io/jobset-name=llm-finetune",
                       "-o", "json").json()["items"]
    assert sorted(p["name"] for p in doc["pods"]) == sorted(p["metadata"]["name"] for p in pods)
    assert sorted((p["role"], p["index"]) for p in doc["pods"]) == [("node", 0), ("node", 1)]
    assert doc["diagnosis"] is None
    mpi = srv.odh("jobs", "describe", "mpijob/pi-failed", "-n", "team-a", "-o", "json").json()
    assert [f["rule"] for f in mpi["diagnosis"]] and mpi["status"]["phase"] == "Failed"


def test_logs_read_the_primary_pod_a_role_or_every_pod(srv):
    r = srv.odh("jobs", "logs", "pytorchjob/mnist-done", "-n", "team-a")
    assert r.code == 0, r
    assert r.out == srv.kubectl("logs", "mnist-done-master-0", "-n", "team-a").out
    worker = srv.odh("jobs", "logs", "pytorchjob/mnist-done", "-n", "team-a", "--role", "worker", "--index", "0")
    assert worker.out == srv.kubectl("logs", "mnist-done-worker-0", "-n", "team-a").out
    merged = srv.odh("jobs", "logs", "trainjob/multi-node-example", "-n", "team-a", "--all")
    assert merged.code == 0, merged
    pods = srv.kubectl("get", "pods", "-n", "team-a", "-l",
                       "jobset.sigs.k8s.io/jobset-name=multi-node-example", "-o", "json").json()["items"]
    expected = []
    for p in sorted(pods, key=lambda p: int(p["metadata"]["labels"]["batch.kubernetes.io/job-completion-index"])):
        idx = p["metadata"]["labels"]["batch.kubernetes.io/job-completion-index"]
        expected += ["node-%s | %s" % (idx, line) for line in
                     srv.kubectl("logs", p["metadata"]["name"], "-n", "team-a").out.splitlines()]
    assert merged.out.splitlines() == expected
    bad = srv.odh("jobs", "logs", "pytorchjob/mnist-done", "-n", "team-a", "--index", "1")
    assert bad.code == 2 and "--role" in bad.err


def test_logs_follow_ends_with_the_job(srv):
    assert srv.kubectl("create", "-f", "-", stdin=pytorchjob("follow-ok", duration="2")).code == 0
    r = srv.odh("jobs", "logs", "pytorchjob/follow-ok", "-n", "team-a", "-f", "--all", timeout=60)
    assert r.code == 0, r
    lines = r.out.splitlines()
    assert any(l.startswith("master-0 | training finished after") for l in lines)
    assert any(l.startswith("worker-0 | Train Epoch") for l in lines)
    assert srv.kubectl("create", "-f", "-", stdin=pytorchjob("follow-bad", outcome="Failed", duration="2")).code == 0
    bad = srv.odh("jobs", "logs", "pytorchjob/follow-bad", "-n", "team-a", "-f", timeout=60)
    assert bad.code == 3, bad
    assert "pytorchjob/follow-bad failed: PyTorchJobFailed" in bad.err


def test_completion_offers_names_and_kind_slash_name(srv):
    r = srv.odh("__complete", "jobs", "describe", "-n", "team-a", "llm")
    assert r.code == 0 and r.out == "llm-finetune\n:4\n"
    refs = srv.odh("__complete", "jobs", "logs", "-n", "team-a", "pytorchjob/mnist-d")
    assert refs.out == "pytorchjob/mnist-ddp\npytorchjob/mnist-done\n:4\n"
