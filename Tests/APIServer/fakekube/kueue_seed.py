"""Kueue objects of the standard seed (with --crds kueue): a ResourceFlavor, ClusterQueues, LocalQueues and the
queued jobs' Workloads, in the state Kueue would have left them (shapes from Tests/Fixtures/crds/kueue/
single-clusterqueue-setup.yaml; names and quotas changed so that GPUs are what the jobs wait for).

    ResourceFlavor default-flavor
    ClusterQueue   team-cq     cpu 16, memory 64Gi, nvidia.com/gpu 4 in default-flavor (all namespaces)
    ClusterQueue   retired-cq  references ResourceFlavor a100-80gb, which does not exist: inactive
    LocalQueue     team-a/user-queue, team-b/user-queue -> team-cq; team-a/legacy-queue -> retired-cq
    team-b/gpu-train       admitted (2 workers x 2 GPUs), running; it preempted team-a/pi-preempted 20m ago
    team-a/pi-preempted    preempted and requeued, waiting for GPUs (first in line)
    team-a/pi-queued       waiting for 4 GPUs (second in line)
    default/pi-queued      queue-name user-queue, but default has no LocalQueue: inadmissible

History is written with its real timestamps; the simulated operator is fast-forwarded through it.
"""

from .kueue_model import (ADMISSION, API, CQ, JOB_COMPONENT, LQ, RF, WL, assign_flavors, set_cond)
from .meta import mf_entry
from .resources import MPIJOBS
from .util import new_uid, parse_rfc3339, rfc3339

D, M = 86400, 60
GPU = "nvidia.com/gpu"
PRIORITY_LABEL = "kueue.x-k8s.io/priority-class"


def _obj(kind, name, ts, spec, namespace=None):
    meta = {"name": name, "uid": new_uid(), "generation": 1, "creationTimestamp": rfc3339(ts),
            "managedFields": [mf_entry("kubectl-client-side-apply", "Update", API, {"f:spec": {}}, ts)]}
    if namespace:
        meta["namespace"] = namespace
    return {"apiVersion": API, "kind": kind, "metadata": meta, "spec": spec}


def _cq(name, flavor, quotas, ts):
    return _obj("ClusterQueue", name, ts, {
        "namespaceSelector": {}, "queueingStrategy": "BestEffortFIFO", "stopPolicy": "None",
        "flavorFungibility": {"whenCanBorrow": "MayStopSearch", "whenCanPreempt": "TryNextFlavor"},
        "preemption": {"borrowWithinCohort": {"policy": "Never"}, "reclaimWithinCohort": "Never",
                       "withinClusterQueue": "LowerPriority"},
        "resourceGroups": [{"coveredResources": [r for r, _ in quotas],
                            "flavors": [{"name": flavor, "resources": [{"name": r, "nominalQuota": q}
                                                                       for r, q in quotas]}]}]})


def _lq(ns, name, cq, ts):
    return _obj("LocalQueue", name, ts, {"clusterQueue": cq, "stopPolicy": "None"}, ns)


def preemption_message(preemptor, reason_text, path):
    """preemption.go preemptionMessage."""
    return ("Preempted to accommodate a workload (UID: %s, JobUID: %s) due to %s; preemptor path: %s; preemptee "
            "path: %s" % (preemptor["metadata"]["uid"], preemptor["metadata"]["labels"]["kueue.x-k8s.io/job-uid"],
                          reason_text, path, path))


class _History:
    """Helpers that play Kueue's part at given (past) times."""

    def __init__(self, app, txn):
        self.app, self.txn = app, txn
        self.kueue = app.kueue

    def workload(self, job, ts):
        return self.kueue.create_workload(self.txn, job, ts, created=ts)

    def admit(self, wl, cq_name, ts, used=None):
        cq = self.txn.get(CQ, "", cq_name)
        flavors = {f["metadata"]["name"] for f in self.txn.list(RF)}
        assignment, message = assign_flavors(wl, cq, used or {}, flavors)
        assert assignment is not None, message
        self.kueue.admit(self.txn, wl, cq_name, assignment, ts)

    def start(self, job, sj, cq_name, ts):
        """The job reconciler unsuspends an admitted job; the operator starts it."""
        job = self.txn.get(MPIJOBS.key, job["metadata"]["namespace"], job["metadata"]["name"])
        job["spec"]["runPolicy"]["suspend"] = False
        self.kueue._save_job(self.txn, job, ts)
        self.kueue._event(self.txn, job, "MPIJob", "Normal", "Started", "Admitted by clusterQueue %s" % cq_name,
                          JOB_COMPONENT, ts)
        self._operator_sees(sj, job, ts)

    def _operator_sees(self, sj, job, ts):
        sj.generation = job["metadata"]["generation"]
        sj.virtual = True
        self.app.operator.spec_changed(sj, job, ts, self.txn)
        sj.virtual = False

    def stop(self, job, sj, message, ts):
        job = self.txn.get(MPIJOBS.key, job["metadata"]["namespace"], job["metadata"]["name"])
        job["spec"]["runPolicy"]["suspend"] = True
        self.kueue._save_job(self.txn, job, ts)
        self.kueue._event(self.txn, job, "MPIJob", "Normal", "Stopped", message, JOB_COMPONENT, ts)
        self._operator_sees(sj, job, ts)

    def pending(self, wl, reason, message, ts):
        wl = self.txn.get(WL, wl["metadata"]["namespace"], wl["metadata"]["name"])
        set_cond(wl, "QuotaReserved", "False", reason, message, ts)
        self.kueue._save_wl(self.txn, wl, ts)
        if reason == "Pending":
            self.kueue._event(self.txn, wl, "Workload", "Warning", "Pending", message, ADMISSION, ts)


