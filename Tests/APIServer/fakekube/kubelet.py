"""What the scheduler and kubelet do to a controller's pods, shared by every simulated operator (mpi-operator,
training-operator, Trainer): scheduling (or refusing to), pulling images (or failing to), starting containers with
their log sources, terminating them, and deleting pods gracefully. Each step writes the pod status and the events a
real node writes, so `describe` and diagnosis read the same evidence whichever operator made the pod.
"""

from . import logs as L
from . import pods as P
from . import podstatus as PS
from .resources import PODS

POD_API = "v1"


def event(app, txn, obj, api, kind, etype, reason, message, component, now, host=None, field_path=None):
    return app.events.record(txn, obj, api, kind, etype, reason, message, component, now, host, field_path)


def _pod_event(app, txn, pod, etype, reason, message, component, now, field_path=None):
    node = pod["spec"].get("nodeName", "") if component == "kubelet" else None
    return event(app, txn, pod, POD_API, "Pod", etype, reason, message, component, now, node or None, field_path)


def _field(container):
    return "spec.containers{%s}" % container["name"]


def schedule(app, txn, pods, now):
    """The scheduler binds each pod to a node (round robin over the simulated nodes); the kubelet starts pulling."""
    for i, p in enumerate(pods):
        node = P.NODES[i % len(P.NODES)]
        PS.set_scheduled(p, now, node)
        _pod_event(app, txn, p, "Normal", "Scheduled", "Successfully assigned %s/%s to %s"
                   % (p["metadata"]["namespace"], p["metadata"]["name"], node), "default-scheduler", now)
        for c in p["spec"]["containers"]:
            _pod_event(app, txn, p, "Normal", "Pulling", 'Pulling image "%s"' % c.get("image", ""), "kubelet", now,
                       _field(c))
        txn.put(PODS.key, p)


def unschedulable(app, txn, pods, now):
    """The scheduler finds no node: GPUs when any pod asks for them, else CPU."""
    res = "nvidia.com/gpu"
    if not any("nvidia.com/gpu" in (c.get("resources", {}).get("limits") or {})
               for p in pods for c in p["spec"]["containers"]):
        res = "cpu"
    msg = ("0/3 nodes are available: 3 Insufficient %s. preemption: 0/3 nodes are available: 3 No preemption "
           "victims found for incoming pod." % res)
    for p in pods:
        PS.set_unschedulable(p, now, msg)
        txn.put(PODS.key, p)
        _pod_event(app, txn, p, "Warning", "FailedScheduling", msg, "default-scheduler", now)


def pull_failed(app, txn, pods, now):
    """ErrImagePull: the registry refuses the image (what a typo or a private registry looks like)."""
    for p in pods:
        for c in p["spec"]["containers"]:
            img = c.get("image", "")
            full = P.full_image(img)
            _pod_event(app, txn, p, "Warning", "Failed",
                       'Failed to pull image "%s": failed to pull and unpack image "%s": failed to resolve '
                       'reference "%s": pull access denied, repository does not exist or may require '
                       'authorization: server message: insufficient_scope: authorization failed'
                       % (img, full, full), "kubelet", now, _field(c))
            _pod_event(app, txn, p, "Warning", "Failed", "Error: ErrImagePull", "kubelet", now, _field(c))
            PS.set_waiting(p, now, c["name"], "ErrImagePull",
                           'failed to pull and unpack image "%s": failed to resolve reference "%s": pull '
                           'access denied, repository does not exist or may require authorization' % (full, full))
        txn.put(PODS.key, p)


def pull_backoff(app, txn, pods, now):
    """After ErrImagePull the kubelet backs off: ImagePullBackOff, for good."""
    for p in pods:
        for c in p["spec"]["containers"]:
            img = c.get("image", "")
            PS.set_waiting(p, now, c["name"], "ImagePullBackOff", 'Back-off pulling image "%s"' % img)
            _pod_event(app, txn, p, "Normal", "BackOff", 'Back-off pulling image "%s"' % img, "kubelet", now,
                       _field(c))
            _pod_event(app, txn, p, "Warning", "Failed", "Error: ImagePullBackOff", "kubelet", now, _field(c))
        txn.put(PODS.key, p)


def start_containers(app, txn, pod, now, info, log_kind, rate, total, pulled=True):
    """Start every container of a scheduled pod. The first container logs as `log_kind` (`total` lines, None for
    unbounded) from `info`; sidecars log generic lines."""
    for c in pod["spec"]["containers"]:
        cname = c["name"]
        if pulled:
            _pod_event(app, txn, pod, "Normal", "Pulled",
                       'Successfully pulled image "%s" in 812ms (812ms including waiting). Image size: '
                       '104857600 bytes.' % c.get("image", ""), "kubelet", now, _field(c))
        else:
            _pod_event(app, txn, pod, "Normal", "Pulled",
                       'Container image "%s" already present on machine' % c.get("image", ""), "kubelet", now,
                       _field(c))
        _pod_event(app, txn, pod, "Normal", "Created", "Created container %s" % cname, "kubelet", now, _field(c))
        _pod_event(app, txn, pod, "Normal", "Started", "Started container %s" % cname, "kubelet", now, _field(c))
        PS.set_running(pod, now, cname)
        first = c is pod["spec"]["containers"][0]
        src = L.LogSource(log_kind if first else "generic", int(now * 1e9), rate,
                          total if first or total is not None else 0, dict(info, container=cname))
        app.logs.start(pod["metadata"]["uid"], cname, src)
    txn.put(PODS.key, pod)


def terminate_containers(app, txn, pod, now, code, reason, footer, restart=False):
    """End every container: the first with `code`/`reason` and `footer` (lines, or a function of the log source),
    sidecars with 0/Completed. `restart`: the kubelet restarts the first container in place (OnFailure)."""
    for c in pod["spec"]["containers"]:
        first = c is pod["spec"]["containers"][0]
        src = app.logs.current(pod["metadata"]["uid"], c["name"])
        if src is not None:
            src.terminate(int(now * 1e9), footer if first else [])
        PS.set_terminated(pod, now, c["name"], code if first else 0, reason if first else "Completed", restart)
    txn.put(PODS.key, pod)


def delete_pod(app, txn, pod, now, immediate=False, reason_event=True):
    """Delete a pod as a controller does: the kubelet says it is killing running containers, then the API server's
    graceful deletion runs (immediately when replaying a seeded past)."""
    if reason_event and pod["spec"].get("nodeName") and pod["status"].get("phase") == "Running":
        for c in pod["spec"]["containers"]:
            _pod_event(app, txn, pod, "Normal", "Killing", "Stopping container %s" % c["name"], "kubelet", now,
                       _field(c))
    app.gc.graceful_delete(txn, PODS, pod, now, immediate=immediate)
