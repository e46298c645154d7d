"""Pod status changes as the scheduler and kubelet make them (conditions, container states, phase)."""

import itertools

from .pods import NODES, SPEC_ORDER, image_id
from .util import hex_digest, order, rfc3339

CS_ORDER = ["name", "state", "lastState", "ready", "restartCount", "image", "imageID", "containerID", "started"]
STATUS_ORDER = ["phase", "conditions", "message", "reason", "nominatedNodeName", "hostIP", "hostIPs", "podIP",
                "podIPs", "startTime", "initContainerStatuses", "containerStatuses", "qosClass"]
_ip = itertools.count(10)


def _cond(ctype, status, ts, reason=None, message=None):
    c = {"type": ctype, "status": status, "lastProbeTime": None, "lastTransitionTime": rfc3339(ts)}
    if reason:
        c["reason"] = reason
    if message:
        c["message"] = message
    return c


def _conds(pod):
    return {c["type"]: c for c in pod["status"].get("conditions") or []}


def _set_conds(pod, ts, values):
    """values: {type: (status, reason, message)}; keeps lastTransitionTime when status is unchanged."""
    old = _conds(pod)
    out = []
    for t in ("PodReadyToStartContainers", "Initialized", "Ready", "ContainersReady", "PodScheduled"):
        if t in values:
            st, reason, msg = values[t]
            prev = old.get(t)
            cts = ts
            if prev and prev["status"] == st:
                c = _cond(t, st, 0, reason, msg)
                c["lastTransitionTime"] = prev["lastTransitionTime"]
            else:
                c = _cond(t, st, cts, reason, msg)
            out.append(c)
        elif t in old:
            out.append(old[t])
    pod["status"]["conditions"] = out


def _finish_status(pod):
    pod["status"] = order(pod["status"], STATUS_ORDER)


