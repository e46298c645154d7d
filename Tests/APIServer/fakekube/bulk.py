"""POST /bulk: many realistic MPIJobs (about 4 KB each) at once, for benchmarks."""

import gc
import json
import random
import time

from . import seed
from .meta import mf_entry, set_managed
from .operator import set_condition
from .resources import MPIJOBS
from .schema import status_fields_v1
from .txn import Txn
from .util import new_uid, rfc3339

STATES = {"Running": ("Hang", None), "Succeeded": ("Succeeded", None), "Failed": ("Failed", None),
          "Pending": ("Unschedulable", None), "Suspended": ("Succeeded", "suspend"),
          "Queued": ("Succeeded", "queue"), "Restarting": ("Restarting", None), "Created": ("Succeeded", None)}
MIXED = ["Running", "Succeeded", "Failed", "Pending", "Suspended", "Queued", "Restarting"]


class BulkError(ValueError):
    pass


def _template(app, ns, workers, labels, annotations, state, created):
    outcome, tweak = STATES[state]
    job = seed.load_example("pi")
    job["metadata"] = {"name": "bulk-template", "namespace": ns,
                       "labels": dict({"app.kubernetes.io/part-of": "benchmark", "team": "bench"}, **labels),
                       "annotations": dict({
                           "sim.odh/outcome": outcome, "sim.odh/duration-seconds": "30",
                           "benchmark.odh/description": "synthetic MPIJob for list/watch benchmarks; shaped like "
                                                        "the upstream pi example with a few extra labels so "
                                                        "each object is about four kilobytes, like a real one"},
                           **annotations)}
    spec = job["spec"]
    spec["runPolicy"].pop("ttlSecondsAfterFinished", None)
    spec["mpiReplicaSpecs"]["Worker"]["replicas"] = workers
    lc = spec["mpiReplicaSpecs"]["Launcher"]["template"]["spec"]["containers"][0]
    lc["args"] = ["-n", str(max(1, workers)), "/home/mpiuser/pi"]
    lc["env"] = [{"name": "OMP_NUM_THREADS", "value": "1"}, {"name": "NCCL_DEBUG", "value": "WARN"}]
    for role in ("Launcher", "Worker"):
        spec["mpiReplicaSpecs"][role]["template"]["metadata"] = {"annotations": {"sidecar.istio.io/inject": "false"}}
    if tweak == "suspend":
        spec["runPolicy"]["suspend"] = True
    if tweak == "queue":
        job["metadata"]["labels"]["kueue.x-k8s.io/queue-name"] = "user-queue"
    from .request import Request
    from . import strategies
    req = Request("POST", "", {}, "", seed.UA, b"")
    return strategies.prepare_create(app, req, MPIJOBS, job, ns, created)


def _direct_status(job, state, created):
    """Status for a job whose pods are not simulated (pods: false)."""
    ns, name = job["metadata"]["namespace"], job["metadata"]["name"]
    st = {}
    t0 = created + 1
    if state == "Created":
        return
    set_condition(st, "Created", "True", "MPIJobCreated", "MPIJob %s/%s is created." % (ns, name), t0)
    workers = job["spec"]["mpiReplicaSpecs"]["Worker"]["replicas"]
    if state in ("Suspended", "Queued"):
        set_condition(st, "Suspended", "True", "MPIJobSuspended", "MPIJob suspended", t0)
        set_condition(st, "Running", "False", "MPIJobSuspended", "MPIJob %s/%s is suspended." % (ns, name), t0)
        st["replicaStatuses"] = {"Launcher": {}, "Worker": {}}
    elif state == "Pending":
        st["startTime"] = rfc3339(t0)
        st["replicaStatuses"] = {"Launcher": {}, "Worker": {}}
    else:
        st["startTime"] = rfc3339(t0)
        set_condition(st, "Running", "True", "MPIJobRunning", "MPIJob %s/%s is running." % (ns, name), t0 + 4)
        if state == "Running":
            st["replicaStatuses"] = {"Launcher": {"active": 1}, "Worker": {"active": workers}}
        elif state == "Restarting":
            st["replicaStatuses"] = {"Launcher": {"active": 1, "failed": 1}, "Worker": {"active": workers}}
        elif state == "Succeeded":
            set_condition(st, "Succeeded", "True", "MPIJobSucceeded", "MPIJob %s/%s successfully completed."
                          % (ns, name), t0 + 34)
            st["completionTime"] = rfc3339(t0 + 34)
            st["replicaStatuses"] = {"Launcher": {"succeeded": 1}, "Worker": {}}
        elif state == "Failed":
            set_condition(st, "Failed", "True", "BackoffLimitExceeded/Error", "Job has reached the specified backoff "
                          "limit", t0 + 34)
            st["completionTime"] = rfc3339(t0 + 34)
            st["replicaStatuses"] = {"Launcher": {"failed": 1}, "Worker": {}}
    job["status"] = {k: st[k] for k in sorted(st)}
    set_managed(job["metadata"], mf_entry("mpi-operator", "Update", "kubeflow.org/v2beta1",
                                          status_fields_v1(job["status"]), t0 + 34, "status"))


def create(app, body):
    if body.get("kind", "MPIJob") != "MPIJob":
        from . import bulkkinds
        try:
            return bulkkinds.create(app, body)
        except bulkkinds.BulkKindError as e:
            raise BulkError(str(e))
    t_start = time.time()
    ns = body.get("namespace", "bench")
    count = int(body.get("count", 100))
    prefix = body.get("prefix", "bench-")
    state = body.get("state", "Running")
    workers = int(body.get("workers", 2))
    with_pods = body.get("pods", True)
    labels = body.get("labels") or {}
    annotations = {("sim.odh/" + k if "/" not in k else k): str(v) for k, v in (body.get("annotations") or {}).items()}
    if count < 0 or count > 100000:
        raise BulkError("count must be between 0 and 100000")
    if state != "mixed" and state not in STATES:
        raise BulkError("state must be one of %s or mixed" % ", ".join(sorted(STATES)))
    rng = random.Random(body.get("seed", 42))
    now = time.time()
    st = app.store
    created_n = 0
    templates = {}
    with st.lock:
        txn = Txn(st)
        seed.ensure_namespace(txn, ns, now - 3600)
        txn.flush()
        for i in range(count):
            s = MIXED[i % len(MIXED)] if state == "mixed" else state
            age = rng.uniform(60, 6 * 3600)
            created = now - age
            if s not in templates:
                templates[s] = json.dumps(_template(app, ns, workers, labels, annotations, s, created))
            job = json.loads(templates[s])
            m = job["metadata"]
            m["name"] = "%s%04d" % (prefix, i) if count <= 10000 else "%s%05d" % (prefix, i)
            if st.get(MPIJOBS.key, ns, m["name"]) is not None:
                continue
            m["uid"] = new_uid()
            m["creationTimestamp"] = rfc3339(created)
            for mf in m["managedFields"]:
                mf["time"] = rfc3339(created)
            if with_pods and s != "Created":
                txn.put(MPIJOBS.key, job)
                sj = app.operator.adopt(job, created, gap=2.0, virtual=True)
                app.operator.fast_forward(sj, now, txn)
                sj.gap = app.tick
                txn.flush()
            else:
                if not with_pods:
                    _direct_status(job, s, created)
                txn.put(MPIJOBS.key, job)
            created_n += 1
            if len(txn.order) > 5000:
                txn.flush()
        txn.flush()
        rv = st.rv
    gc.collect()
    gc.freeze()
    return {"created": created_n, "namespace": ns, "resourceVersion": str(rv), "seconds": time.time() - t_start}
