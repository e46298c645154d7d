"""Seed data: namespaces, team-a's ResourceQuota and MPIJobs in every state, built from the upstream examples.

The examples are read from Tests/Fixtures/crds/ (unmodified upstream files; provenance in its SOURCE.md).
Each job is created with a creationTimestamp in the past and the simulated operator is fast-forwarded through
that past, so at startup every job already shows its state, with pods, events and logs.
"""

import json
import os
import time

from . import kueue_seed
from . import strategies
from . import trainingseed
from . import yamlmini
from .request import Request
from .resources import MPIJOBS, NAMESPACES, QUOTAS
from .txn import Txn
from .util import new_uid, rfc3339, fixtures_dir

EXAMPLES = {
    "pi": "mpi-operator/examples/pi/pi.yaml",
    "pi-intel": "mpi-operator/examples/pi/pi-intel.yaml",
    "pi-mpich": "mpi-operator/examples/pi/pi-mpich.yaml",
    "mnist": "mpi-operator/examples/horovod/tensorflow-mnist.yaml",
    "tf-bench": "mpi-operator/examples/tensorflow-benchmarks/tensorflow-benchmarks.yaml",
    "kueue-pi": "kueue/sample-mpijob.yaml",
}

# The golden recording's job shape (golden 04): pi with worker limits, cleanPodPolicy Running.
GOLDEN_SPEC = {"mpiReplicaSpecs": {
    "Launcher": {"replicas": 1, "template": {"spec": {"containers": [{
        "command": ["mpirun", "-n", "2", "/home/mpiuser/pi"], "image": "mpioperator/mpi-pi:openmpi",
        "name": "mpi-launcher"}]}}},
    "Worker": {"replicas": 2, "template": {"spec": {"containers": [{
        "image": "mpioperator/mpi-pi:openmpi", "name": "mpi-worker",
        "resources": {"limits": {"cpu": "1", "memory": "1Gi"}}}]}}}},
    "runPolicy": {"cleanPodPolicy": "Running"}, "slotsPerWorker": 1}

LONG_NAME = "distributed-training-with-a-rather-long-name-for-hostnames"

H, D, M = 3600, 86400, 60

# (namespace, name, example, outcome, duration, age seconds, extra annotations, tweak)
STANDARD = [
    ("team-a", "pi", "pi", "Succeeded", 45, 2 * D + 3 * H, {}, None),
    ("team-a", "pi-running", "pi", "Hang", 0, 25 * M, {"log-lines": "1000000", "log-rate": "2"}, None),
    ("team-a", "pi-failed", "pi", "Failed", 30, 3 * H + 10 * M, {}, None),
    ("team-a", "pi-queued", "kueue-pi", "Succeeded", 60, 7 * M, {}, "gpu2"),
    ("team-a", "tf-bench-pending", "tf-bench", "Unschedulable", 60, 3 * M, {}, None),
    ("team-a", "pi-restarting", "pi", "Restarting", 7200, 40 * M, {"log-lines": "1000000", "log-rate": "1"}, None),
    ("team-b", "pi-intel", "pi-intel", "Succeeded", 50, D + 2 * H, {}, None),
    ("team-b", "pi-mpich-oom", "pi-mpich", "OOMKilled", 60, 50 * M, {}, "worker-onfailure"),
    ("team-b", "mnist-pull", "mnist", "ImagePullBackOff", 60, 12 * M, {}, None),
    ("team-b", "pi-suspended", "pi", "Succeeded", 60, H, {}, "suspend"),
    ("team-b", "pi-invalid", "pi", "Succeeded", 60, 20 * M, {}, "worker-always"),
    ("default", "pi", "pi", "Hang", 0, 10 * M, {"log-lines": "1000000", "log-rate": "1"}, None),
    ("default", "tf-mnist-done", "mnist", "Succeeded", 120, 6 * D, {}, None),
    ("default", "pi-queued", "kueue-pi", "Succeeded", 60, 2 * M, {}, None),
    ("default", "never-picked", "pi", "NeverPickedUp", 60, 90, {}, None),
    ("default", LONG_NAME, "pi", "Succeeded", 60, 5 * M, {}, None),
    ("golden", "life", "golden", "Succeeded", 4, 70, {}, None),
    ("golden", "failed", "golden", "Failed", 2, 40, {}, None),
    ("golden", "running", "golden", "Succeeded", 600, 35, {"log-lines": "100000", "log-rate": "1"}, None),
    ("golden", "oom", "golden", "OOMKilled", 5, 34, {}, None),
    ("golden", "pending", "golden", "Unschedulable", 60, 34, {}, "gpu"),
    ("golden", "pull", "golden", "ImagePullBackOff", 60, 34, {}, None),
]

NAMESPACE_AGES = {"default": 30 * D, "team-a": 20 * D, "team-b": 20 * D, "golden": 2 * H}

UA = {"User-Agent": "kubectl/v1.32.4 (linux/amd64) kubernetes/59526cd"}


def load_example(key):
    if key == "golden":
        return {"apiVersion": "kubeflow.org/v2beta1", "kind": "MPIJob", "metadata": {},
                "spec": json.loads(json.dumps(GOLDEN_SPEC))}
    path = os.path.join(fixtures_dir(), "crds", EXAMPLES[key])
    with open(path) as f:
        return yamlmini.load(f.read())


