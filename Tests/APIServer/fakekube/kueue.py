"""A simulated Kueue (kubernetes-sigs/kueue v0.19.2) for MPIJobs, active when the server serves the Kueue CRDs.

What it models, each from Kueue's own code (paths at v0.19.2):
- the MPIJob integration's job reconciler (pkg/controller/jobframework/reconciler.go, pkg/controller/jobs/mpijob):
  one Workload per MPIJob with a queue-name label, named `mpijob-<name>-<5 hex>` (workload_names.go), owned by the
  job, labelled `kueue.x-k8s.io/job-uid`, pod sets `launcher`/`worker`; an admitted Workload unsuspends its job
  (step 7), a job running without an admitted Workload is suspended again (step 8), an evicted Workload stops the
  job and, once no replica is active, loses its admission (step 6); a finished job finishes its Workload.
- the workload controller (pkg/controller/core/workload_controller.go): `spec.active=false` evicts with reason
  `Deactivated`, reactivation sets `Requeued=True/Reactivated`; a queue that is missing or inactive keeps the
  Workload `QuotaReserved=False/Inadmissible` with Kueue's message.
- the scheduler (pkg/scheduler, flavorassigner): BestEffortFIFO over each active ClusterQueue, nominal quota per
  flavor (no cohorts, borrowing or preemption), the pending message worded as flavorassigner.go words it.
- LocalQueue / ClusterQueue status: counters, flavorsReservation/flavorsUsage, the Active condition.

Kueue's objects and rules are in kueue_model.py, version conversion in kueue_convert.py.
"""

from fractions import Fraction

from .kueue_model import (ADMISSION, API, CQ, JOB_COMPONENT, JOB_UID_LABEL, LQ, MULTIKUEUE, QUEUE_LABEL, RF, ROLES, WL,
                          assign_flavors, cond, fmt, has_reservation, is_active, is_admitted, is_finished, is_true,
                          matches_selector, podset_requests, reset_active, set_cond, usage_of, workload_name)
from .meta import mf_entry, owner_ref, set_managed
from .resources import MPIJOBS, NAMESPACES
from .txn import Txn
from .util import new_uid, parse_rfc3339, rfc3339


