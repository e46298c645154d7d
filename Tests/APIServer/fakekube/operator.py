"""A simulated mpi-operator (plus the bits of Job controller, scheduler and kubelet it relies on).

Every MPIJob gets a SimJob that walks through phases on the operator's tick. All steps take `now`
explicitly, so the same code fast-forwards seeded jobs through a virtual past.
Per-job behaviour comes from annotations (see README): sim.odh/outcome, sim.odh/duration-seconds,
sim.odh/log-lines, sim.odh/log-rate, sim.odh/admit-after-seconds.
"""

import math

from . import launcherruns
from . import quota
from . import kubelet as K
from . import logs as L
from . import pods as P
from . import podstatus as PS
from .meta import mf_entry, set_managed
from .resources import JOBS, MPIJOBS, PODS
from .schema import status_fields_v1
from .txn import Txn
from .util import order, rfc3339
from .simcontroller import SimController
from .simjob import SimJob, set_condition
from .validation import event_message, validate

API = "kubeflow.org/v2beta1"
CTRL = "mpi-job-controller"
POD_RETRY = 2.0
STEADY = ("ignored", "invalid", "suspended", "stuck", "done", "gone")




class Operator(SimController):

    # ------------------------------------------------------------------ store listener
    def on_change(self, res, typ, new, old):
        if res == MPIJOBS.key:
            self.dirty.add((new.ns, new.name, typ))

    # ------------------------------------------------------------------ main loop
    def job_of(self, sj, txn):
        return txn.get(MPIJOBS.key, sj.ns, sj.name)

    def sync(self, entry, now):
        ns, name, _ = entry
        self._sync_object(ns, name, now)

    def _sync_object(self, ns, name, now):
        st = self.app.store
        e = st.get(MPIJOBS.key, ns, name)
        key = (ns, name)
        sj = self.jobs.get(key)
        if e is None:
            self.jobs.pop(key, None)
            return
        if sj is not None and sj.uid != e.obj["metadata"]["uid"]:
            sj = None
        if sj is None:
            if e.obj.get("status", {}).get("conditions") and key not in self.jobs:
                # created with a status (bulk/seed/adopted): leave it alone
                return
            self.jobs[key] = SimJob(e.obj, now, self.app.tick)
            return
        gen = e.obj["metadata"].get("generation", 1)
        if gen != sj.generation:
            sj.generation = gen
            txn = Txn(st)
            self.spec_changed(sj, txn.get(MPIJOBS.key, ns, name), now, txn)
            txn.flush()

    def adopt(self, job, now, gap=None, virtual=False):
        sj = SimJob(job, now, gap or self.app.tick)
        sj.virtual = virtual
        self.jobs[(sj.ns, sj.name)] = sj
        return sj

    def fast_forward(self, sj, until, txn):
        SimController.fast_forward(self, sj, until, txn, STEADY)

    # ------------------------------------------------------------------ helpers
    def _event(self, txn, obj, kind, etype, reason, message, component, now, host=None, field_path=None, api=None):
        api = api or {"MPIJob": API, "Pod": "v1", "Job": "batch/v1"}[kind]
        return self.app.events.record(txn, obj, api, kind, etype, reason, message, component, now, host, field_path)

    def _pods(self, sj, txn, role):
        """Live (not terminating) pods of the job with that role; looked up by name, no scans."""
        if role == "worker":
            job = txn.get(MPIJOBS.key, sj.ns, sj.name)
            names = ["%s-worker-%d" % (sj.name, i) for i in range(P.worker_count(job) if job else 0)]
        else:
            names = sj.launchers
        out = []
        for n in names:
            p = txn.get(PODS.key, sj.ns, n)
            if p is not None and not p["metadata"].get("deletionTimestamp"):
                out.append(p)
        return out

    def _save_status(self, sj, job, txn, now):
        self._recount(sj, job, txn)
        set_managed(job["metadata"], mf_entry("mpi-operator", "Update", API, status_fields_v1(job["status"]), now,
                                              "status"))
        txn.put(MPIJOBS.key, job)

    def _recount(self, sj, job, txn):
        st = job.setdefault("status", {})
        rs = {}
        ljob = txn.get(JOBS.key, sj.ns, sj.name + "-launcher")
        if ljob is not None:
            lst = ljob.get("status") or {}
            lau = {}
            act = sum(1 for p in self._pods(sj, txn, "launcher") if p["status"].get("phase") == "Running")
            if act:
                lau["active"] = act
            if lst.get("failed"):
                lau["failed"] = lst["failed"]
            if lst.get("succeeded"):
                lau["succeeded"] = lst["succeeded"]
            rs["Launcher"] = lau
        wk = {}
        for p in self._pods(sj, txn, "worker"):
            ph = p["status"].get("phase")
            k = {"Running": "active", "Succeeded": "succeeded", "Failed": "failed"}.get(ph)
            if k:
                wk[k] = wk.get(k, 0) + 1
        rs["Worker"] = {k: wk[k] for k in ("active", "succeeded", "failed") if k in wk}
        st["replicaStatuses"] = rs
        job["status"] = {k: st[k] for k in sorted(st)}

    def _status(self, job):
        return job.setdefault("status", {})

    def _log_info(self, sj, job, pod, role, index=0):
        spec = job["spec"]
        c0 = (pod["spec"]["containers"] or [{}])[0]
        workers = P.worker_count(job)
        slots = spec.get("slotsPerWorker", 1) or 1
        return {"job": sj.name, "ns": sj.ns, "pod": pod["metadata"]["name"], "index": index, "workers": workers,
                "ranks": max(1, workers * slots), "command": (c0.get("command") or []) + (c0.get("args") or []),
                "container": c0.get("name", ""), "peer": "10.244.0.2"}

    def _start_container(self, sj, job, pod, txn, now, role, index=0, kind=None, pulled=True):
        k = kind or role
        total = None if sj.outcome == "Hang" and sj.log_lines <= 0 else sj.log_lines
        K.start_containers(self.app, txn, pod, now, self._log_info(sj, job, pod, role, index), k, sj.log_rate, total,
                           pulled)

    def _terminate_container(self, pod, txn, now, code, reason, footer_fn, restart=False):
        K.terminate_containers(self.app, txn, pod, now, code, reason, footer_fn, restart)

    def delete_pod(self, sj, pod, txn, now, reason_event=True):
        K.delete_pod(self.app, txn, pod, now, immediate=sj.virtual, reason_event=reason_event)

    # ------------------------------------------------------------------ phases
    def ph_new(self, sj, job, now, txn):
        mb = (job["spec"].get("runPolicy") or {}).get("managedBy")
        if sj.outcome == "NeverPickedUp" or (mb and mb != "kubeflow.org/mpi-operator"):
            sj.phase, sj.next_at = "ignored", math.inf
            return
        errs = validate(job)
        if errs:
            self._event(txn, job, "MPIJob", "Warning", "ValidationError", event_message(errs), CTRL, now)
            sj.phase, sj.next_at = "invalid", math.inf
            return
        st = self._status(job)
        if not st.get("conditions"):
            set_condition(st, "Created", "True", "MPIJobCreated", "MPIJob %s/%s is created." % (sj.ns, sj.name), now)
            self._event(txn, job, "MPIJob", "Normal", "MPIJobCreated", "MPIJob %s/%s is created." % (sj.ns, sj.name),
                        CTRL, now)
        suspended = bool((job["spec"].get("runPolicy") or {}).get("suspend"))
        if not txn.exists(JOBS.key, sj.ns, sj.name + "-launcher"):
            txn.put(JOBS.key, P.launcher_job(job, now, suspended))
        if suspended:
            self._suspend_conditions(sj, job, now, txn)
            sj.phase, sj.next_at = "suspended", math.inf
            lb = job["metadata"].get("labels") or {}
            # Without Kueue's CRDs the annotation stands in for an admission; with them, kueue.py admits.
            if sj.admit_after is not None and "kueue.x-k8s.io/queue-name" in lb and self.app.kueue is None:
                sj.next_at = sj.created_at + sj.admit_after
            self._save_status(sj, job, txn, now)
            return
        st.setdefault("startTime", rfc3339(now))
        created = self._create_pods(sj, job, now, txn)
        if created == "worker refused":
            # The operator's sync returns on the error before it writes the status (so not even Created is
            # stored) and requeues; the next sync emits MPIJobCreated and the refusal again.
            sj.phase, sj.next_at = "new", now + POD_RETRY
            return
        self._save_status(sj, job, txn, now)
        if created == "launcher refused":
            sj.phase, sj.next_at = "nolauncher", now + POD_RETRY
            return
        sj.phase, sj.next_at = "created", now + sj.gap

    def ph_nolauncher(self, sj, job, now, txn):
        # The Job controller retries the launcher pod the quota refused (workers wait unscheduled meanwhile:
        # a simplification, see README).
        if self._new_launcher_pod(sj, job, now, txn) is None:
            sj.next_at = now + POD_RETRY
            return
        self._save_status(sj, job, txn, now)
        sj.phase, sj.next_at = "created", now + sj.gap

    def _create_pods(self, sj, job, now, txn):
        """Workers, then the launcher, each through quota admission: "ok", "worker refused" (the operator's
        MPIJobFailed event; nothing more is created) or "launcher refused" (the Job controller's FailedCreate)."""
        for i in range(P.worker_count(job)):
            if not txn.exists(PODS.key, sj.ns, "%s-worker-%d" % (sj.name, i)):
                pod = P.worker_pod(job, i, now)
                refusal = quota.pod_admission_error(self.app.store, pod, sj.ns)
                if refusal:
                    self._event(txn, job, "MPIJob", "Warning", "MPIJobFailed", 'worker pod created failed: pods "%s" '
                                "is forbidden: %s" % (pod["metadata"]["name"], refusal), CTRL, now)
                    return "worker refused"
                txn.put(PODS.key, pod)
        if self._pods(sj, txn, "launcher") or self._new_launcher_pod(sj, job, now, txn) is not None:
            return "ok"
        return "launcher refused"

    def _new_launcher_pod(self, sj, job, now, txn):
        ljob = txn.get(JOBS.key, sj.ns, sj.name + "-launcher")
        if ljob is None:
            return None
        pod = P.launcher_pod(job, ljob, now)
        refusal = quota.pod_admission_error(self.app.store, pod, sj.ns)
        if refusal:
            # The Job controller's pod creation is what admission refuses; it says so on the Job.
            self._event(txn, ljob, "Job", "Warning", "FailedCreate", 'Error creating: pods "%s" is forbidden: %s'
                        % (pod["metadata"]["name"], refusal), "job-controller", now)
            return None
        txn.put(PODS.key, pod)
        self._event(txn, ljob, "Job", "Normal", "SuccessfulCreate", "Created pod: %s" % pod["metadata"]["name"],
                    "job-controller", now)
        ls = ljob.setdefault("status", {})
        ls.setdefault("startTime", rfc3339(now))
        ls["active"] = ls.get("active", 0) + 1
        ls.setdefault("ready", 0)
        ls.setdefault("terminating", 0)
        ls.setdefault("uncountedTerminatedPods", {})
        txn.put(JOBS.key, ljob)
        sj.launchers.append(pod["metadata"]["name"])
        return pod

    def _all_pods(self, sj, txn):
        return self._pods(sj, txn, "worker") + self._pods(sj, txn, "launcher")

    def ph_created(self, sj, job, now, txn):
        pods = self._all_pods(sj, txn)
        if sj.outcome == "Unschedulable":
            K.unschedulable(self.app, txn, pods, now)
            sj.phase, sj.next_at = "stuck", math.inf
            return
        K.schedule(self.app, txn, pods, now)
        sj.phase, sj.next_at = "scheduled", now + sj.gap

    def ph_scheduled(self, sj, job, now, txn):
        workers = self._pods(sj, txn, "worker")
        if sj.outcome == "ImagePullBackOff":
            K.pull_failed(self.app, txn, workers, now)
            for p in self._pods(sj, txn, "launcher"):
                self._start_container(sj, job, p, txn, now, "launcher", kind="wait")
                self._bump_job_ready(sj, txn, 1)
            self._save_status(sj, job, txn, now)
            sj.phase, sj.next_at = "pullfail", now + sj.gap
            return
        for i, p in enumerate(sorted(workers, key=lambda x: x["metadata"]["name"])):
            self._start_container(sj, job, p, txn, now, "worker", index=i)
        self._save_status(sj, job, txn, now)
        sj.phase, sj.next_at = "workers_up", now + sj.gap

    def ph_pullfail(self, sj, job, now, txn):
        K.pull_backoff(self.app, txn, self._pods(sj, txn, "worker"), now)
        sj.phase, sj.next_at = "stuck", math.inf

    def _bump_job_ready(self, sj, txn, ready):
        ljob = txn.get(JOBS.key, sj.ns, sj.name + "-launcher")
        if ljob is not None:
            ljob["status"]["ready"] = ready
            txn.put(JOBS.key, ljob)

    def ph_workers_up(self, sj, job, now, txn):
        for p in self._pods(sj, txn, "launcher"):
            self._start_container(sj, job, p, txn, now, "launcher")
        self._bump_job_ready(sj, txn, 1)
        self._mark_running(sj, job, now, txn)
        sj.run_start = now
        sj.run_end = now + sj.duration
        ads = (job["spec"].get("runPolicy") or {}).get("activeDeadlineSeconds")
        sj.deadline_at = sj.created_at + ads if isinstance(ads, int) else None
        if sj.outcome == "Restarting":
            sj.fail_at = now + max(sj.gap, min(0.3 * sj.duration, 60.0))
        elif sj.outcome == "Failed":
            sj.fail_at = launcherruns.next_run_at(sj, now)
        elif sj.outcome in ("OOMKilled", "Evicted"):
            sj.oom_at = now + 0.6 * sj.duration
        sj.phase = "running"
        self._schedule_running(sj)

    def _mark_running(self, sj, job, now, txn):
        st = self._status(job)
        set_condition(st, "Running", "True", "MPIJobRunning", "MPIJob %s/%s is running." % (sj.ns, sj.name), now)
        self._event(txn, job, "MPIJob", "Normal", "MPIJobRunning", "MPIJob %s/%s is running" % (sj.ns, sj.name),
                    CTRL, now)
        self._save_status(sj, job, txn, now)

    def _schedule_running(self, sj):
        times = [sj.deadline_at] if sj.deadline_at is not None else []
        if sj.outcome not in ("Hang", "Failed"):
            # A failing launcher ends by its runs (fail_at), not by the running time.
            times.append(sj.run_end)
        if sj.fail_at is not None and (sj.attempt == 1 or sj.outcome == "Failed"):
            times.append(sj.fail_at)
        if sj.oom_at is not None and not sj.oom_done:
            times.append(sj.oom_at)
        sj.next_at = min(times) if times else math.inf

    def ph_running(self, sj, job, now, txn):
        if sj.deadline_at is not None and now >= sj.deadline_at:
            self.finish(sj, job, now, txn, ok=False, reason="DeadlineExceeded",
                        message="Job was active longer than specified deadline")
            return
        if sj.outcome == "Restarting" and sj.attempt == 1 and now >= sj.fail_at:
            self._restart_launcher_pod(sj, job, now, txn)
        elif sj.outcome == "Failed" and sj.fail_at is not None and now >= sj.fail_at:
            launcherruns.run_failed(self, sj, job, now, txn)
            return
        elif sj.outcome == "OOMKilled" and not sj.oom_done and now >= sj.oom_at:
            self._oom_worker(sj, job, now, txn)
        elif sj.outcome == "Evicted" and not sj.oom_done and now >= sj.oom_at:
            self._evict_worker(sj, job, now, txn)
            return
        elif sj.outcome not in ("Hang", "Failed") and now >= sj.run_end:
            ok = sj.outcome in ("Succeeded", "Restarting")
            self.finish(sj, job, now, txn, ok=ok)
            return
        self._schedule_running(sj)

    def ph_crashloop(self, sj, job, now, txn):
        launcherruns.restart_in_place(self, sj, job, now, txn)

    def ph_relaunch(self, sj, job, now, txn):
        launcherruns.replace_pod(self, sj, job, now, txn)

    def _restart_launcher_pod(self, sj, job, now, txn):
        for p in self._pods(sj, txn, "launcher"):
            self._terminate_container(p, txn, now, 1, "Error", lambda s: L.footer_failure(s))
        ljob = txn.get(JOBS.key, sj.ns, sj.name + "-launcher")
        if ljob is not None:
            ljob["status"]["failed"] = ljob["status"].get("failed", 0) + 1
            ljob["status"]["active"] = max(0, ljob["status"].get("active", 1) - 1)
            txn.put(JOBS.key, ljob)
        pod = self._new_launcher_pod(sj, job, now, txn)
        node = P.NODES[0]
        PS.set_scheduled(pod, now, node)
        self._event(txn, pod, "Pod", "Normal", "Scheduled", "Successfully assigned %s/%s to %s"
                    % (sj.ns, pod["metadata"]["name"], node), "default-scheduler", now)
        self._start_container(sj, job, pod, txn, now, "launcher", pulled=False)
        sj.attempt = 2
        sj.run_end = now + max(sj.duration * 0.7, sj.gap)
        self._save_status(sj, job, txn, now)

    def _oom_worker(self, sj, job, now, txn):
        workers = sorted(self._pods(sj, txn, "worker"), key=lambda x: x["metadata"]["name"])
        if workers:
            p = workers[0]
            node = p["spec"].get("nodeName", "")
            restart = p["spec"].get("restartPolicy") == "OnFailure"
            c0 = p["spec"]["containers"][0]["name"]
            self._event(txn, p, "Pod", "Warning", "OOMKilling",
                        "Memory cgroup out of memory: Killed process 4242 (python3) total-vm:17825792kB, "
                        "anon-rss:16515072kB, file-rss:0kB, shmem-rss:0kB, UID:0 pgtables:32768kB oom_score_adj:-997",
                        "kubelet", now, node, "spec.containers{%s}" % c0)
            self._terminate_container(p, txn, now, 137, "OOMKilled", L.footer_oom_worker, restart=restart)
            if restart:
                self._event(txn, p, "Pod", "Warning", "BackOff", "Back-off restarting failed container %s in pod %s_%s(%s)"
                            % (c0, p["metadata"]["name"], sj.ns, p["metadata"]["uid"]), "kubelet", now, node,
                            "spec.containers{%s}" % c0)
                info = self._log_info(sj, job, p, "worker", 0)
                self.app.logs.start(p["metadata"]["uid"], c0, L.LogSource("worker", int(now * 1e9), sj.log_rate,
                                                                          sj.log_lines, info))
        sj.oom_done = True
        sj.run_end = now + sj.gap
        self._save_status(sj, job, txn, now)

    def _evict_worker(self, sj, job, now, txn):
        """The kubelet evicts worker-0 under node memory pressure; the operator fails the job for it
        (`MPIJobEvicted`, "1/N workers are evicted") and mpirun, its rank gone, fails with it."""
        sj.oom_done = True
        workers = sorted(self._pods(sj, txn, "worker"), key=lambda x: x["metadata"]["name"])
        if workers:
            p = workers[0]
            message = "The node was low on resource: memory. Threshold quantity: 100Mi, available: 51200Ki. "
            self._terminate_container(p, txn, now, 137, "ContainerStatusUnknown", L.footer_oom_worker)
            p["status"]["phase"] = "Failed"
            p["status"]["reason"] = "Evicted"
            p["status"]["message"] = message
            txn.put(PODS.key, p)
            self._event(txn, p, "Pod", "Warning", "Evicted", message, "kubelet", now, p["spec"].get("nodeName", ""))
        self.finish(sj, job, now, txn, ok=False, reason="MPIJobEvicted",
                    message="%d/%d workers are evicted" % (1 if workers else 0, P.worker_count(job)))

    def finish(self, sj, job, now, txn, ok, reason=None, message=None):
        ljob = txn.get(JOBS.key, sj.ns, sj.name + "-launcher")
        oom = sj.outcome == "OOMKilled"
        for p in self._pods(sj, txn, "launcher"):
            phase = p["status"].get("phase")
            if phase in ("Succeeded", "Failed"):
                continue
            if phase != "Running":
                if not ok:
                    # The Job controller deletes the active pods of a Job that failed.
                    self.delete_pod(sj, p, txn, now, reason_event=False)
                continue
            if ok:
                self._terminate_container(p, txn, now, 0, "Completed", L.footer_success)
            elif reason == "DeadlineExceeded":
                self._terminate_container(p, txn, now, 137, "Error", L.footer_killed)
                self.delete_pod(sj, p, txn, now, reason_event=False)
            else:
                self._terminate_container(p, txn, now, 137 if oom else 1, "Error",
                                          (lambda s: L.footer_oom_launcher(s, sj.name)) if oom else L.footer_failure)
                if (p["spec"].get("restartPolicy") or "Always") == "OnFailure":
                    # An OnFailure pod would restart in place, so it is still active when the Job gives up:
                    # the Job controller deletes it, and its log with it (a Never pod ends Failed and is kept).
                    self.delete_pod(sj, p, txn, now, reason_event=False)
        st = self._status(job)
        ts = rfc3339(now)
        if ljob is not None:
            ls = ljob.setdefault("status", {})
            ls["active"] = 0
            ls["ready"] = 0
            if ok:
                ls["succeeded"] = 1
                ls["completionTime"] = ts
                ls["conditions"] = [
                    {"type": "SuccessCriteriaMet", "status": "True", "lastProbeTime": ts, "lastTransitionTime": ts,
                     "reason": "CompletionsReached", "message": "Reached expected number of succeeded pods"},
                    {"type": "Complete", "status": "True", "lastProbeTime": ts, "lastTransitionTime": ts,
                     "reason": "CompletionsReached", "message": "Reached expected number of succeeded pods"}]
                self._event(txn, ljob, "Job", "Normal", "Completed", "Job completed", "job-controller", now)
            else:
                ls["failed"] = ls.get("failed", 0) + 1
                jr = reason or "BackoffLimitExceeded"
                jm = message or "Job has reached the specified backoff limit"
                ls["conditions"] = [
                    {"type": "FailureTarget", "status": "True", "lastProbeTime": ts, "lastTransitionTime": ts,
                     "reason": jr, "message": jm},
                    {"type": "Failed", "status": "True", "lastProbeTime": ts, "lastTransitionTime": ts,
                     "reason": jr, "message": jm}]
                self._event(txn, ljob, "Job", "Warning", jr, jm, "job-controller", now)
            ljob["status"] = order(ls, ["conditions", "startTime", "completionTime", "active", "succeeded",
                                          "failed", "terminating", "uncountedTerminatedPods", "ready"])
            txn.put(JOBS.key, ljob)
        if ok:
            msg = "MPIJob %s/%s successfully completed." % (sj.ns, sj.name)
            set_condition(st, "Succeeded", "True", "MPIJobSucceeded", msg, now)
            self._event(txn, job, "MPIJob", "Normal", "MPIJobSucceeded", msg, CTRL, now)
        else:
            r = reason or "BackoffLimitExceeded/Error"
            m = message or "Job has reached the specified backoff limit"
            set_condition(st, "Failed", "True", r, m, now)
            self._event(txn, job, "MPIJob", "Warning", r, m, CTRL, now)
        st["completionTime"] = ts
        self._cleanup_workers(sj, job, now, txn)
        self._save_status(sj, job, txn, now)
        sj.finished_at = now
        sj.phase = "done"
        ttl = (job["spec"].get("runPolicy") or {}).get("ttlSecondsAfterFinished")
        sj.next_at = now + ttl if isinstance(ttl, int) else math.inf

    def _cleanup_workers(self, sj, job, now, txn):
        policy = (job["spec"].get("runPolicy") or {}).get("cleanPodPolicy") or "None"
        if policy == "None":
            return
        for p in self._pods(sj, txn, "worker"):
            phase = p["status"].get("phase")
            if policy == "All" or phase in ("Running", "Pending"):
                self.delete_pod(sj, p, txn, now)

    def ph_done(self, sj, job, now, txn):
        # ttlSecondsAfterFinished: the TTL controller deletes the launcher Job (and so its pod)
        lj = txn.get(JOBS.key, sj.ns, sj.name + "-launcher")
        if lj is not None:
            self.app.gc.delete_owner(txn, JOBS, lj, now, immediate=sj.virtual)
        sj.phase, sj.next_at = "gone", math.inf

    def ph_suspended(self, sj, job, now, txn):
        # simulated Kueue admission (sim.odh/admit-after-seconds)
        sj.next_at = math.inf
        rp = job["spec"].get("runPolicy") or {}
        if rp.get("suspend"):
            rp["suspend"] = False
            job["spec"]["runPolicy"] = rp
            job["metadata"]["generation"] = job["metadata"].get("generation", 1) + 1
            sj.generation = job["metadata"]["generation"]
            set_managed(job["metadata"], mf_entry("kueue", "Update", API, {"f:spec": {"f:runPolicy": {"f:suspend": {}}}},
                                                  now))
            txn.put(MPIJOBS.key, job)
            self._resume(sj, job, now, txn)

    def ph_stuck(self, sj, job, now, txn):
        sj.next_at = math.inf

    ph_invalid = ph_ignored = ph_gone = ph_stuck

    # ------------------------------------------------------------------ spec changes
    def suspend_requested(self, job):
        return bool((job["spec"].get("runPolicy") or {}).get("suspend"))

    def _suspend(self, sj, job, now, txn):
        """Suspending a running job (SimController.spec_changed): its pods go, its launcher Job is suspended."""
        for p in self._all_pods(sj, txn):
            self.delete_pod(sj, p, txn, now)
        lj = txn.get(JOBS.key, sj.ns, sj.name + "-launcher")
        if lj is not None:
            lj["spec"]["suspend"] = True
            lj["status"]["active"] = 0
            lj["status"]["ready"] = 0
            txn.put(JOBS.key, lj)
        self._suspend_conditions(sj, job, now, txn)
        self._save_status(sj, job, txn, now)
        job["status"]["replicaStatuses"]["Worker"] = {}
        txn.put(MPIJOBS.key, job)
        sj.phase, sj.next_at = "suspended", math.inf

    def _suspend_conditions(self, sj, job, now, txn):
        st = self._status(job)
        set_condition(st, "Suspended", "True", "MPIJobSuspended", "MPIJob suspended", now)
        set_condition(st, "Running", "False", "MPIJobSuspended", "MPIJob %s/%s is suspended." % (sj.ns, sj.name), now)
        self._event(txn, job, "MPIJob", "Normal", "MPIJobSuspended", "MPIJob suspended", CTRL, now)

    def _resume(self, sj, job, now, txn):
        st = self._status(job)
        set_condition(st, "Suspended", "False", "MPIJobResumed", "MPIJob resumed", now)
        self._event(txn, job, "MPIJob", "Normal", "MPIJobResumed", "MPIJob resumed", CTRL, now)
        st["startTime"] = rfc3339(now)
        lj = txn.get(JOBS.key, sj.ns, sj.name + "-launcher")
        if lj is not None:
            lj["spec"]["suspend"] = False
            lj["status"].pop("startTime", None)
            txn.put(JOBS.key, lj)
        sj.attempt, sj.oom_done, sj.fail_at, sj.oom_at = 1, False, None, None
        self._create_pods(sj, job, now, txn)
        self._save_status(sj, job, txn, now)
        sj.phase, sj.next_at = "created", now + sj.gap

    # ------------------------------------------------------------------ control API
    def transition(self, ns, name, to, now):
        """Force a job to Succeeded / Failed / Running right now. Returns the committed resourceVersion."""
        st = self.app.store
        with st.lock:
            sj = self.jobs.get((ns, name))
            e = st.get(MPIJOBS.key, ns, name)
            if e is None:
                return None
            if sj is None:
                sj = self.adopt(e.obj, now)
            txn = Txn(st)
            job = txn.get(MPIJOBS.key, ns, name)
            if sj.outcome in ("Unschedulable", "ImagePullBackOff", "NeverPickedUp"):
                sj.outcome = "Hang"
            if sj.phase == "ignored":
                sj.phase = "new"
            if sj.phase == "stuck":
                unscheduled = any(not p["spec"].get("nodeName") for p in self._all_pods(sj, txn))
                sj.phase = "created" if unscheduled else "scheduled"
            if sj.phase == "suspended":
                job["spec"].setdefault("runPolicy", {})["suspend"] = False
                job["metadata"]["generation"] = job["metadata"].get("generation", 1) + 1
                sj.generation = job["metadata"]["generation"]
                self._resume(sj, job, now, txn)
            for _ in range(10):
                if sj.phase in ("running",) + STEADY:
                    break
                getattr(self, "ph_" + sj.phase)(sj, txn.get(MPIJOBS.key, ns, name), now, txn)
            if to != "Running" and sj.phase not in ("done", "gone"):
                job = txn.get(MPIJOBS.key, ns, name)
                if not (job.get("status") or {}).get("conditions"):
                    set_condition(job.setdefault("status", {}), "Created", "True", "MPIJobCreated",
                                  "MPIJob %s/%s is created." % (ns, name), now)
                self.finish(sj, job, now, txn, ok=(to == "Succeeded"))
            txn.flush()
            return st.get(MPIJOBS.key, ns, name).rv