def _tweak(job, tweak):
    spec = job["spec"]
    rp = spec.setdefault("runPolicy", {})
    rp.pop("ttlSecondsAfterFinished", None)
    if tweak == "suspend":
        rp["suspend"] = True
    elif tweak == "worker-always":
        spec["mpiReplicaSpecs"]["Worker"]["restartPolicy"] = "Always"
    elif tweak == "worker-onfailure":
        spec["mpiReplicaSpecs"]["Worker"]["restartPolicy"] = "OnFailure"
    elif tweak == "gpu2":
        spec["mpiReplicaSpecs"]["Worker"]["template"]["spec"]["containers"][0]["resources"]["limits"][
            "nvidia.com/gpu"] = "2"
    elif tweak == "gpu":
        spec["mpiReplicaSpecs"]["Worker"]["template"]["spec"]["containers"][0]["resources"]["limits"][
            "nvidia.com/gpu"] = "1"


def make_namespace(name, ts):
    return {"metadata": {"name": name, "uid": new_uid(), "creationTimestamp": rfc3339(ts),
                         "labels": {"kubernetes.io/metadata.name": name},
                         "managedFields": [{"manager": "kubectl-create", "operation": "Update", "apiVersion": "v1",
                                            "time": rfc3339(ts), "fieldsType": "FieldsV1",
                                            "fieldsV1": {"f:metadata": {"f:labels": {
                                                ".": {}, "f:kubernetes.io/metadata.name": {}}}}}]},
            "spec": {"finalizers": ["kubernetes"]}, "status": {"phase": "Active"}}


def ensure_namespace(txn, name, ts):
    if not txn.exists(NAMESPACES.key, "", name):
        txn.put(NAMESPACES.key, make_namespace(name, ts))


def quota_object(ts):
    hard = {"count/mpijobs.kubeflow.org": "10", "requests.cpu": "8", "requests.memory": "16Gi",
            "requests.nvidia.com/gpu": "4"}
    last = json.dumps({"apiVersion": "v1", "kind": "ResourceQuota",
                       "metadata": {"annotations": {}, "name": "team-a-quota", "namespace": "team-a"},
                       "spec": {"hard": hard}}, separators=(",", ":")) + "\n"
    return {"metadata": {"name": "team-a-quota", "namespace": "team-a", "uid": new_uid(),
                         "creationTimestamp": rfc3339(ts),
                         "annotations": {"kubectl.kubernetes.io/last-applied-configuration": last},
                         "managedFields": [{"manager": "kubectl-client-side-apply", "operation": "Update",
                                            "apiVersion": "v1", "time": rfc3339(ts), "fieldsType": "FieldsV1",
                                            "fieldsV1": {"f:metadata": {"f:annotations": {
                                                ".": {}, "f:kubectl.kubernetes.io/last-applied-configuration": {}}},
                                                "f:spec": {"f:hard": dict([(".", {})] + [
                                                    ("f:" + k, {}) for k in sorted(hard)])}}}]},
            "spec": {"hard": hard}, "status": {}}


def sim_annotations(outcome, duration, extra):
    """The sim.odh/* annotations that tell a simulated operator how a seeded job goes."""
    ann = {"sim.odh/outcome": outcome}
    if duration:
        ann["sim.odh/duration-seconds"] = str(duration)
    for k, v in extra.items():
        ann["sim.odh/" + k] = v
    return ann


def build_job(app, ns, name, example, outcome, duration, extra, tweak, created):
    job = load_example(example)
    job["metadata"] = dict(job.get("metadata") or {})
    job["metadata"]["name"] = name
    job["metadata"]["namespace"] = ns
    job["metadata"]["annotations"] = sim_annotations(outcome, duration, extra)
    _tweak(job, tweak)
    req = Request("POST", "", {}, "", UA, b"")
    return strategies.prepare_create(app, req, MPIJOBS, job, ns, created)


def seed(app, kind="standard"):
    now = time.time()
    st = app.store
    with st.lock:
        txn = Txn(st)
        for ns, age in NAMESPACE_AGES.items():
            ensure_namespace(txn, ns, now - age)
        txn.flush()
        trainingseed.seed_all(app, kind, now)
        if kind == "standard":
            for ns, name, example, outcome, duration, age, extra, tweak in STANDARD:
                created = now - age
                job = build_job(app, ns, name, example, outcome, duration, extra, tweak, created)
                txn.put(MPIJOBS.key, job)
                sj = app.operator.adopt(job, created, gap=min(2.0, max(0.5, age / 20.0)), virtual=True)
                app.operator.fast_forward(sj, now, txn)
                sj.gap = app.tick
            txn.flush()
            # The quota came after the seeded jobs (admission applies to new pods only): tf-bench-pending's pods,
            # which state no cpu/memory, predate it; every pod created from now on must state them.
            txn.put(QUOTAS.key, quota_object(now - 3600))
            txn.flush()
            if app.kueue is not None:
                kueue_seed.seed(app, txn, now, lambda *a: build_job(app, *a))
                txn.flush()
            for ns in ("team-a",):
                app.quota.refresh(txn, ns, now)
        txn.flush()
        st.compact()
