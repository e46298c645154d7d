"""The Job controller and kubelet's side of a failing launcher (what mpi-operator leaves to batch/v1 Jobs).

restartPolicy OnFailure (the operator's default): the container restarts in place, in CrashLoopBackOff between
runs (restartCount rising, the pod still active, the Job's `failed` count untouched); when the runs exceed the
backoff limit the Job fails and deletes its active pods, so the pod and its log are gone.
restartPolicy Never: each failed run leaves its pod Failed (kept) and the Job makes a new pod; the Job's
`failed` count rises (the MPIJob's Launcher.failed, which the CLI shows as Restarting); when the runs exceed the
backoff limit the last pod stays Failed and nothing is deleted.
"""

from . import logs as L
from . import pods as P
from . import podstatus as PS
from .resources import JOBS, PODS


def run_failed(op, sj, job, now, txn):
    """The current launcher run exited 1: restart, replace, or (past the backoff limit) fail the job."""
    if sj.attempt >= sj.launcher_runs:
        op.finish(sj, job, now, txn, ok=False)
        return
    for p in op._pods(sj, txn, "launcher"):
        if p["status"].get("phase") != "Running":
            continue
        c0 = p["spec"]["containers"][0]["name"]
        node = p["spec"].get("nodeName", "")
        if (p["spec"].get("restartPolicy") or "Always") == "OnFailure":
            op._terminate_container(p, txn, now, 1, "Error", L.footer_failure)
            PS.set_crashloop(p, now, c0)
            txn.put(PODS.key, p)
            op._event(txn, p, "Pod", "Warning", "BackOff", "Back-off restarting failed container %s in pod %s_%s(%s)"
                      % (c0, p["metadata"]["name"], sj.ns, p["metadata"]["uid"]), "kubelet", now, node,
                      "spec.containers{%s}" % c0)
            sj.phase = "crashloop"
        else:
            op._terminate_container(p, txn, now, 1, "Error", L.footer_failure)
            ljob = txn.get(JOBS.key, sj.ns, sj.name + "-launcher")
            if ljob is not None:
                ljob["status"]["failed"] = ljob["status"].get("failed", 0) + 1
                ljob["status"]["active"] = max(0, ljob["status"].get("active", 1) - 1)
                txn.put(JOBS.key, ljob)
            sj.phase = "relaunch"
    sj.attempt += 1
    sj.next_at = now + sj.crash_backoff
    op._save_status(sj, job, txn, now)


def next_run_at(sj, now):
    """When the run that starts now fails."""
    return now + max(sj.gap, 0.5 * sj.duration)


def restart_in_place(op, sj, job, now, txn):
    """CrashLoopBackOff is over: the kubelet starts the container again in the same pod."""
    for p in op._pods(sj, txn, "launcher"):
        op._start_container(sj, job, p, txn, now, "launcher", pulled=False)
    sj.phase = "running"
    sj.fail_at = next_run_at(sj, now)
    op._save_status(sj, job, txn, now)
    op._schedule_running(sj)


def replace_pod(op, sj, job, now, txn):
    """The Job controller's next pod for a Never launcher."""
    pod = op._new_launcher_pod(sj, job, now, txn)
    if pod is not None:
        node = P.NODES[0]
        PS.set_scheduled(pod, now, node)
        op._event(txn, pod, "Pod", "Normal", "Scheduled", "Successfully assigned %s/%s to %s"
                  % (sj.ns, pod["metadata"]["name"], node), "default-scheduler", now)
        op._start_container(sj, job, pod, txn, now, "launcher", pulled=False)
    sj.phase = "running"
    sj.fail_at = next_run_at(sj, now)
    op._save_status(sj, job, txn, now)
    op._schedule_running(sj)