class Kueue:
    """Runs on the controllers' tick whenever an MPIJob or a Kueue object changed."""

    def __init__(self, app):
        self.app = app
        self.dirty = True

    def reset(self):
        self.dirty = True

    def on_change(self, res, typ, new, old):
        if res in (WL, LQ, CQ, RF):
            self.dirty = True
        elif res == MPIJOBS.key and (QUEUE_LABEL in new.labels or (old is not None and QUEUE_LABEL in old.labels)):
            self.dirty = True

    def tick(self, now):
        if not self.dirty:
            return
        st = self.app.store
        with st.lock:
            self.dirty = False
            txn = Txn(st)
            self.reconcile(txn, now)
            txn.flush()

    # -------------------------------------------------------------------------------------------- events
    def _event(self, txn, obj, kind, etype, reason, message, component, now):
        api = {"MPIJob": MPIJOBS.api_version, "Workload": API}[kind]
        self.app.events.record(txn, obj, api, kind, etype, reason, message, component, now, manager="kueue")

    # -------------------------------------------------------------------------------------------- reconcile
    def reconcile(self, txn, now):
        workloads = {}
        for wl in txn.list(WL):
            for ref in wl["metadata"].get("ownerReferences") or []:
                if ref.get("controller") and ref.get("kind") == "MPIJob":
                    workloads[ref.get("uid")] = wl
        for job in txn.list(MPIJOBS.key, pred=lambda o: QUEUE_LABEL in (o["metadata"].get("labels") or {})):
            self.reconcile_job(txn, job, workloads.get(job["metadata"]["uid"]), now)
        for wl in txn.list(WL):
            self.reconcile_workload(txn, wl, now)
        self.schedule(txn, now)
        self.update_queue_status(txn, now)

    def _save_job(self, txn, job, now):
        job["metadata"]["generation"] = job["metadata"].get("generation", 1) + 1
        set_managed(job["metadata"], mf_entry("kueue", "Update", MPIJOBS.api_version,
                                              {"f:spec": {"f:runPolicy": {"f:suspend": {}}}}, now))
        txn.put(MPIJOBS.key, job)

    def _save_wl(self, txn, wl, now, status=True):
        set_managed(wl["metadata"], mf_entry("kueue-admission" if status else "kueue", "Update", API,
                                             {"f:status": {}} if status else {"f:spec": {}}, now,
                                             "status" if status else None))
        txn.put(WL, wl)

    def reconcile_job(self, txn, job, wl, now):
        meta = job["metadata"]
        rp = (job.get("spec") or {}).get("runPolicy") or {}
        if meta.get("deletionTimestamp") or rp.get("managedBy") == MULTIKUEUE:
            return
        conds = (job.get("status") or {}).get("conditions") or []
        done = next((c for c in conds if c.get("type") in ("Succeeded", "Failed") and c.get("status") == "True"),
                    None)
        suspended = bool(rp.get("suspend"))
        if wl is None:
            if done is None:
                self.create_workload(txn, job, now)
            return
        wl = txn.editable(WL, wl)
        if is_finished(wl):
            return
        if done is not None:
            ok = done["type"] == "Succeeded"
            set_cond(wl, "Finished", "True", "Succeeded" if ok else "Failed", done.get("message", ""), now)
            self._save_wl(txn, wl, now)
            self._event(txn, job, "MPIJob", "Normal", "FinishedWorkload",
                        "Workload '%s/%s' is declared finished" % (meta["namespace"], wl["metadata"]["name"]),
                        JOB_COMPONENT, now)
            return
        evicted = cond(wl, "Evicted")
        if evicted is not None and evicted.get("status") == "True":
            if not suspended:
                self._stop(txn, job, evicted.get("message", ""), now)
            elif has_reservation(wl) and not self._job_active(job):
                requeue = evicted.get("reason") in ("Preempted", "NodeFailures")
                set_cond(wl, "Requeued", "True" if requeue else "False", evicted.get("reason", ""),
                         evicted.get("message", ""), now)
                self._unset_reservation(wl, "Pending", evicted.get("message", ""), now)
                self._save_wl(txn, wl, now)
            return
        if suspended:
            if is_admitted(wl):
                job = txn.editable(MPIJOBS.key, job)
                job["spec"]["runPolicy"]["suspend"] = False
                self._save_job(txn, job, now)
                cq = wl["status"]["admission"]["clusterQueue"]
                self._event(txn, job, "MPIJob", "Normal", "Started", "Admitted by clusterQueue %s" % cq,
                            JOB_COMPONENT, now)
            elif not has_reservation(wl) and meta["labels"].get(QUEUE_LABEL) != wl["spec"].get("queueName"):
                wl["spec"]["queueName"] = meta["labels"][QUEUE_LABEL]
                wl["metadata"]["generation"] = wl["metadata"].get("generation", 1) + 1
                self._save_wl(txn, wl, now, status=False)
            return
        if not is_admitted(wl):
            self._stop(txn, job, "Not admitted by cluster queue", now)

    @staticmethod
    def _job_active(job):
        rs = (job.get("status") or {}).get("replicaStatuses") or {}
        return any((v or {}).get("active") for v in rs.values())

    def _stop(self, txn, job, message, now):
        job = txn.editable(MPIJOBS.key, job)
        job["spec"].setdefault("runPolicy", {})["suspend"] = True
        self._save_job(txn, job, now)
        self._event(txn, job, "MPIJob", "Normal", "Stopped", message, JOB_COMPONENT, now)

    def _unset_reservation(self, wl, reason, message, now):
        """workload.UnsetQuotaReservationWithCondition + SyncAdmittedCondition (legacy reasons)."""
        set_cond(wl, "QuotaReserved", "False", reason, message, now)
        st = wl.setdefault("status", {})
        if st.pop("admission", None) is not None:
            admitted = cond(wl, "Admitted")
            if admitted is not None and admitted.get("status") == "True":
                ran = int(now - parse_rfc3339(admitted["lastTransitionTime"]) / 1e9)
                st["accumulatedPastExecutionTimeSeconds"] = st.get("accumulatedPastExecutionTimeSeconds", 0) + ran
            set_cond(wl, "Admitted", "False", "NoReservation", "The workload has no reservation", now)

    def create_workload(self, txn, job, now, created=None):
        meta = job["metadata"]
        pod_sets = []
        for role, name in ROLES:
            spec = ((job.get("spec") or {}).get("mpiReplicaSpecs") or {}).get(role)
            if spec is None:
                continue
            count = spec.get("replicas")
            pod_sets.append({"name": name, "count": 1 if count is None else count,
                             "template": spec.get("template") or {}})
        ts = created if created is not None else now
        wl = {"apiVersion": API, "kind": "Workload",
              "metadata": {"name": workload_name(meta["name"], meta["uid"]), "namespace": meta["namespace"],
                           "uid": new_uid(), "generation": 1, "creationTimestamp": rfc3339(ts),
                           "labels": {JOB_UID_LABEL: meta["uid"]},
                           "ownerReferences": [owner_ref(MPIJOBS.api_version, "MPIJob", meta["name"], meta["uid"])],
                           "managedFields": [mf_entry("kueue", "Update", API, {"f:metadata": {}, "f:spec": {}}, ts)]},
              "spec": {"active": True, "podSets": pod_sets, "priority": 0,
                       "queueName": meta["labels"][QUEUE_LABEL]}}
        txn.put(WL, wl)
        self._event(txn, job, "MPIJob", "Normal", "CreatedWorkload",
                    "Created Workload: %s/%s" % (meta["namespace"], wl["metadata"]["name"]), JOB_COMPONENT, ts)
        return wl

    def reconcile_workload(self, txn, wl, now):
        if is_finished(wl):
            return
        wl = txn.editable(WL, wl)
        changed = False
        if not is_active(wl):
            if not is_true(wl, "Evicted"):
                set_cond(wl, "Evicted", "True", "Deactivated", "The workload is deactivated", now)
                wl["status"].pop("requeueState", None)
                if (wl.get("status") or {}).get("admission"):
                    self._event(txn, wl, "Workload", "Normal", "EvictedDueToDeactivated",
                                "The workload is deactivated", ADMISSION, now)
                changed = True
        else:
            requeued = cond(wl, "Requeued")
            if requeued is not None and requeued.get("status") == "False" and requeued.get("reason") == "Deactivated":
                set_cond(wl, "Requeued", "True", "Reactivated", "The workload was reactivated", now)
                changed = True
            if not has_reservation(wl):
                blocker = self.queue_blocker(txn, wl)
                if blocker and set_cond(wl, "QuotaReserved", "False", "Inadmissible", blocker, now):
                    changed = True
        if changed:
            self._save_wl(txn, wl, now)

    def queue_blocker(self, txn, wl):
        """workload_controller.getQueueBlocker: why the Workload's queues cannot admit it."""
        ns, qname = wl["metadata"]["namespace"], wl["spec"].get("queueName", "")
        lq = txn.get(LQ, ns, qname)
        if lq is None:
            return "LocalQueue %s doesn't exist" % qname
        if (lq.get("spec") or {}).get("stopPolicy", "None") != "None":
            return "LocalQueue %s is inactive" % qname
        cq_name = (lq.get("spec") or {}).get("clusterQueue", "")
        cq = txn.get(CQ, "", cq_name)
        if cq is None:
            return "ClusterQueue %s doesn't exist" % cq_name
        if not self.cq_active(txn, cq)[0]:
            return "ClusterQueue %s is inactive" % cq_name
        return None

    @staticmethod
    def cq_active(txn, cq):
        """(active, reason, message) as the scheduler cache's ClusterQueueReadiness words it."""
        spec = cq.get("spec") or {}
        reasons, messages = [], []
        if spec.get("stopPolicy", "None") != "None":
            reasons.append("Stopped")
            messages.append("is stopped")
        missing = sorted({f["name"] for rg in spec.get("resourceGroups") or [] for f in rg.get("flavors") or []
                          if txn.get(RF, "", f["name"]) is None})
        if missing:
            reasons.append("FlavorNotFound")
            messages.append("references missing ResourceFlavor(s): [%s]" % ",".join(missing))
        if reasons:
            return False, reasons[0], "Can't admit new workloads: %s." % ", ".join(messages)
        return True, "Ready", "Can admit new workloads"

    # -------------------------------------------------------------------------------------------- scheduler
    def pending_order(self, txn, cq_name):
        """The ClusterQueue's pending Workloads in queue order (priority, then creation): the visibility API's."""
        out = []
        for wl in txn.list(WL):
            if not is_active(wl) or is_finished(wl) or has_reservation(wl):
                continue
            requeued = cond(wl, "Requeued")
            if requeued is not None and requeued.get("status") == "False":
                continue
            lq = txn.get(LQ, wl["metadata"]["namespace"], wl["spec"].get("queueName", ""))
            if lq is None or (lq.get("spec") or {}).get("clusterQueue") != cq_name:
                continue
            out.append(wl)
        out.sort(key=lambda w: (-(w["spec"].get("priority") or 0), w["metadata"]["creationTimestamp"],
                                w["metadata"]["namespace"], w["metadata"]["name"]))
        return out

    def schedule(self, txn, now):
        flavors = {f["metadata"]["name"] for f in txn.list(RF)}
        for cq in txn.list(CQ):
            name = cq["metadata"]["name"]
            if not self.cq_active(txn, cq)[0]:
                continue
            used = {}
            for wl in txn.list(WL):
                if has_reservation(wl) and not is_finished(wl) and \
                        ((wl.get("status") or {}).get("admission") or {}).get("clusterQueue") == name:
                    for k, v in usage_of(wl).items():
                        used[k] = used.get(k, Fraction(0)) + v
            for wl in self.pending_order(txn, name):
                lq = txn.get(LQ, wl["metadata"]["namespace"], wl["spec"]["queueName"])
                if (lq.get("spec") or {}).get("stopPolicy", "None") != "None":
                    continue
                wl = txn.editable(WL, wl)
                ns = txn.get(NAMESPACES.key, "", wl["metadata"]["namespace"])
                if not matches_selector((cq.get("spec") or {}).get("namespaceSelector"),
                                (ns or {}).get("metadata", {}).get("labels")):
                    assignment, message = None, "workload namespace doesn't match ClusterQueue selector"
                else:
                    assignment, message = assign_flavors(wl, cq, used, flavors)
                if assignment is None:
                    if set_cond(wl, "QuotaReserved", "False", "Pending", message, now):
                        wl["status"]["resourceRequests"] = [
                            {"name": ps["name"], "resources": {r: fmt(r, v / max(ps.get("count", 1), 1))
                                                               for r, v in sorted(podset_requests(ps).items())}}
                            for ps in wl["spec"]["podSets"]]
                        self._save_wl(txn, wl, now)
                        self._event(txn, wl, "Workload", "Warning", "Pending", message, ADMISSION, now)
                    continue
                self.admit(txn, wl, name, assignment, now)
                for k, v in usage_of(wl).items():
                    used[k] = used.get(k, Fraction(0)) + v

    def admit(self, txn, wl, cq_name, assignment, now):
        st = wl.setdefault("status", {})
        st["admission"] = {"clusterQueue": cq_name, "podSetAssignments": assignment}
        st.pop("resourceRequests", None)
        set_cond(wl, "QuotaReserved", "True", "QuotaReserved", "Quota reserved in ClusterQueue %s" % cq_name, now)
        reset_active(wl, "Evicted", "QuotaReserved", now)
        reset_active(wl, "Preempted", "QuotaReserved", now)
        set_cond(wl, "Admitted", "True", "Admitted", "The workload is admitted", now)
        self._save_wl(txn, wl, now)
        queued_since = cond(wl, "Requeued")
        since = parse_rfc3339(queued_since["lastTransitionTime"]) / 1e9 if queued_since else \
            parse_rfc3339(wl["metadata"]["creationTimestamp"]) / 1e9
        self._event(txn, wl, "Workload", "Normal", "QuotaReserved",
                    "Quota reserved in ClusterQueue %s, wait time since queued was %.0fs" % (cq_name, max(0, now - since)),
                    ADMISSION, now)
        self._event(txn, wl, "Workload", "Normal", "Admitted",
                    "Admitted by ClusterQueue %s, wait time since reservation was 0s" % cq_name, ADMISSION, now)

    # -------------------------------------------------------------------------------------------- queue status
    def update_queue_status(self, txn, now):
        wls = [w for w in txn.list(WL) if not is_finished(w)]
        for cq in txn.list(CQ):
            name = cq["metadata"]["name"]
            active, reason, message = self.cq_active(txn, cq)
            mine = [w for w in wls if ((w.get("status") or {}).get("admission") or {}).get("clusterQueue") == name]
            st = {"pendingWorkloads": len(self.pending_order(txn, name)),
                  "reservingWorkloads": sum(1 for w in mine if has_reservation(w)),
                  "admittedWorkloads": sum(1 for w in mine if is_admitted(w)),
                  "flavorsReservation": self._flavor_usage(cq, [w for w in mine if has_reservation(w)], True),
                  "flavorsUsage": self._flavor_usage(cq, [w for w in mine if is_admitted(w)], True)}
            self._put_status(txn, CQ, cq, st, "Active", "True" if active else "False", reason, message, now)
        for lq in txn.list(LQ):
            ns, name = lq["metadata"]["namespace"], lq["metadata"]["name"]
            cq_name = (lq.get("spec") or {}).get("clusterQueue", "")
            cq = txn.get(CQ, "", cq_name)
            mine = [w for w in wls if w["metadata"]["namespace"] == ns and w["spec"].get("queueName") == name]
            if (lq.get("spec") or {}).get("stopPolicy", "None") != "None":
                c = ("False", "Stopped", "LocalQueue is stopped")
            elif cq is None:
                c = ("False", "ClusterQueueDoesNotExist", "Can't submit new workloads to clusterQueue")
            elif not self.cq_active(txn, cq)[0]:
                c = ("False", "ClusterQueueIsInactive", "Can't submit new workloads to clusterQueue")
            else:
                c = ("True", "Ready", "Can submit new workloads to localQueue")
            pending = sum(1 for w in mine if is_active(w) and not has_reservation(w))
            st = {"pendingWorkloads": pending,
                  "reservingWorkloads": sum(1 for w in mine if has_reservation(w)),
                  "admittedWorkloads": sum(1 for w in mine if is_admitted(w)),
                  "flavorsReservation": self._flavor_usage(cq, [w for w in mine if has_reservation(w)], False),
                  "flavorsUsage": self._flavor_usage(cq, [w for w in mine if is_admitted(w)], False)}
            self._put_status(txn, LQ, lq, st, "Active", c[0], c[1], c[2], now)

    @staticmethod
    def _flavor_usage(cq, wls, with_borrowed):
        """[{name: flavor, resources: [{name, total[, borrowed]}]}] over the ClusterQueue's flavors."""
        if cq is None:
            return []
        used = {}
        for w in wls:
            for k, v in usage_of(w).items():
                used[k] = used.get(k, Fraction(0)) + v
        out = []
        for rg in (cq.get("spec") or {}).get("resourceGroups") or []:
            for f in rg.get("flavors") or []:
                res = []
                for r in f.get("resources") or []:
                    e = {"name": r["name"], "total": fmt(r["name"], used.get((f["name"], r["name"]), 0))}
                    if with_borrowed:
                        e["borrowed"] = "0"
                    res.append(e)
                out.append({"name": f["name"], "resources": res})
        return out

    def _put_status(self, txn, res, obj, status, ctype, cstatus, reason, message, now):
        obj = txn.editable(res, obj)
        before = dict(obj.get("status") or {})
        merged = dict(before)
        merged.update(status)
        obj["status"] = merged
        set_cond(obj, ctype, cstatus, reason, message, now)
        if obj["status"] != before:
            set_managed(obj["metadata"], mf_entry("kueue", "Update", API, {"f:status": {}}, now, "status"))
            txn.put(res, obj)
