"""Kueue's visibility API (`visibility.kueue.x-k8s.io`, an aggregated API server in a real install): the pending
Workloads of a LocalQueue or ClusterQueue with their positions, as kubernetes-sigs/kueue v0.19.2
pkg/visibility/storage/pending_workloads_{lq,cq}.go answer it. Served at v1beta2 (preferred) and v1beta1."""

from . import auth
from . import status
from .kueue_model import CQ, LQ
from .request import Response
from .resources import RType
from .txn import Txn
from .util import dumpb

GROUP = "visibility.kueue.x-k8s.io"
VERSIONS = ("v1beta2", "v1beta1")
DEFAULT_LIMIT = 1000
MAX_LIMIT = 4000


def types():
    out = []
    for v in VERSIONS:
        out.append(RType(GROUP, v, "clusterqueues", "clusterqueue", "ClusterQueue", namespaced=False, verbs=[],
                         subresources=[("pendingworkloads", ["get"])]))
        out.append(RType(GROUP, v, "localqueues", "localqueue", "LocalQueue", namespaced=True, verbs=[],
                         subresources=[("pendingworkloads", ["get"])]))
    return out


def _int(req, key, default):
    raw = req.q(key)
    if raw is None:
        return default
    try:
        return int(raw)
    except ValueError:
        raise status.bad_request('%s: Invalid value: "%s": strconv.ParseInt: parsing "%s": invalid syntax'
                                 % (key, raw, raw))


def _item(wl, position_lq, position_cq):
    m = wl["metadata"]
    refs = [{k: r[k] for k in ("apiVersion", "kind", "name", "uid") if k in r} for r in m.get("ownerReferences") or []]
    meta = {"name": m["name"], "namespace": m["namespace"], "creationTimestamp": m["creationTimestamp"]}
    if refs:
        meta["ownerReferences"] = refs
    return {"metadata": meta, "priority": wl["spec"].get("priority") or 0,
            "localQueueName": wl["spec"].get("queueName", ""), "positionInClusterQueue": position_cq,
            "positionInLocalQueue": position_lq}


def handle(app, req, rtype, ns, name, sub):
    if name is None or sub is None:
        # Only the subresource has storage that answers (pkg/visibility/storage: LqREST/CqREST get nothing).
        raise status.method_not_allowed()
    if req.method != "GET":
        raise status.method_not_allowed()
    auth.check(req.user, "get", GROUP, rtype.plural, sub, ns, name)
    limit = min(max(_int(req, "limit", DEFAULT_LIMIT), 0), MAX_LIMIT)
    offset = max(_int(req, "offset", 0), 0)
    st = app.store
    with st.lock:
        txn = Txn(st)
        if rtype.plural == "localqueues":
            lq = txn.get(LQ, ns, name)
            if lq is None:
                raise status.not_found("localqueue", GROUP, name)
            pending = app.kueue.pending_order(txn, (lq.get("spec") or {}).get("clusterQueue", ""))
            items, skipped = [], 0
            for index, wl in enumerate(pending):
                if len(items) >= limit:
                    break
                if wl["metadata"]["namespace"] == ns and wl["spec"].get("queueName") == name:
                    if skipped < offset:
                        skipped += 1
                    else:
                        items.append(_item(wl, len(items) + offset, index))
        else:
            if txn.get(CQ, "", name) is None:
                raise status.not_found("clusterqueue", GROUP, name)
            pending = app.kueue.pending_order(txn, name)
            items, per_lq = [], {}
            for index, wl in enumerate(pending[:offset + limit]):
                key = (wl["metadata"]["namespace"], wl["spec"].get("queueName"))
                pos = per_lq.get(key, 0)
                per_lq[key] = pos + 1
                if index >= offset:
                    items.append(_item(wl, pos, index))
    body = {"kind": "PendingWorkloadsSummary", "apiVersion": "%s/%s" % (GROUP, rtype.version),
            "metadata": {"creationTimestamp": None}, "items": items}
    return Response(200, dumpb(body) + b"\n")

