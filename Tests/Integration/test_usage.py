"""`kubectl odh usage`: GPUs, CPU and memory of every training job's pods, per job and per namespace, against
ResourceQuotas and Kueue ClusterQueues. Every number is checked against the pods' own requests and the quota and
queue objects, read here through kubectl and added up independently."""

import json
import re
from fractions import Fraction

import pytest
import yaml

from harness import FakeCluster, REPO_ROOT

FIXTURES = REPO_ROOT / "Tests" / "Fixtures" / "crds"
GPU = "nvidia.com/gpu"
SUFFIX = {"m": Fraction(1, 1000), "": Fraction(1), "k": Fraction(1000), "M": Fraction(10 ** 6),
          "G": Fraction(10 ** 9), "Ki": Fraction(1024), "Mi": Fraction(1024 ** 2), "Gi": Fraction(1024 ** 3)}


def q(text):
    m = re.fullmatch(r"([0-9.]+)([a-zA-Z]*)", str(text))
    return Fraction(m.group(1)) * SUFFIX[m.group(2)]


@pytest.fixture(scope="module")
def srv():
    s = FakeCluster(seed="standard", tick=0.05, crds=["training-operator", "trainer", "kueue"]).start()
    try:
        setup = """
apiVersion: kueue.x-k8s.io/v1beta2
kind: ResourceFlavor
metadata: {name: default-flavor}
---
apiVersion: kueue.x-k8s.io/v1beta2
kind: ResourceFlavor
metadata: {name: spot}
---
apiVersion: kueue.x-k8s.io/v1beta2
kind: ClusterQueue
metadata: {name: gpu-queue}
spec:
  namespaceSelector: {}
  resourceGroups:
  - coveredResources: ["cpu", "memory", "nvidia.com/gpu"]
    flavors:
    - name: default-flavor
      resources:
      - {name: cpu, nominalQuota: 16}
      - {name: memory, nominalQuota: 64Gi}
      - {name: nvidia.com/gpu, nominalQuota: 8}
    - name: spot
      resources:
      - {name: cpu, nominalQuota: 8}
      - {name: memory, nominalQuota: 32Gi}
      - {name: nvidia.com/gpu, nominalQuota: 4}
---
apiVersion: kueue.x-k8s.io/v1beta2
kind: LocalQueue
metadata: {namespace: team-b, name: gpu-local}
spec: {clusterQueue: gpu-queue}
"""
        r = s.kubectl("apply", "-f", "-", stdin=setup)
        assert r.code == 0, r
        job = yaml.safe_load((FIXTURES / "training-operator" / "examples" / "pytorch-simple.yaml").read_text())
        job["metadata"] = {"name": "queued-gpu", "namespace": "team-b",
                           "labels": {"kueue.x-k8s.io/queue-name": "gpu-local"},
                           "annotations": {"sim.odh/outcome": "Hang"}}
        for spec in job["spec"]["pytorchReplicaSpecs"].values():
            spec["template"]["spec"]["containers"][0]["resources"] = {
                "limits": {GPU: "1", "cpu": "2", "memory": "4Gi"}}
        assert s.kubectl("create", "-f", "-", stdin=json.dumps(job)).code == 0
        for _ in range(100):
            phases = s.kubectl("get", "pods", "-n", "team-b", "-l", "training.kubeflow.org/job-name=queued-gpu",
                               "-o", "jsonpath={.items[*].status.phase}").out.split()
            if phases == ["Running", "Running"]:
                break
            import time
            time.sleep(0.1)
        yield s
    finally:
        s.stop()


def owner(pod):
    """(kind, job) of a pod, from its operator's labels: the test's own reading of them."""
    labels = pod["metadata"].get("labels") or {}
    op = labels.get("training.kubeflow.org/operator-name")
    v1 = {"pytorchjob-controller": "PyTorchJob", "tfjob-controller": "TFJob", "xgboostjob-controller": "XGBoostJob",
          "paddlejob-controller": "PaddleJob", "jaxjob-controller": "JAXJob", "mpi-operator": "MPIJob"}
    if op in v1:
        return v1[op], labels["training.kubeflow.org/job-name"]
    if "jobset.sigs.k8s.io/jobset-name" in labels:
        return "TrainJob", labels["jobset.sigs.k8s.io/jobset-name"]
    return None


def expected_usage(srv, namespace=None):
    scope = ["-n", namespace] if namespace else ["-A"]
    pods = srv.kubectl("get", "pods", *scope, "-o", "json").json()["items"]
    out = {}
    for pod in pods:
        who = owner(pod)
        phase = pod["status"].get("phase")
        if who is None or phase not in ("Running", "Pending"):
            continue
        key = (pod["metadata"]["namespace"],) + who
        side = "running" if phase == "Running" else "pending"
        entry = out.setdefault(key, {s: {"pods": 0, "gpus": Fraction(0), "cpu": Fraction(0), "memory": Fraction(0)}
                                     for s in ("running", "pending")})
        entry[side]["pods"] += 1
        for c in pod["spec"]["containers"]:
            req = dict(c.get("resources", {}).get("limits") or {})
            req.update(c.get("resources", {}).get("requests") or {})
            entry[side]["gpus"] += q(req.get(GPU, "0"))
            entry[side]["cpu"] += q(req.get("cpu", "0"))
            entry[side]["memory"] += q(req.get("memory", "0"))
    return out


