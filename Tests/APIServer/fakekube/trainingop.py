"""A simulated Kubeflow training-operator v1 (PyTorchJob, TFJob, XGBoostJob, PaddleJob, JAXJob): one generic
replica-spec controller, as the real operator's common JobController is, with each kind's names plugged in.

What it does, from kubeflow/training-operator v1.9 (pkg/controller.v1/common, pkg/util/status.go):
- a `Created` condition (reason `<Kind>Created`) when the job appears; `runPolicy.managedBy` other than
  `kubeflow.org/training-operator` leaves the job alone;
- one pod per replica, named `<job>-<replica type, lower case>-<index>`, labelled
  `training.kubeflow.org/{operator-name,job-name,replica-type,replica-index}` (+ `job-role: master` on the master
  replica), owned by the job; `SuccessfulCreatePod` events;
- `Running` once pods run, `Restarting` (Warning event) when a replica fails and is recreated, `Succeeded` or
  `Failed` at the end with `Running` kept as `False`; `replicaStatuses.<Type>.{active,succeeded,failed}`,
  `startTime`, `completionTime`;
- `runPolicy.suspend`: `Suspended` (+ `Running=False`), pods deleted; resuming sets `Suspended=False`
  (`<Kind>Resumed`); `cleanPodPolicy`, `ttlSecondsAfterFinished`, `activeDeadlineSeconds`.
Per-job behaviour comes from the same `sim.odh/*` annotations as the MPIJob simulation (simjob.py).
"""

import math

from . import kubelet as K
from . import logs as L
from . import trainingkinds as TK
from .meta import mf_entry, set_managed
from .replicapods import count_phases, running
from .trainingkinds import API, GROUP, KINDS, MANAGER, VERSION, replica_types
from .resources import PODS
from .schema import status_fields_v1
from .simcontroller import SimController
from .simjob import SimJob, set_condition
from .util import rfc3339

FINISH = ("Running",)


