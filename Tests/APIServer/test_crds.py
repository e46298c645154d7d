"""Custom resources served from the upstream CRDs (--crds): discovery, schema, versions, printer columns."""

import json
import pathlib
import subprocess
import sys

import pytest

HERE = pathlib.Path(__file__).resolve().parent
FIXTURES = HERE.parent / "Fixtures" / "crds"
SETS = ("kueue", "training-operator", "trainer")


def test_converted_crds_are_current():
    r = subprocess.run([sys.executable, str(HERE / "tools" / "crds_to_json.py"), "--check"],
                       capture_output=True, text=True)
    assert r.returncode == 0, "run: python3 Tests/APIServer/tools/crds_to_json.py\n" + r.stdout + r.stderr


@pytest.fixture(scope="module")
def crd_srv():
    from harness import FakeCluster
    s = FakeCluster(seed="none", tick=0.05, crds=SETS).start()
    try:
        yield s
    finally:
        s.stop()


@pytest.fixture
def api(crd_srv):
    from kclient import Client
    c = Client(crd_srv, "admin")
    yield c
    c.close()


def test_kubeflow_org_prefers_v1_once_the_training_operator_is_installed(api):
    # kube-aware version priority: a GA version beats a beta one, so v1 becomes preferred while mpijobs
    # stays at v2beta1 only (what a real cluster with both operators' CRDs answers).
    group = api.get("/apis/kubeflow.org").json()
    assert group["preferredVersion"]["version"] == "v1"
    assert [v["version"] for v in group["versions"]] == ["v1", "v2beta1"]
    v1 = {r["name"] for r in api.get("/apis/kubeflow.org/v1").json()["resources"]}
    assert {"pytorchjobs", "tfjobs", "xgboostjobs", "paddlejobs", "jaxjobs"} <= v1
    assert "mpijobs" not in v1
    v2 = {r["name"] for r in api.get("/apis/kubeflow.org/v2beta1").json()["resources"]}
    assert "mpijobs" in v2
    kueue = api.get("/apis/kueue.x-k8s.io").json()
    assert kueue["preferredVersion"]["version"] == "v1beta2"
    assert api.get("/apis/trainer.kubeflow.org/v1alpha1").status == 200


def test_a_server_without_the_sets_serves_none_of_them(make_server_client):
    srv, c = make_server_client(seed="none")
    assert c.get("/apis/kueue.x-k8s.io").status == 404
    assert c.get("/apis/kubeflow.org/v1").status == 404
    assert c.get("/apis/kubeflow.org").json()["preferredVersion"]["version"] == "v2beta1"


def test_upstream_pytorchjob_example_is_created_pruned_and_printed(crd_srv):
    doc = (FIXTURES / "training-operator" / "examples" / "pytorch-simple.yaml").read_text()
    doc = doc.replace("namespace: kubeflow", "namespace: default")
    # The simulated training-operator leaves it alone, so the status written below stays as written.
    doc = doc.replace("  name: pytorch-simple\n", "  name: pytorch-simple\n  annotations:\n    sim.odh/outcome: NeverPickedUp\n")
    assert "NeverPickedUp" in doc
    r = crd_srv.kubectl("create", "-f", "-", stdin=doc)
    assert r.code == 0, r
    got = crd_srv.kubectl("get", "pytorchjob", "pytorch-simple", "-o", "json").json()
    assert got["apiVersion"] == "kubeflow.org/v1" and got["kind"] == "PyTorchJob"
    assert got["spec"]["pytorchReplicaSpecs"]["Worker"]["replicas"] == 1
    table = crd_srv.kubectl("get", "pytorchjobs")
    assert table.code == 0, table
    assert table.out.split("\n")[0].split() == ["NAME", "STATE", "AGE"]
    # No status yet: the State cell is null, which kubectl leaves blank.
    assert len(table.out.split("\n")[1].split()) == 2
    # The status subresource takes the training-operator's conditions; State is the last one.
    from kclient import Client
    c = Client(crd_srv, "admin")
    try:
        path = "/apis/kubeflow.org/v1/namespaces/default/pytorchjobs/pytorch-simple/status"
        got["status"] = {"conditions": [
            {"type": "Created", "status": "True", "reason": "PyTorchJobCreated", "message": "created",
             "lastUpdateTime": "2026-12-01T00:00:00Z", "lastTransitionTime": "2026-12-01T00:00:00Z"},
            {"type": "Running", "status": "True", "reason": "PyTorchJobRunning", "message": "running",
             "lastUpdateTime": "2026-12-01T00:00:01Z", "lastTransitionTime": "2026-12-01T00:00:01Z"}]}
        u = c.request("PUT", path, got)
        assert u.status == 200, u
    finally:
        c.close()
    table = crd_srv.kubectl("get", "pytorchjobs", "--no-headers")
    assert table.out.split()[:2] == ["pytorch-simple", "Running"]
    # Unknown fields are pruned (kubectl's strict validation is off here so the server decides).
    bad = json.loads(crd_srv.kubectl("get", "pytorchjob", "pytorch-simple", "-o", "json").out)
    bad["metadata"] = {"name": "pruned"}
    bad["spec"]["bogus"] = 1
    bad.pop("status")
    r = crd_srv.kubectl("create", "--validate=false", "-f", "-", stdin=json.dumps(bad))
    assert r.code == 0, r
    assert "bogus" not in crd_srv.kubectl("get", "pytorchjob", "pruned", "-o", "json").json()["spec"]


