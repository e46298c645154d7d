"""Helpers for the tests that need Kueue: a test API server serving Kueue's CRDs (its simulated Kueue admits by
quota), a ClusterQueue + LocalQueue per test namespace, and direct reads of Workloads to check what the CLI says."""

from urllib.parse import quote

import pytest

import jobkit as K
from harness import FakeCluster

WORKLOADS = "/apis/kueue.x-k8s.io/v1beta2/namespaces/%s/workloads"
LOCALQUEUES = "/apis/kueue.x-k8s.io/v1beta2/namespaces/%s/localqueues"
CLUSTERQUEUES = "/apis/kueue.x-k8s.io/v1beta2/clusterqueues"


def start_server():
    return FakeCluster(seed="standard", tick=0.05, crds=["kueue"]).start()


@pytest.fixture(scope="module")
def kueue():
    """A Kueue-serving test API server for the module (import this fixture into the test module)."""
    srv = start_server()
    try:
        yield srv
    finally:
        srv.stop()


def setup_queue(server, namespace, gpus="4", queue="q"):
    """A ClusterQueue `<namespace>-cq` (cpu 8, memory 16Gi, `gpus` nvidia.com/gpu, this namespace only) and a
    LocalQueue `queue` in the namespace pointing at it."""
    c = K.api(server)
    cq = {"apiVersion": "kueue.x-k8s.io/v1beta2", "kind": "ClusterQueue", "metadata": {"name": namespace + "-cq"},
          "spec": {"namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": namespace}},
                   "resourceGroups": [{"coveredResources": ["cpu", "memory", "nvidia.com/gpu"],
                                       "flavors": [{"name": "default-flavor", "resources": [
                                           {"name": "cpu", "nominalQuota": "8"},
                                           {"name": "memory", "nominalQuota": "16Gi"},
                                           {"name": "nvidia.com/gpu", "nominalQuota": gpus}]}]}]}}
    r = c.request("POST", CLUSTERQUEUES, cq)
    assert r.status == 201, r
    lq = {"apiVersion": "kueue.x-k8s.io/v1beta2", "kind": "LocalQueue", "metadata": {"name": queue},
          "spec": {"clusterQueue": namespace + "-cq"}}
    r = c.request("POST", LOCALQUEUES % namespace, lq)
    assert r.status == 201, r
    return namespace + "-cq"


def workload_of(server, namespace, job):
    j = K.get_job(server, namespace, job)
    if j is None:
        return None
    r = K.api(server).get(WORKLOADS % namespace + "?labelSelector=" + quote("kueue.x-k8s.io/job-uid=" + j["metadata"]["uid"]))
    assert r.status == 200, r
    items = r.json()["items"]
    return items[0] if items else None


def condition(obj, ctype):
    return next(((c["status"], c.get("reason"), c.get("message")) for c in
                 ((obj or {}).get("status") or {}).get("conditions") or [] if c["type"] == ctype), None)


def live_pods(server, namespace, job):
    return [p for p in K.pods(server, namespace, job)
            if not p["metadata"].get("deletionTimestamp") and p["status"].get("phase") in ("Pending", "Running")]
