"""GET /api/v1/namespaces/NS/pods/NAME/log with the kubelet's options and error texts."""

import time

from . import auth
from . import status
from .request import Response
from .resources import PODS
from .util import parse_rfc3339

MAX_FOLLOW_SECONDS = 6 * 3600  # bound every stream; clients re-follow from their last timestamp


def _resolve_container(pod, container):
    cs = [c["name"] for c in pod["spec"].get("containers") or []]
    if not container:
        if len(cs) == 1:
            return cs[0]
        if not cs:
            raise status.bad_request("a container name must be specified for pod %s" % pod["metadata"]["name"])
        names = cs + [c["name"] for c in pod["spec"].get("initContainers") or []]
        raise status.bad_request("a container name must be specified for pod %s, choose one of: [%s]"
                                 % (pod["metadata"]["name"], " ".join(names)))
    allc = cs + [c["name"] for c in pod["spec"].get("initContainers") or []] + \
        [c["name"] for c in pod["spec"].get("ephemeralContainers") or []]
    if container not in allc:
        raise status.bad_request("container %s is not valid for pod %s" % (container, pod["metadata"]["name"]))
    return container


def _kubelet_check(pod, cname, previous):
    """kubelet validateContainerLogStatus: returns None when logs can be read."""
    pname = pod["metadata"]["name"]
    cs = None
    for x in (pod.get("status") or {}).get("containerStatuses") or []:
        if x["name"] == cname:
            cs = x
    if cs is None:
        raise status.bad_request('container "%s" in pod "%s" is not available' % (cname, pname))
    state = cs.get("state") or {}
    last = (cs.get("lastState") or {}).get("terminated")
    if previous:
        if not last or not last.get("containerID"):
            raise status.bad_request('previous terminated container "%s" in pod "%s" not found' % (cname, pname))
        return "previous"
    if "running" in state:
        return "current"
    if "terminated" in state:
        if not state["terminated"].get("containerID"):
            if last and last.get("containerID"):
                return "previous"
            raise status.bad_request('container "%s" in pod "%s" is terminated' % (cname, pname))
        return "current"
    if last:
        return "previous"
    w = state.get("waiting") or {}
    reason = w.get("reason", "")
    if reason == "ErrImagePull":
        raise status.bad_request('container "%s" in pod "%s" is waiting to start: image can\'t be pulled'
                                 % (cname, pname))
    if reason == "ImagePullBackOff":
        raise status.bad_request('container "%s" in pod "%s" is waiting to start: trying and failing to pull image'
                                 % (cname, pname))
    if w:
        raise status.bad_request('container "%s" in pod "%s" is waiting to start: %s' % (cname, pname, reason))
    raise status.bad_request('container "%s" in pod "%s" is waiting to start - no logs yet' % (cname, pname))


def _options(req, name):
    errs = []
    tail = req.qint("tailLines")
    limit = req.qint("limitBytes")
    since_s = req.qint("sinceSeconds")
    since_t = req.q("sinceTime")
    if tail is not None and tail < 0:
        errs.append(status.cause("FieldValueInvalid", "Invalid value: %d: must be greater than or equal to 0" % tail,
                                 "tailLines"))
    if limit is not None and limit < 1:
        errs.append(status.cause("FieldValueInvalid", "Invalid value: %d: must be greater than 0" % limit,
                                 "limitBytes"))
    if since_s is not None and since_t:
        errs.append(status.cause("FieldValueForbidden", "Forbidden: at most one of `sinceTime` or `sinceSeconds` "
                                 "may be specified", ""))
    if since_s is not None and since_s < 1:
        errs.append(status.cause("FieldValueInvalid", "Invalid value: %d: must be greater than 0" % since_s,
                                 "sinceSeconds"))
    since_ns = None
    if since_t:
        try:
            since_ns = parse_rfc3339(since_t)
        except (ValueError, IndexError):
            raise status.bad_request('parsing time "%s" as "2006-01-02T15:04:05Z07:00": cannot parse "%s" as '
                                     '"2006"' % (since_t, since_t))
    if errs:
        raise status.invalid("PodLogOptions", "", name, errs)
    if since_s is not None:
        since_ns = time.time_ns() - since_s * 1_000_000_000
    return tail, limit, since_ns


class Follower:
    def __init__(self):
        self.dropped = False

    def drop(self):
        self.dropped = True


def get_log(app, req, ns, name):
    auth.check(req.user, "get", "", "pods", "log", ns, name)
    e = app.store.get(PODS.key, ns, name)
    if e is None:
        raise status.APIError(404, "NotFound", 'pods "%s" not found' % name, {"name": name, "kind": "pods"})
    pod = e.obj
    cname = _resolve_container(pod, req.q("container"))
    tail, limit, since_ns = _options(req, name)
    follow = req.qbool("follow")
    timestamps = req.qbool("timestamps")
    previous = req.qbool("previous")
    if not pod["spec"].get("nodeName"):
        return Response(200, b"", ctype="text/plain", chunked=True)
    which = _kubelet_check(pod, cname, previous)
    uid = pod["metadata"]["uid"]
    src = app.logs.previous(uid, cname) if which == "previous" else app.logs.current(uid, cname)
    if src is None:
        return Response(200, b"", ctype="text/plain", chunked=True)
    if which == "previous":
        follow = False

    def stream(out):
        now = time.time_ns()
        n = src.count(now)
        pos = 0
        if since_ns is not None:
            pos = src.first_at_or_after(since_ns, n)
        if tail is not None:
            pos = max(pos, n - tail)
        budget = limit
        deadline = time.time() + MAX_FOLLOW_SECONDS
        follower = Follower()
        if follow:
            app.logs.add_follower(follower)
        try:
            while True:
                while pos < n:
                    end = min(n, pos + 2000)
                    data = src.render(pos, end, timestamps).encode("utf-8")
                    if budget is not None:
                        if len(data) >= budget:
                            out.write(data[:budget])
                            return
                        budget -= len(data)
                    out.write(data)
                    pos = end
                if not follow or src.terminated() and pos >= src.count(time.time_ns()) or time.time() > deadline:
                    return
                if follower.dropped or app.stopping.is_set():
                    out.abort()
                    return
                wait = 0.05
                if src.rate < 50:
                    wait = min(0.25, max(0.02, 0.5 / src.rate))
                src.done.wait(wait)
                now = time.time_ns()
                n = src.count(now)
                if n <= pos and not src.terminated():
                    if app.store.get(PODS.key, ns, name) is None:
                        return
        finally:
            if follow:
                app.logs.remove_follower(follower)

    return Response(200, ctype="text/plain", stream=stream, chunked=True)
