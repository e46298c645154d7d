"""A simulated Kubeflow Trainer v2 (TrainJob → JobSet → Jobs → pods), from kubeflow/trainer v2.3.0 and
kubernetes-sigs/jobset:

- the TrainJob's `runtimeRef` names a ClusterTrainingRuntime (default) or a TrainingRuntime; a missing one gives a
  Warning `TrainJobResourcesCreationFailed` event and nothing else, as the real reconcile error does;
- each `replicatedJobs[]` entry of the runtime becomes a batch/v1 Job `<trainjob>-<replicatedJob>-0` (Indexed, its
  pods `<job>-<index>-<5 chars>`), labelled as the JobSet controller labels Jobs and pods
  (`jobset.sigs.k8s.io/{jobset-name,replicatedjob-name,job-index,...}` plus the Job controller's
  `batch.kubernetes.io/{job-name,job-completion-index,controller-uid}`); the trainer's image, command, args, env and
  `resourcesPerNode` go into the `node` containers, `numNodes` sets the `node` Job's parallelism;
- conditions are `metav1.Condition`s: `Suspended` (reason Suspended / Resumed), `Complete` (copied from the JobSet's
  Completed: reason `AllJobsCompleted`) and `Failed` (reason `FailedJobs`); there is no Running condition;
  `status.jobsStatus[]` counts child Jobs per replicated job (ready, succeeded, failed, active, suspended).

Deviation: the JobSet object itself is not stored (jobset.x-k8s.io is not served); the Jobs are owned by the TrainJob.
"""

import math

from . import kubelet as K
from . import logs as L
from . import trainerjobs as TJ
from .meta import mf_entry, set_managed
from .replicapods import count_phases, running
from .resources import JOBS, PODS
from .schema import status_fields_v1
from .simcontroller import SimController
from .simjob import SimJob
from .util import rfc3339

GROUP, VERSION = "trainer.kubeflow.org", "v1alpha1"
API = GROUP + "/" + VERSION
TRAINJOBS = GROUP + "/trainjobs"
CLUSTER_RUNTIMES = GROUP + "/clustertrainingruntimes"
RUNTIMES = GROUP + "/trainingruntimes"
MANAGER = "trainer-controller-manager"
CONTROLLER = "trainjob-controller"


def condition(status, ctype, cstatus, reason, message, now):
    """meta.SetStatusCondition: a new type is appended; an existing one changes in place, keeping its
    lastTransitionTime unless the status flips."""
    conds = status.setdefault("conditions", [])
    for c in conds:
        if c["type"] == ctype:
            if c["status"] != cstatus:
                c["lastTransitionTime"] = rfc3339(now)
            c.update(status=cstatus, reason=reason, message=message)
            return
    conds.append({"type": ctype, "status": cstatus, "reason": reason, "message": message,
                  "lastTransitionTime": rfc3339(now)})


