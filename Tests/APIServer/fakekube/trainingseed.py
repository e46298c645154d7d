"""Seed data for the training-operator and Trainer kinds (served with --crds training-operator,trainer): the
Trainer's ClusterTrainingRuntimes (in both seeds, as an install ships them) and, in the standard seed, a few jobs
of each kind that together cover every state, built from the upstream examples in Tests/Fixtures/crds and
fast-forwarded through their past like the MPIJob seed (pods, events and logs present at startup).
"""

import json
import os

from . import seed as seed_mpi
from . import strategies
from . import yamlmini
from .request import Request
from .txn import Txn
from .util import fixtures_dir

H, D, M = 3600, 86400, 60
UA = {"User-Agent": "kubectl/v1.32.4 (linux/amd64) kubernetes/59526cd"}

EXAMPLES = {
    "pytorch": "training-operator/examples/pytorch-simple.yaml",
    "tf": "training-operator/examples/tfjob-simple.yaml",
    "xgboost": "training-operator/examples/xgboostjob.yaml",
    "paddle": "training-operator/examples/paddle-simple-cpu.yaml",
    "jax": "training-operator/examples/jax-cpu-demo.yaml",
    "multi-node": "trainer/examples/01-multi-node.yaml",
    "kueue": "trainer/examples/03-kueue-integration.yaml",
}
RUNTIMES = ["trainer/runtimes/torch_distributed.yaml", "trainer/runtimes/deepspeed_distributed.yaml",
            "trainer/v2.0.1/mpi_distributed.yaml"]
PLURALS = {"PyTorchJob": "pytorchjobs", "TFJob": "tfjobs", "XGBoostJob": "xgboostjobs", "PaddleJob": "paddlejobs",
           "JAXJob": "jaxjobs", "TrainJob": "trainjobs"}

# (namespace, name, example, outcome, duration s, age s, extra sim annotations, tweaks)
JOBS = [
    ("team-a", "mnist-ddp", "pytorch", "Hang", 0, 30 * M, {"log-lines": "1000000", "log-rate": "2"}, []),
    ("team-a", "mnist-done", "pytorch", "Succeeded", 40, 2 * H, {}, []),
    ("team-a", "mnist-failed", "pytorch", "Failed", 30, 5 * H, {}, []),
    ("team-a", "mnist-restarting", "pytorch", "Restarting", 7200, 20 * M, {"log-lines": "1000000", "log-rate": "1"},
     []),
    ("team-a", "mnist-queued", "pytorch", "Succeeded", 60, 4 * M, {}, ["queue"]),
    ("team-b", "mnist-suspended", "pytorch", "Succeeded", 60, 3 * H, {}, ["suspend"]),
    ("team-b", "mnist-pending", "pytorch", "Unschedulable", 60, 6 * M, {}, ["gpu"]),
    ("team-b", "tf-simple", "tf", "Hang", 0, 15 * M, {"log-lines": "1000000", "log-rate": "1"}, ["gpu"]),
    ("team-b", "tf-done", "tf", "Succeeded", 50, D, {}, []),
    ("default", "tf-oom", "tf", "OOMKilled", 40, 3 * H, {}, ["never"]),
    ("team-a", "xgb-iris", "xgboost", "Succeeded", 30, 6 * H, {}, []),
    ("team-b", "xgb-pull", "xgboost", "ImagePullBackOff", 60, 9 * M, {}, []),
    ("team-b", "paddle-check", "paddle", "Hang", 0, 45 * M, {"log-lines": "1000000", "log-rate": "1"}, []),
    ("default", "jax-done", "jax", "Succeeded", 30, 2 * D, {}, []),
    ("default", "jax-suspended", "jax", "Succeeded", 60, H, {}, ["suspend"]),
    ("team-a", "llm-finetune", "multi-node", "Hang", 0, 50 * M, {"log-lines": "1000000", "log-rate": "2"},
     ["nodes2", "gpu-per-node"]),
    ("team-a", "multi-node-example", "multi-node", "Succeeded", 45, 3 * H, {}, []),
    ("team-a", "kueue-example", "kueue", "Succeeded", 60, 8 * M, {}, []),
    ("team-b", "ds-train", "multi-node", "Failed", 40, 4 * H, {}, ["deepspeed", "nodes2"]),
    ("team-b", "mpi-pi", "multi-node", "Succeeded", 30, 7 * H, {}, ["mpi-pi", "nodes2"]),
    ("default", "train-pending", "multi-node", "Unschedulable", 60, 5 * M, {}, ["gpu-per-node"]),
    ("default", "train-no-runtime", "multi-node", "Succeeded", 60, 2 * M, {}, ["missing-runtime"]),
]