class TrainingOperator(SimController):
    def __init__(self, app):
        SimController.__init__(self, app)
        self.types = {t.key: t for t in app.custom_types
                      if t.group == GROUP and t.version == VERSION and t.plural in KINDS}
        for t in self.types.values():
            app.gc.register_owner(t)

    def on_change(self, res, typ, new, old):
        if res in self.types:
            self.dirty.add((res, new.ns, new.name))

    def key(self, sj):
        return (sj.res, sj.ns, sj.name)

    def job_of(self, sj, txn):
        return txn.get(sj.res, sj.ns, sj.name)

    def sync(self, entry, now):
        res, ns, name = entry
        self.sync_object(res, ns, name, entry, now, lambda obj: bool((obj.get("status") or {}).get("conditions")))

    def new_sim(self, res, job, now, gap=None):
        sj = SimJob(job, now, gap or self.app.tick)
        sj.res = res
        sj.kind = KINDS[self.types[res].plural]
        sj.restart_at = None
        return sj

    def adopt(self, res, job, now, gap):
        """Drive a job put in the store directly (the seed)."""
        sj = self.new_sim(res, job, now, gap)
        self.jobs[self.key(sj)] = sj
        return sj

    # ------------------------------------------------------------------ helpers
    def _specs(self, sj, job):
        return (job.get("spec") or {}).get(sj.kind.specs_key) or {}

    def _run_policy(self, job):
        return (job.get("spec") or {}).get("runPolicy") or {}

    def _pod_names(self, sj, job):
        out = []
        for rt in replica_types(self._specs(sj, job)):
            n = int(self._specs(sj, job)[rt].get("replicas", 1) or 0)
            out += [(rt, i, "%s-%s-%d" % (sj.name, rt.lower(), i)) for i in range(n)]
        return out

    def _pods(self, sj, txn, job, live=True):
        out = []
        for rt, i, name in self._pod_names(sj, job):
            p = txn.get(PODS.key, sj.ns, name)
            if p is not None and not (live and p["metadata"].get("deletionTimestamp")):
                out.append(p)
        return out

    def _make_pod(self, sj, job, rt, index, now):
        return TK.replica_pod_of(sj.kind, sj.name, sj.ns, sj.uid, self._specs(sj, job), rt, index, now)

    def _save_status(self, sj, job, txn, now, finished=False):
        st = job.setdefault("status", {})
        rs = {}
        for rt in replica_types(self._specs(sj, job)):
            pods = [p for p in self._pods(sj, txn, job) if
                    p["metadata"]["labels"].get("training.kubeflow.org/replica-type") == rt.lower()]
            counts = count_phases(pods)
            if finished and st.get("conditions") and any(
                    c["type"] == "Succeeded" and c["status"] == "True" for c in st["conditions"]):
                counts["succeeded"] = counts.get("succeeded", 0) + counts.pop("active", 0)
            entry = {k: counts[k] for k in ("active", "succeeded", "failed") if counts.get(k)}
            if sj.kind.kind == "PyTorchJob":
                entry["selector"] = ("training.kubeflow.org/job-name=%s,training.kubeflow.org/operator-name=%s,"
                                     "training.kubeflow.org/replica-type=%s" % (sj.name, sj.kind.controller,
                                                                                rt.lower()))
            rs[rt] = entry
        st["replicaStatuses"] = rs
        st["lastReconcileTime"] = rfc3339(now)
        set_managed(job["metadata"], mf_entry(MANAGER, "Update", API, status_fields_v1(st), now, "status"))
        txn.put(sj.res, job)

    def _condition(self, sj, job, ctype, cstatus, what, message, now):
        set_condition(job.setdefault("status", {}), ctype, cstatus, sj.kind.reason(what), message, now, FINISH)

    def _job_event(self, sj, job, txn, etype, what, message, now):
        K.event(self.app, txn, job, API, sj.kind.kind, etype, sj.kind.reason(what), message, sj.kind.controller, now)

    def _pod_created(self, sj, job, txn, name, now):
        K.event(self.app, txn, job, API, sj.kind.kind, "Normal", "SuccessfulCreatePod", "Created pod: %s" % name,
                sj.kind.controller, now)

    def _delete(self, sj, txn, pod, now):
        K.delete_pod(self.app, txn, pod, now, immediate=sj.virtual)

    # ------------------------------------------------------------------ phases
    def ph_new(self, sj, job, now, txn):
        mb = self._run_policy(job).get("managedBy")
        if sj.outcome == "NeverPickedUp" or (mb and mb != "kubeflow.org/training-operator"):
            sj.phase, sj.next_at = "ignored", math.inf
            return
        if not (job.get("status") or {}).get("conditions"):
            self._condition(sj, job, "Created", "True", "Created", "%s %s is created." % (sj.kind.kind, sj.name), now)
        if self._run_policy(job).get("suspend"):
            self._suspend(sj, job, now, txn)
            return
        self._start(sj, job, now, txn)

    def _start(self, sj, job, now, txn):
        job["status"]["startTime"] = rfc3339(now)
        for rt, i, name in self._pod_names(sj, job):
            if not txn.exists(PODS.key, sj.ns, name):
                txn.put(PODS.key, self._make_pod(sj, job, rt, i, now))
                self._pod_created(sj, job, txn, name, now)
        self._save_status(sj, job, txn, now)
        sj.phase, sj.next_at = "created", now + sj.gap

    def ph_created(self, sj, job, now, txn):
        pods = self._pods(sj, txn, job)
        if sj.outcome == "Unschedulable":
            K.unschedulable(self.app, txn, pods, now)
            sj.phase, sj.next_at = "stuck", math.inf
            return
        K.schedule(self.app, txn, [p for p in pods if not p["spec"].get("nodeName")], now)
        sj.phase, sj.next_at = "scheduled", now + sj.gap

    def ph_scheduled(self, sj, job, now, txn):
        pods = self._pods(sj, txn, job)
        if sj.outcome == "ImagePullBackOff":
            K.pull_failed(self.app, txn, pods, now)
            sj.phase, sj.next_at = "pullfail", now + sj.gap
            return
        for p in pods:
            if p["status"].get("phase") == "Pending":
                self._start_pod(sj, job, p, txn, now)
        self._condition(sj, job, "Running", "True", "Running", "%s %s is running." % (sj.kind.kind, sj.name), now)
        self._save_status(sj, job, txn, now)
        if sj.run_start is None:
            sj.run_start = now
            sj.run_end = now + sj.duration
            ads = self._run_policy(job).get("activeDeadlineSeconds")
            sj.deadline_at = sj.created_at + ads if isinstance(ads, int) else None
            if sj.outcome == "Failed":
                sj.fail_at = now + 0.5 * sj.duration
            elif sj.outcome == "OOMKilled":
                sj.oom_at = now + 0.6 * sj.duration
            elif sj.outcome == "Restarting":
                sj.fail_at = now + max(sj.gap, min(0.3 * sj.duration, 60.0))
        sj.phase = "running"
        self._schedule_running(sj)

    def ph_pullfail(self, sj, job, now, txn):
        K.pull_backoff(self.app, txn, self._pods(sj, txn, job), now)
        sj.phase, sj.next_at = "stuck", math.inf

    def _start_pod(self, sj, job, pod, txn, now, pulled=True):
        labels = pod["metadata"]["labels"]
        index = int(labels.get("training.kubeflow.org/replica-index", "0"))
        world = len(self._pod_names(sj, job))
        info = {"job": sj.name, "ns": sj.ns, "pod": pod["metadata"]["name"], "index": index, "world": world,
                "rank": [n for _, _, n in self._pod_names(sj, job)].index(pod["metadata"]["name"])
                if pod["metadata"]["name"] in [n for _, _, n in self._pod_names(sj, job)] else 0,
                "device": "cuda" if TK.gpus(pod) else "cpu"}
        total = None if sj.outcome == "Hang" and sj.log_lines <= 0 else sj.log_lines
        K.start_containers(self.app, txn, pod, now, info, "train", sj.log_rate, total, pulled)

    def _schedule_running(self, sj):
        times = [t for t in (sj.deadline_at, sj.fail_at if sj.attempt == 1 else None,
                             None if sj.oom_done else sj.oom_at, sj.restart_at) if t is not None]
        if sj.outcome != "Hang":
            times.append(sj.run_end)
        sj.next_at = min(times) if times else math.inf

    def _victim(self, sj, txn, job):
        """The replica that fails: the first worker (a master failing ends most kinds at once)."""
        pods = self._pods(sj, txn, job)
        workers = [p for p in pods if p["metadata"]["labels"].get("training.kubeflow.org/job-role") != "master"]
        return (workers or pods or [None])[0]

    def ph_running(self, sj, job, now, txn):
        if sj.deadline_at is not None and now >= sj.deadline_at:
            self.finish(sj, job, now, txn, ok=False,
                        message="Job %s has failed because it was active longer than specified deadline" % sj.name)
            return
        if sj.restart_at is not None and now >= sj.restart_at:
            self._replacement_runs(sj, job, now, txn)
        elif sj.outcome in ("Failed", "Restarting") and sj.attempt == 1 and now >= sj.fail_at:
            self._replica_fails(sj, job, now, txn)
            if sj.phase != "running":
                return
        elif sj.outcome == "OOMKilled" and not sj.oom_done and now >= sj.oom_at:
            self._replica_oom(sj, job, now, txn)
            if sj.phase != "running":
                return
        elif sj.outcome != "Hang" and now >= sj.run_end:
            self.finish(sj, job, now, txn, ok=True)
            return
        self._schedule_running(sj)

    def _replica_fails(self, sj, job, now, txn):
        sj.attempt = 2
        pod = self._victim(sj, txn, job)
        if pod is None:
            return
        rt = TK.replica_type(pod)
        K.terminate_containers(self.app, txn, pod, now, 1, "Error", L.footer_train_failure)
        if sj.outcome == "Restarting":
            # ExitCode/OnFailure: the operator deletes the failed pod and makes it again.
            msg = "%s %s is restarting because 1 %s replica(s) failed." % (sj.kind.kind, sj.name, rt)
            self._job_event(sj, job, txn, "Warning", "Restarting", msg, now)
            self._condition(sj, job, "Restarting", "True", "Restarting", msg, now)
            self.app.gc.graceful_delete(txn, PODS, pod, now, immediate=True)
            fresh = self._make_pod(sj, job, rt, TK.replica_index(pod), now)
            txn.put(PODS.key, fresh)
            self._pod_created(sj, job, txn, fresh["metadata"]["name"], now)
            self._save_status(sj, job, txn, now)
            # The new pod waits for a node most of the remaining time: the job shows Restarting meanwhile.
            sj.restart_at = now + max(sj.gap, 0.5 * (sj.run_end - now))
            return
        self._fail(sj, job, now, txn, rt)

    def _replica_oom(self, sj, job, now, txn):
        sj.oom_done = True
        pod = self._victim(sj, txn, job)
        if pod is None:
            return
        in_place = pod["spec"].get("restartPolicy") in ("OnFailure", "Always")
        c0 = pod["spec"]["containers"][0]["name"]
        K.event(self.app, txn, pod, "v1", "Pod", "Warning", "OOMKilling",
                "Memory cgroup out of memory: Killed process 4242 (python3) total-vm:17825792kB, anon-rss:16515072kB, "
                "file-rss:0kB, shmem-rss:0kB, UID:0 pgtables:32768kB oom_score_adj:-997", "kubelet", now,
                pod["spec"].get("nodeName"), "spec.containers{%s}" % c0)
        K.terminate_containers(self.app, txn, pod, now, 137, "OOMKilled", L.footer_oom_worker, restart=in_place)
        if in_place:
            self._start_logs_again(sj, job, pod, now)
            self._save_status(sj, job, txn, now)
            return
        self._fail(sj, job, now, txn, TK.replica_type(pod))

    def _start_logs_again(self, sj, job, pod, now):
        c0 = pod["spec"]["containers"][0]["name"]
        src = self.app.logs.current(pod["metadata"]["uid"], c0)
        info = dict(src.info) if src else {"job": sj.name, "ns": sj.ns}
        self.app.logs.start(pod["metadata"]["uid"], c0, L.LogSource("train", int(now * 1e9), sj.log_rate,
                                                                   sj.log_lines, info))

    def _replacement_runs(self, sj, job, now, txn):
        sj.restart_at = None
        pending = [p for p in self._pods(sj, txn, job) if p["status"].get("phase") == "Pending"]
        K.schedule(self.app, txn, pending, now)
        for p in pending:
            self._start_pod(sj, job, p, txn, now, pulled=False)
        self._condition(sj, job, "Running", "True", "Running", "%s %s is running." % (sj.kind.kind, sj.name), now)
        self._save_status(sj, job, txn, now)

    def _fail(self, sj, job, now, txn, rt):
        self.finish(sj, job, now, txn, ok=False,
                    message="%s %s is failed because 1 %s replica(s) failed." % (sj.kind.kind, sj.name, rt))

    def finish(self, sj, job, now, txn, ok, message=None):
        for p in self._pods(sj, txn, job):
            if not running(p):
                continue
            if ok:
                first = p["metadata"]["labels"].get("training.kubeflow.org/job-role") == "master"
                K.terminate_containers(self.app, txn, p, now, 0, "Completed",
                                       L.footer_train_success if first else [])
            else:
                # The failed replica's peers lose their rendezvous and exit too.
                K.terminate_containers(self.app, txn, p, now, 1, "Error", L.footer_train_failure)
        st = job.setdefault("status", {})
        if ok:
            msg = "%s %s is successfully completed." % (sj.kind.kind, sj.name)
            self._job_event(sj, job, txn, "Normal", "Succeeded", msg, now)
            self._condition(sj, job, "Succeeded", "True", "Succeeded", msg, now)
        else:
            self._job_event(sj, job, txn, "Normal", "Failed", message, now)
            self._condition(sj, job, "Failed", "True", "Failed", message, now)
        st.setdefault("completionTime", rfc3339(now))
        policy = self._run_policy(job).get("cleanPodPolicy") or "None"
        if policy != "None":
            for p in self._pods(sj, txn, job):
                if policy == "All" or p["status"].get("phase") in ("Running", "Pending"):
                    self._delete(sj, txn, p, now)
        self._save_status(sj, job, txn, now, finished=True)
        sj.phase = "done"
        ttl = self._run_policy(job).get("ttlSecondsAfterFinished")
        sj.next_at = now + ttl if isinstance(ttl, int) else math.inf

    def ph_done(self, sj, job, now, txn):
        # ttlSecondsAfterFinished: the operator deletes the job itself (its pods follow by ownerReference)
        txn.delete(sj.res, sj.ns, sj.name)
        sj.phase, sj.next_at = "gone", math.inf

    def _suspend(self, sj, job, now, txn):
        msg = "%s %s is suspended." % (sj.kind.kind, sj.name)
        st = job["status"]
        if any(c["type"] == "Running" and c["status"] == "True" for c in st.get("conditions") or []):
            self._condition(sj, job, "Running", "False", "Suspended", msg, now)
        self._condition(sj, job, "Suspended", "True", "Suspended", msg, now)
        self._job_event(sj, job, txn, "Normal", "Suspended", msg, now)
        for p in self._pods(sj, txn, job):
            self._delete(sj, txn, p, now)
        self._save_status(sj, job, txn, now)
        for entry in job["status"]["replicaStatuses"].values():
            entry.pop("active", None)
        txn.put(sj.res, job)
        sj.phase, sj.next_at = "suspended", math.inf
        if sj.admit_after is not None and "kueue.x-k8s.io/queue-name" in (job["metadata"].get("labels") or {}):
            sj.next_at = sj.created_at + sj.admit_after

    def ph_suspended(self, sj, job, now, txn):
        # simulated Kueue admission (sim.odh/admit-after-seconds)
        sj.next_at = math.inf
        rp = self._run_policy(job)
        if rp.get("suspend"):
            job["spec"]["runPolicy"] = dict(rp, suspend=False)
            job["metadata"]["generation"] = job["metadata"].get("generation", 1) + 1
            sj.generation = job["metadata"]["generation"]
            self._resume(sj, job, now, txn)

    def _resume(self, sj, job, now, txn):
        msg = "%s %s is resumed." % (sj.kind.kind, sj.name)
        self._condition(sj, job, "Suspended", "False", "Resumed", msg, now)
        self._job_event(sj, job, txn, "Normal", "Resumed", msg, now)
        sj.attempt, sj.oom_done, sj.fail_at, sj.oom_at, sj.restart_at, sj.run_start = 1, False, None, None, None, None
        self._start(sj, job, now, txn)

    def suspend_requested(self, job):
        return bool(self._run_policy(job).get("suspend"))