class Trainer(SimController):
    def __init__(self, app):
        SimController.__init__(self, app)
        self.served = any(t.key == TRAINJOBS for t in app.custom_types)
        for t in app.custom_types:
            if t.key == TRAINJOBS and t.version == t.storage_version:
                app.gc.register_owner(t)

    def on_change(self, res, typ, new, old):
        if res == TRAINJOBS:
            self.dirty.add((new.ns, new.name))

    def job_of(self, sj, txn):
        return txn.get(TRAINJOBS, sj.ns, sj.name)

    def sync(self, entry, now):
        ns, name = entry
        self.sync_object(TRAINJOBS, ns, name, entry, now,
                         lambda obj: bool((obj.get("status") or {}).get("conditions")
                                          or (obj.get("status") or {}).get("jobsStatus")))

    def new_sim(self, res, job, now, gap=None):
        return SimJob(job, now, gap or self.app.tick)

    def tick(self, now):
        if self.served:
            SimController.tick(self, now)

    def adopt(self, res, job, now, gap):
        """Drive a job put in the store directly (the seed)."""
        sj = self.new_sim(res, job, now, gap)
        self.jobs[self.key(sj)] = sj
        return sj

    # ------------------------------------------------------------------ the runtime → Jobs
    def _runtime(self, job, txn):
        ref = (job.get("spec") or {}).get("runtimeRef") or {}
        if (ref.get("kind") or "ClusterTrainingRuntime") == "TrainingRuntime":
            return ref.get("name", ""), txn.get(RUNTIMES, job["metadata"]["namespace"], ref.get("name", ""))
        return ref.get("name", ""), txn.get(CLUSTER_RUNTIMES, "", ref.get("name", ""))

    def _create_jobs(self, sj, job, runtime, now, txn):
        sj.rjobs = []
        for rname, jobobj, pods, is_trainer in TJ.jobs_and_pods(sj.name, sj.ns, sj.uid, job, runtime, now):
            txn.put(JOBS.key, jobobj)
            for pod in pods:
                txn.put(PODS.key, pod)
                K.event(self.app, txn, jobobj, "batch/v1", "Job", "Normal", "SuccessfulCreate",
                        "Created pod: %s" % pod["metadata"]["name"], "job-controller", now)
            sj.rjobs.append((rname, jobobj["metadata"]["name"], [p["metadata"]["name"] for p in pods], is_trainer))

    def _pods(self, sj, txn, live=True):
        out = []
        for _, _, names, _ in getattr(sj, "rjobs", []):
            for n in names:
                p = txn.get(PODS.key, sj.ns, n)
                if p is not None and not (live and p["metadata"].get("deletionTimestamp")):
                    out.append(p)
        return out

    def _save_status(self, sj, job, txn, now):
        st = job.setdefault("status", {})
        statuses = []
        for rname, jname, names, _ in getattr(sj, "rjobs", []):
            pods = [p for p in (txn.get(PODS.key, sj.ns, n) for n in names) if p is not None]
            counts = count_phases(pods)
            ready = sum(1 for p in pods if running(p))
            done = counts.get("succeeded", 0) == len(names) and names
            failed = counts.get("failed", 0) > 0
            jobobj = txn.get(JOBS.key, sj.ns, jname)
            if jobobj is not None:
                js = jobobj["status"]
                js.update(active=counts.get("active", 0), ready=ready)
                for k in ("succeeded", "failed"):
                    if counts.get(k):
                        js[k] = counts[k]
                if done:
                    js["completedIndexes"] = "0" if len(names) == 1 else "0-%d" % (len(names) - 1)
                    js["completionTime"] = js.get("completionTime") or rfc3339(now)
                txn.put(JOBS.key, jobobj)
            statuses.append({"name": rname, "ready": 1 if ready + counts.get("succeeded", 0) >= len(names) and
                             ready else 0, "succeeded": 1 if done else 0, "failed": 1 if failed else 0,
                             "active": 1 if counts.get("active", 0) or not (done or failed) else 0,
                             "suspended": 0})
        if statuses:
            st["jobsStatus"] = statuses
        set_managed(job["metadata"], mf_entry(MANAGER, "Update", API, status_fields_v1(st), now, "status"))
        txn.put(TRAINJOBS, job)

    # ------------------------------------------------------------------ phases
    def ph_new(self, sj, job, now, txn):
        mb = (job.get("spec") or {}).get("managedBy")
        if sj.outcome == "NeverPickedUp" or (mb and mb != "trainer.kubeflow.org/trainjob-controller"):
            sj.phase, sj.next_at = "ignored", math.inf
            return
        if (job.get("spec") or {}).get("suspend"):
            self._suspend(sj, job, now, txn)
            return
        self._start(sj, job, now, txn)

    def _start(self, sj, job, now, txn):
        name, runtime = self._runtime(job, txn)
        if runtime is None:
            ref = (job.get("spec") or {}).get("runtimeRef") or {}
            kind = ref.get("kind") or "ClusterTrainingRuntime"
            resource = "clustertrainingruntimes" if kind == "ClusterTrainingRuntime" else "trainingruntimes"
            K.event(self.app, txn, job, API, "TrainJob", "Warning", "TrainJobResourcesCreationFailed",
                    'TrainJob resources reconciliation failed: %s.trainer.kubeflow.org "%s" not found'
                    % (resource, name), CONTROLLER, now)
            sj.phase, sj.next_at = "invalid", math.inf
            return
        self._create_jobs(sj, job, runtime, now, txn)
        self._save_status(sj, job, txn, now)
        sj.phase, sj.next_at = "created", now + sj.gap

    def ph_created(self, sj, job, now, txn):
        pods = self._pods(sj, txn)
        if sj.outcome == "Unschedulable":
            K.unschedulable(self.app, txn, pods, now)
            sj.phase, sj.next_at = "stuck", math.inf
            return
        K.schedule(self.app, txn, pods, now)
        sj.phase, sj.next_at = "scheduled", now + sj.gap

    def ph_scheduled(self, sj, job, now, txn):
        pods = self._pods(sj, txn)
        if sj.outcome == "ImagePullBackOff":
            K.pull_failed(self.app, txn, pods, now)
            sj.phase, sj.next_at = "pullfail", now + sj.gap
            return
        mpi = any(r == "launcher" for r, _, _, _ in sj.rjobs)
        total = None if sj.outcome == "Hang" and sj.log_lines <= 0 else sj.log_lines
        for rname, jname, names, is_trainer in sj.rjobs:
            for i, n in enumerate(names):
                p = txn.get(PODS.key, sj.ns, n)
                if p is None:
                    continue
                kind = ("launcher" if rname == "launcher" else "worker") if mpi else "train"
                info = {"job": sj.name, "ns": sj.ns, "pod": n, "index": i, "world": len(names), "rank": i,
                        "workers": len(names), "ranks": len(names), "container": "node", "device": "cpu",
                        "command": (p["spec"]["containers"][0].get("command") or [])
                        + (p["spec"]["containers"][0].get("args") or [])}
                K.start_containers(self.app, txn, p, now, info, kind, sj.log_rate, total)
        self._save_status(sj, job, txn, now)
        sj.run_end = now + sj.duration
        if sj.outcome in ("Failed", "OOMKilled"):
            sj.fail_at = now + 0.5 * sj.duration
        sj.phase = "running"
        sj.next_at = math.inf if sj.outcome == "Hang" else (sj.fail_at or sj.run_end)

    def ph_pullfail(self, sj, job, now, txn):
        K.pull_backoff(self.app, txn, self._pods(sj, txn), now)
        sj.phase, sj.next_at = "stuck", math.inf

    def ph_running(self, sj, job, now, txn):
        ok = sj.fail_at is None
        trainer_pods = [n for r, _, names, t in sj.rjobs if t for n in names]
        for p in self._pods(sj, txn):
            if not running(p):
                continue
            if ok:
                footer = L.footer_train_success if p["metadata"]["name"] in trainer_pods[:1] else []
                K.terminate_containers(self.app, txn, p, now, 0, "Completed", footer)
            elif sj.outcome == "OOMKilled" and p["metadata"]["name"] in trainer_pods[:1]:
                K.terminate_containers(self.app, txn, p, now, 137, "OOMKilled", L.footer_oom_worker)
            else:
                K.terminate_containers(self.app, txn, p, now, 1, "Error", L.footer_train_failure)
        st = job.setdefault("status", {})
        if ok:
            condition(st, "Complete", "True", "AllJobsCompleted", "jobset completed successfully", now)
        else:
            condition(st, "Failed", "True", "FailedJobs", "jobset failed due to one or more job failures", now)
        self._save_status(sj, job, txn, now)
        sj.phase, sj.next_at = "done", math.inf

    def _suspend(self, sj, job, now, txn):
        condition(job.setdefault("status", {}), "Suspended", "True", "Suspended", "TrainJob is suspended", now)
        for p in self._pods(sj, txn):
            K.delete_pod(self.app, txn, p, now, immediate=sj.virtual)
        for _, jname, _, _ in getattr(sj, "rjobs", []):
            txn.delete(JOBS.key, sj.ns, jname)
        sj.rjobs = []
        job["status"].pop("jobsStatus", None)
        set_managed(job["metadata"], mf_entry(MANAGER, "Update", API, status_fields_v1(job["status"]), now,
                                              "status"))
        txn.put(TRAINJOBS, job)
        sj.phase, sj.next_at = "suspended", math.inf
        if sj.admit_after is not None and "kueue.x-k8s.io/queue-name" in (job["metadata"].get("labels") or {}):
            sj.next_at = sj.created_at + sj.admit_after

    def ph_suspended(self, sj, job, now, txn):
        sj.next_at = math.inf
        if (job.get("spec") or {}).get("suspend"):
            job["spec"]["suspend"] = False
            job["metadata"]["generation"] = job["metadata"].get("generation", 1) + 1
            sj.generation = job["metadata"]["generation"]
            self._resume(sj, job, now, txn)

    def _resume(self, sj, job, now, txn):
        condition(job.setdefault("status", {}), "Suspended", "False", "Resumed", "TrainJob is resumed", now)
        sj.fail_at = None
        self._start(sj, job, now, txn)

    def suspend_requested(self, job):
        return bool((job.get("spec") or {}).get("suspend"))