def load(path):
    with open(os.path.join(fixtures_dir(), "crds", path)) as f:
        return yamlmini.load(f.read())


def _replicas(job):
    spec = job["spec"]
    return next(v for k, v in spec.items() if k.endswith("ReplicaSpecs"))


def _tweak(job, tweaks):
    spec = job["spec"]
    trainjob = job["kind"] == "TrainJob"
    for t in tweaks:
        if t == "gpu":
            for rs in _replicas(job).values():
                c = rs["template"]["spec"]["containers"][0]
                c.setdefault("resources", {}).setdefault("limits", {})["nvidia.com/gpu"] = "1"
        elif t == "never":
            for rs in _replicas(job).values():
                rs["restartPolicy"] = "Never"
        elif t in ("suspend", "queue"):
            if trainjob:
                spec["suspend"] = True
            else:
                spec.setdefault("runPolicy", {})["suspend"] = True
            if t == "queue":
                job["metadata"].setdefault("labels", {})["kueue.x-k8s.io/queue-name"] = "user-queue"
        elif t == "nodes2":
            spec["trainer"]["numNodes"] = 2
        elif t == "gpu-per-node":
            spec["trainer"]["resourcesPerNode"] = {"requests": {"cpu": "1", "memory": "4Gi"},
                                                   "limits": {"cpu": "1", "memory": "4Gi", "nvidia.com/gpu": "1"}}
        elif t == "deepspeed":
            spec["runtimeRef"]["name"] = "deepspeed-distributed"
            spec["trainer"].pop("command", None)
        elif t == "mpi-pi":
            spec["runtimeRef"]["name"] = "mpi-distributed"
            spec["trainer"].pop("command", None)
        elif t == "missing-runtime":
            spec["runtimeRef"]["name"] = "torch-distributed-v2"


def _rtype(app, kind):
    plural = PLURALS[kind]
    return next(t for t in app.custom_types if t.plural == plural and t.version == t.storage_version)


def _controller(app, kind):
    return app.trainer if kind == "TrainJob" else app.training_operator


def install_runtimes(app, txn, now):
    rtype = next((t for t in app.custom_types if t.plural == "clustertrainingruntimes"), None)
    if rtype is None:
        return
    for path in RUNTIMES:
        obj = load(path)
        if txn.exists(rtype.key, "", obj["metadata"]["name"]):
            continue
        req = Request("POST", "", {}, "", UA, b"")
        txn.put(rtype.key, strategies.prepare_create(app, req, rtype, obj, None, now - 7 * D))


def seed(app, txn, now):
    kinds = {t.kind for t in app.custom_types}
    for ns, name, example, outcome, duration, age, extra, tweaks in JOBS:
        job = json.loads(json.dumps(load(EXAMPLES[example])))
        if job["kind"] not in kinds:
            continue
        job["metadata"] = {"name": name, "labels": dict((job.get("metadata") or {}).get("labels") or {})}
        job["metadata"]["annotations"] = seed_mpi.sim_annotations(outcome, duration, extra)
        _tweak(job, tweaks)
        rtype = _rtype(app, job["kind"])
        created = now - age
        req = Request("POST", "", {}, "", UA, b"")
        obj = strategies.prepare_create(app, req, rtype, job, ns, created)
        txn.put(rtype.key, obj)
        ctl = _controller(app, job["kind"])
        sj = ctl.adopt(rtype.key, obj, created, gap=min(2.0, max(0.5, age / 20.0)))
        ctl.fast_forward(sj, now, txn)
        sj.gap = app.tick
    txn.flush()


def seed_all(app, kind, now):
    txn = Txn(app.store)
    install_runtimes(app, txn, now)
    txn.flush()
    if kind == "standard":
        seed(app, txn, now)
