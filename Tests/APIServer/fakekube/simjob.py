"""One simulated job's bookkeeping (SimJob), its annotations, and the operators' setCondition (mpi-operator's;
the training-operator flips only Running to False when a job ends: false_on_finish=("Running",))."""

import math

from .util import rfc3339

OUTCOMES = {"succeeded": "Succeeded", "failed": "Failed", "oomkilled": "OOMKilled",
            "imagepullbackoff": "ImagePullBackOff", "unschedulable": "Unschedulable", "hang": "Hang",
            "restarting": "Restarting", "neverpickedup": "NeverPickedUp", "running": "Succeeded",
            "evicted": "Evicted"}
def _ann(job, key, default=None):
    return ((job["metadata"].get("annotations") or {}).get("sim.odh/" + key)) or default


def _float(v, d):
    try:
        f = float(v)
        return f if math.isfinite(f) and f >= 0 else d
    except (TypeError, ValueError):
        return d


class SimJob:
    def __init__(self, job, now, gap):
        m = job["metadata"]
        self.ns, self.name, self.uid = m["namespace"], m["name"], m["uid"]
        self.phase = "new"
        self.next_at = now + gap
        self.gap = gap
        self.virtual = False
        self.generation = m.get("generation", 1)
        self.read_annotations(job)
        self.attempt = 1
        self.run_start = self.run_end = self.fail_at = self.oom_at = self.deadline_at = None
        self.oom_done = False
        self.finished_at = None
        self.launchers = []
        self.created_at = now
        self.admit_at = None

    def read_annotations(self, job):
        self.outcome = OUTCOMES.get(str(_ann(job, "outcome", "Succeeded")).lower(), "Succeeded")
        self.duration = _float(_ann(job, "duration-seconds"), 3.0)
        self.log_lines = int(_float(_ann(job, "log-lines"), 20))
        rate = _ann(job, "log-rate")
        self.log_rate = _float(rate, 0) if rate else (self.log_lines / self.duration if self.duration > 0 else 1000.0)
        if self.log_rate <= 0:
            self.log_rate = 1.0
        aa = _ann(job, "admit-after-seconds")
        self.admit_after = _float(aa, None) if aa is not None else None
        # A failing launcher runs backoffLimit+1 times before its Job gives up (the Job controller counts an
        # OnFailure container's restarts, and a Never pod's failures). Without a backoffLimit the simulation
        # stops after sim.odh/launcher-failures runs (default 2) rather than the Job default's 7.
        rp = (job.get("spec") or {}).get("runPolicy") or {}
        limit = rp.get("backoffLimit") if isinstance(rp, dict) else None
        if isinstance(limit, int) and not isinstance(limit, bool) and limit >= 0:
            self.launcher_runs = limit + 1
        else:
            self.launcher_runs = max(1, int(_float(_ann(job, "launcher-failures"), 2)))
        self.crash_backoff = _float(_ann(job, "crash-backoff-seconds"), 0.5)


def set_condition(status, ctype, cstatus, reason, message, now, false_on_finish=("Running", "Failed")):
    conds = status.get("conditions") or []
    if any(c["type"] == "Failed" and c["status"] == "True" for c in conds):
        return False
    cur = next((c for c in conds if c["type"] == ctype), None)
    if cur and cur["status"] == cstatus and cur.get("reason") == reason:
        return False
    ts = rfc3339(now)
    new = {"lastTransitionTime": ts, "lastUpdateTime": ts, "message": message, "reason": reason,
           "status": cstatus, "type": ctype}
    if cur and cur["status"] == cstatus:
        new["lastTransitionTime"] = cur["lastTransitionTime"]
    out = []
    for c in conds:
        if c["type"] == ctype:
            continue
        if ctype == "Restarting" and c["type"] == "Running" or ctype == "Running" and c["type"] == "Restarting":
            continue
        if ctype in ("Failed", "Succeeded") and c["type"] in false_on_finish:
            c = dict(c, status="False")
        out.append(c)
    out.append(new)
    status["conditions"] = out
    return True