def pod_ip():
    n = next(_ip)
    return "10.244.%d.%d" % (n // 250, n % 250 + 2)


def set_unschedulable(pod, ts, message):
    _set_conds(pod, ts, {"PodScheduled": ("False", "Unschedulable", message)})
    _finish_status(pod)


def set_scheduled(pod, ts, node):
    pod["spec"]["nodeName"] = node
    pod["spec"] = order(pod["spec"], SPEC_ORDER)
    names = [c["name"] for c in pod["spec"]["containers"]]
    unready = "containers with unready status: [%s]" % " ".join(names)
    _set_conds(pod, ts, {"PodReadyToStartContainers": ("False", None, None), "Initialized": ("True", None, None),
                         "Ready": ("False", "ContainersNotReady", unready),
                         "ContainersReady": ("False", "ContainersNotReady", unready),
                         "PodScheduled": ("True", None, None)})
    st = pod["status"]
    st["hostIP"] = "10.89.0.%d" % (NODES.index(node) + 11 if node in NODES else 10)
    st["hostIPs"] = [{"ip": st["hostIP"]}]
    st["startTime"] = rfc3339(ts)
    st["containerStatuses"] = [
        {"name": c["name"], "state": {"waiting": {"reason": "ContainerCreating"}}, "lastState": {}, "ready": False,
         "restartCount": 0, "image": c.get("image", ""), "imageID": "", "started": False}
        for c in pod["spec"]["containers"]]
    _finish_status(pod)


def _ip_assign(pod, ts):
    st = pod["status"]
    if "podIP" not in st:
        st["podIP"] = pod_ip()
        st["podIPs"] = [{"ip": st["podIP"]}]


def container_id(pod, cname, restart):
    return "containerd://" + hex_digest("%s/%s/%d" % (pod["metadata"]["uid"], cname, restart))


def set_waiting(pod, ts, cname, reason, message=None):
    _ip_assign(pod, ts)
    _set_conds(pod, ts, {"PodReadyToStartContainers": ("True", None, None)})
    for cs in pod["status"]["containerStatuses"]:
        if cs["name"] == cname:
            w = {"reason": reason}
            if message:
                w["message"] = message
            cs["state"] = {"waiting": w}
            cs["ready"] = False
            cs["started"] = False
    _finish_status(pod)


def set_running(pod, ts, cname):
    _ip_assign(pod, ts)
    for cs in pod["status"]["containerStatuses"]:
        if cs["name"] == cname:
            cs["state"] = {"running": {"startedAt": rfc3339(ts)}}
            cs["ready"] = True
            cs["imageID"] = image_id(cs["image"])
            cs["containerID"] = container_id(pod, cname, cs["restartCount"])
            cs["started"] = True
            ordered = order(cs, CS_ORDER)
            cs.clear()
            cs.update(ordered)
    _recompute_phase(pod, ts)


def set_terminated(pod, ts, cname, exit_code, reason, restart=False):
    """Terminate a container. With restart=True it is restarted (restartCount+1, lastState kept)."""
    for cs in pod["status"]["containerStatuses"]:
        if cs["name"] != cname:
            continue
        started = (cs["state"].get("running") or {}).get("startedAt", rfc3339(ts))
        term = {"exitCode": exit_code, "reason": reason, "startedAt": started, "finishedAt": rfc3339(ts),
                "containerID": cs.get("containerID") or container_id(pod, cname, cs["restartCount"])}
        if restart:
            cs["lastState"] = {"terminated": term}
            cs["restartCount"] += 1
            cs["state"] = {"running": {"startedAt": rfc3339(ts)}}
            cs["containerID"] = container_id(pod, cname, cs["restartCount"])
            cs["ready"] = True
            cs["started"] = True
        else:
            cs["state"] = {"terminated": term}
            cs["ready"] = False
            cs["started"] = False
    _recompute_phase(pod, ts)


def _recompute_phase(pod, ts):
    st = pod["status"]
    css = st.get("containerStatuses") or []
    states = [next(iter(c["state"])) for c in css]
    if states and all(s == "terminated" for s in states):
        codes = [c["state"]["terminated"]["exitCode"] for c in css]
        phase = "Succeeded" if all(x == 0 for x in codes) else "Failed"
        st["phase"] = phase
        why = "PodCompleted" if phase == "Succeeded" else "PodFailed"
        _set_conds(pod, ts, {"PodReadyToStartContainers": ("False", None, None),
                             "Ready": ("False", why, None), "ContainersReady": ("False", why, None)})
    elif any(s == "running" for s in states):
        st["phase"] = "Running"
        if all(c.get("ready") for c in css):
            _set_conds(pod, ts, {"PodReadyToStartContainers": ("True", None, None), "Ready": ("True", None, None),
                                 "ContainersReady": ("True", None, None)})
        else:
            unready = [c["name"] for c in css if not c.get("ready")]
            msg = "containers with unready status: [%s]" % " ".join(unready)
            _set_conds(pod, ts, {"PodReadyToStartContainers": ("True", None, None),
                                 "Ready": ("False", "ContainersNotReady", msg),
                                 "ContainersReady": ("False", "ContainersNotReady", msg)})
    _finish_status(pod)


def set_crashloop(pod, ts, cname):
    """After a crash under restartPolicy OnFailure: the kubelet waits before the next start. The terminated run
    becomes lastState, restartCount counts it, and the pod stays Running (its phase is not terminal)."""
    for cs in pod["status"]["containerStatuses"]:
        if cs["name"] != cname:
            continue
        term = (cs["state"] or {}).get("terminated")
        if term:
            cs["lastState"] = {"terminated": term}
        cs["restartCount"] += 1
        cs["state"] = {"waiting": {"reason": "CrashLoopBackOff",
                                   "message": "back-off 10s restarting failed container=%s pod=%s_%s(%s)"
                                   % (cname, pod["metadata"]["name"], pod["metadata"].get("namespace", ""),
                                      pod["metadata"]["uid"])}}
        cs["ready"] = False
        cs["started"] = False
    st = pod["status"]
    st["phase"] = "Running"
    names = [c["name"] for c in st.get("containerStatuses") or [] if not c.get("ready")]
    msg = "containers with unready status: [%s]" % " ".join(names)
    _set_conds(pod, ts, {"Ready": ("False", "ContainersNotReady", msg),
                         "ContainersReady": ("False", "ContainersNotReady", msg)})
    _finish_status(pod)