def seed(app, txn, now, build_job):
    """`build_job(ns, name, example, outcome, duration, extra, tweak, created)` is seed.py's job builder."""
    h = _History(app, txn)
    t0 = now - 20 * D
    txn.put(RF, _obj("ResourceFlavor", "default-flavor", t0, {}))
    txn.put(CQ, _cq("team-cq", "default-flavor", [("cpu", "16"), ("memory", "64Gi"), (GPU, "4")], t0))
    txn.put(CQ, _cq("retired-cq", "a100-80gb", [("cpu", "64"), ("memory", "512Gi"), (GPU, "8")], t0))
    for ns, name, cq in (("team-a", "user-queue", "team-cq"), ("team-b", "user-queue", "team-cq"),
                         ("team-a", "legacy-queue", "retired-cq")):
        txn.put(LQ, _lq(ns, name, cq, t0 + 60))

    # team-a/pi-preempted runs from 50m ago on all 4 GPUs ...
    t1 = now - 50 * M
    pre = build_job("team-a", "pi-preempted", "kueue-pi", "Hang", 0, {"log-lines": "1000000", "log-rate": "1"},
                    "gpu2", t1)
    txn.put(MPIJOBS.key, pre)
    pre_wl = h.workload(pre, t1 + 1)
    h.admit(pre_wl, "team-cq", t1 + 1)
    sj_pre = app.operator.adopt(pre, t1, gap=1.0, virtual=True)
    app.operator.fast_forward(sj_pre, t1 + 1, txn)
    h.start(pre, sj_pre, "team-cq", t1 + 1)
    # ... until team-b/gpu-train (priority class "high") arrives 20m ago and preempts it.
    t2 = now - 20 * M
    app.operator.fast_forward(sj_pre, t2, txn)
    gpu = build_job("team-b", "gpu-train", "kueue-pi", "Hang", 0, {"log-lines": "1000000", "log-rate": "1"},
                    "gpu2", t2 - 2)
    gpu["metadata"]["labels"][PRIORITY_LABEL] = "high"
    txn.put(MPIJOBS.key, gpu)
    gpu_wl = h.workload(gpu, t2 - 1)
    gpu_wl["spec"]["priority"] = 100
    gpu_wl["spec"]["priorityClassRef"] = {"group": "kueue.x-k8s.io", "kind": "WorkloadPriorityClass", "name": "high"}
    message = preemption_message(gpu_wl, "prioritization in the ClusterQueue", "/team-cq")
    pre_wl = txn.get(WL, "team-a", pre_wl["metadata"]["name"])
    set_cond(pre_wl, "Evicted", "True", "Preempted", message, t2)
    set_cond(pre_wl, "Preempted", "True", "InClusterQueue", message, t2)
    app.kueue._save_wl(txn, pre_wl, t2)
    app.kueue._event(txn, pre_wl, "Workload", "Normal", "EvictedDueToPreempted", message, ADMISSION, t2)
    app.kueue._event(txn, pre_wl, "Workload", "Normal", "Preempted",
                     message + "; preemptor effective priority: 100 (base: 100, boost: 0); preemptee effective "
                     "priority: 0 (base: 0, boost: 0)", ADMISSION, t2)
    h.stop(pre, sj_pre, message, t2)
    app.operator.fast_forward(sj_pre, t2 + 1, txn)
    pre_wl = txn.get(WL, "team-a", pre_wl["metadata"]["name"])
    set_cond(pre_wl, "Requeued", "True", "Preempted", message, t2 + 1)
    app.kueue._unset_reservation(pre_wl, "Pending", message, t2 + 1)
    app.kueue._save_wl(txn, pre_wl, t2 + 1)
    h.admit(gpu_wl, "team-cq", t2 + 2)
    sj_gpu = app.operator.adopt(gpu, t2 - 2, gap=1.0, virtual=True)
    app.operator.fast_forward(sj_gpu, t2 + 2, txn)
    h.start(gpu, sj_gpu, "team-cq", t2 + 2)
    app.operator.fast_forward(sj_gpu, now, txn)
    sj_gpu.gap = sj_pre.gap = app.tick
    waiting = ("couldn't assign flavors to pod set worker: insufficient unused quota for %s in flavor default-flavor, "
               "4 more needed" % GPU)
    h.pending(pre_wl, "Pending", waiting, t2 + 3)

    # The standard seed's queued jobs get their Workloads a second after they were created.
    for ns in ("team-a", "default"):
        job = txn.get(MPIJOBS.key, ns, "pi-queued")
        if job is None:
            continue
        created = parse_rfc3339(job["metadata"]["creationTimestamp"]) / 1e9
        wl = h.workload(job, created + 1)
        if ns == "team-a":
            h.pending(wl, "Pending", waiting, created + 1)
        else:
            h.pending(wl, "Inadmissible", "LocalQueue user-queue doesn't exist", created + 1)