def reported(doc):
    return {(j["namespace"], j["kind"], j["name"]): {
        s: {"pods": j[s]["pods"], "gpus": Fraction(j[s]["gpus"]), "cpu": Fraction(j[s]["cpuMillis"], 1000),
            "memory": Fraction(j[s]["memoryBytes"])} for s in ("running", "pending")} for j in doc["jobs"]}


def test_admin_sees_every_job_with_its_pods_requests_most_gpus_first(srv):
    r = srv.odh("usage", "-A", "-o", "json")
    assert r.code == 0, r
    assert r.err == ""
    doc = r.json()
    assert doc["kind"] == "UsageReport" and doc["scope"]["allNamespaces"] is True
    assert reported(doc) == expected_usage(srv)
    gpus = [j["running"]["gpus"] for j in doc["jobs"]]
    assert gpus == sorted(gpus, reverse=True) and gpus[0] > 0
    # Namespaces: the sums of their jobs.
    for ns in doc["namespaces"]:
        jobs = [j for j in doc["jobs"] if j["namespace"] == ns["namespace"]]
        assert ns["jobs"] == len(jobs)
        assert ns["running"]["gpus"] == sum(j["running"]["gpus"] for j in jobs)
        assert ns["pending"]["cpuMillis"] == sum(j["pending"]["cpuMillis"] for j in jobs)


def test_quota_limits_are_the_quotas_own_numbers_against_the_jobs_requests(srv):
    doc = srv.odh("usage", "-n", "team-a", "-o", "json").json()
    quota = srv.kubectl("get", "resourcequota", "team-a-quota", "-n", "team-a", "-o", "json").json()
    rows = {l["resource"]: l for l in doc["limits"] if l["kind"] == "ResourceQuota"}
    assert set(rows) == {"requests.cpu", "requests.memory", "requests.nvidia.com/gpu"}
    for key, row in rows.items():
        assert q(row["hard"]) == q(quota["spec"]["hard"][key])
        assert q(row["used"]) == q(quota["status"]["used"][key])
        assert q(row["available"]) == q(row["hard"]) - q(row["used"])
    jobs = expected_usage(srv, "team-a")
    asked = sum(v["running"]["gpus"] + v["pending"]["gpus"] for v in jobs.values())
    assert q(rows["requests.nvidia.com/gpu"]["requested"]) == asked
    text = srv.odh("usage", "-n", "team-a")
    assert text.code == 0, text
    assert re.search(r"team-a\s+resourcequota/team-a-quota\s+requests.nvidia.com/gpu\s+%s\s+%s\s+4" % (
        asked, quota["status"]["used"]["requests.nvidia.com/gpu"]), text.out)


def test_a_clusterqueues_nominal_quota_is_summed_over_flavors_against_its_jobs(srv):
    doc = srv.odh("usage", "-n", "team-b", "-o", "json").json()
    job = next(j for j in doc["jobs"] if j["name"] == "queued-gpu")
    assert job["queue"] == "gpu-local" and job["clusterQueue"] == "gpu-queue"
    assert job["running"]["gpus"] == 2 and job["running"]["cpuMillis"] == 4000
    # team-b also uses the seeded Kueue's team-cq (user-queue): this test's queue is gpu-queue.
    rows = {l["resource"]: l for l in doc["limits"] if l["kind"] == "ClusterQueue" and l["name"] == "gpu-queue"}
    cq = srv.kubectl("get", "clusterqueue", "gpu-queue", "-o", "json").json()
    nominal = {}
    for group in cq["spec"]["resourceGroups"]:
        for flavor in group["flavors"]:
            for res in flavor["resources"]:
                nominal[res["name"]] = nominal.get(res["name"], 0) + q(res["nominalQuota"])
    assert {k: q(v["hard"]) for k, v in rows.items()} == nominal
    assert q(rows[GPU]["requested"]) == 2 and q(rows["cpu"]["requested"]) == 4
    assert rows[GPU]["namespaces"] == ["team-b"] and rows[GPU]["name"] == "gpu-queue"
    text = srv.odh("usage", "-n", "team-b")
    # USED is what the ClusterQueue's status reports (the simulated Kueue keeps it), "-" where none.
    assert re.search(r"team-b\s+clusterqueue/gpu-queue\s+nvidia.com/gpu\s+2\s+(-|\d+)\s+12\s+\d+", text.out), text.out


def test_a_namespace_user_sees_their_namespace_and_what_was_not_visible(srv):
    r = srv.odh("usage", "-A", "-o", "json", context="alice")
    assert r.code == 0, r
    doc = r.json()
    assert {j["namespace"] for j in doc["jobs"]} == {"team-a"}
    assert reported(doc) == expected_usage(srv, "team-a")
    notes = r.err.splitlines()
    assert notes[0].startswith('note: not visible: other namespaces than "team-a": pods is forbidden: User "alice"')
    assert any("clusterqueues.kueue.x-k8s.io" in n for n in notes)
    assert doc["notVisible"] == [n[len("note: not visible: "):] for n in notes]
    table = srv.odh("usage", context="alice")
    assert table.code == 0 and "Jobs:" in table.out and "team-b" not in table.out
    other = srv.odh("usage", "-n", "team-b", context="alice")
    assert other.code == 6 and other.out == ""
    assert 'cannot list resource "pods"' in other.err