def test_schema_violations_are_422_with_field_causes(api):
    body = {"apiVersion": "kubeflow.org/v1", "kind": "TFJob", "metadata": {"name": "bad"},
            "spec": {"tfReplicaSpecs": {"Worker": {"replicas": "two", "template": {}}}}}
    r = api.request("POST", "/apis/kubeflow.org/v1/namespaces/default/tfjobs", body)
    assert r.status == 422, r
    st = r.json()
    assert st["reason"] == "Invalid" and st["details"]["kind"] == "TFJob"
    assert any(c["field"] == "spec.tfReplicaSpecs.Worker.replicas" for c in st["details"]["causes"])


def test_every_served_version_reads_the_one_stored_object(crd_srv, api):
    setup = (FIXTURES / "kueue" / "single-clusterqueue-setup.yaml").read_text()
    r = crd_srv.kubectl("apply", "-f", "-", stdin=setup)
    assert r.code == 0, r
    v2 = api.get("/apis/kueue.x-k8s.io/v1beta2/clusterqueues/cluster-queue")
    v1 = api.get("/apis/kueue.x-k8s.io/v1beta1/clusterqueues/cluster-queue")
    assert v2.status == 200 and v1.status == 200
    assert v2.json()["apiVersion"] == "kueue.x-k8s.io/v1beta2"
    assert v1.json()["apiVersion"] == "kueue.x-k8s.io/v1beta1"
    assert v1.json()["metadata"]["uid"] == v2.json()["metadata"]["uid"]
    listed = api.get("/apis/kueue.x-k8s.io/v1beta1/namespaces/default/localqueues").json()
    assert listed["apiVersion"] == "kueue.x-k8s.io/v1beta1"
    assert [i["apiVersion"] for i in listed["items"]] == ["kueue.x-k8s.io/v1beta1"]
    lq = crd_srv.kubectl("get", "localqueues", "-n", "default")
    assert lq.out.split("\n")[0].split() == ["NAME", "CLUSTERQUEUE", "PENDING", "WORKLOADS", "ADMITTED",
                                             "WORKLOADS"]
    assert lq.out.split("\n")[1].split()[:2] == ["user-queue", "cluster-queue"]


def test_printer_columns_follow_jsonpath_filters():
    sys.path.insert(0, str(HERE))
    from fakekube import crdtypes
    wl = {"spec": {"queueName": "user-queue"},
          "status": {"admission": {"clusterQueue": "cq"},
                     "conditions": [{"type": "QuotaReserved", "status": "True"},
                                    {"type": "Admitted", "status": "True"}]}}
    assert crdtypes.jsonpath(wl, ".status.conditions[?(@.type=='Admitted')].status") == ["True"]
    assert crdtypes.jsonpath(wl, ".status.conditions[?(@.type=='Finished')].status") == []
    assert crdtypes.jsonpath(wl, ".status.conditions[-1:].type") == ["Admitted"]
    assert crdtypes.column_cell(wl, {"jsonPath": ".status.admission.clusterQueue", "type": "string"}, str) == "cq"
    assert crdtypes.column_cell(wl, {"jsonPath": ".status.pendingWorkloads", "type": "integer"}, str) is None
    assert [v for v in sorted(["v1beta1", "v1", "v2beta1", "v1alpha1", "v1beta2", "v2"],
                              key=crdtypes.version_priority)] == ["v2", "v1", "v2beta1", "v1beta2", "v1beta1",
                                                                   "v1alpha1"]


def test_crds_are_listed_as_customresourcedefinitions(crd_srv):
    r = crd_srv.kubectl("get", "crd", "-o", "name")
    assert r.code == 0, r
    names = set(r.out.split())
    assert "customresourcedefinition.apiextensions.k8s.io/workloads.kueue.x-k8s.io" in names
    assert "customresourcedefinition.apiextensions.k8s.io/trainjobs.trainer.kubeflow.org" in names
    assert "customresourcedefinition.apiextensions.k8s.io/mpijobs.kubeflow.org" in names
