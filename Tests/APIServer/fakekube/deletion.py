"""DELETE and deletecollection: DeleteOptions, preconditions, propagation (Background/Foreground/Orphan)."""

import json

from . import auth
from . import status
from .request import decode_json
from .resources import JOBS, MPIJOBS, NAMESPACES, PODS
from . import crdtypes
from .rest import full_obj, full_raw, list_bytes, list_meta, matcher, ok, selectors
from .txn import Txn
from .util import dumpb, now as _now, rfc3339

def delete_options(req):
    opts = {}
    if req.body and req.body.strip():
        d = decode_json(req, "DeleteOptions")
        if isinstance(d, dict):
            opts.update(d)
    pp = req.q("propagationPolicy")
    if pp:
        opts["propagationPolicy"] = pp
    gp = req.q("gracePeriodSeconds")
    if gp is not None:
        opts["gracePeriodSeconds"] = req.qint("gracePeriodSeconds")
    if req.query.get("dryRun"):
        opts["dryRun"] = req.query["dryRun"]
    if "orphanDependents" in opts and "propagationPolicy" not in opts:
        opts["propagationPolicy"] = "Orphan" if opts["orphanDependents"] else "Background"
    p = opts.get("propagationPolicy")
    if p is not None and p not in ("Orphan", "Background", "Foreground"):
        raise status.invalid("DeleteOptions", "meta.k8s.io", "", [status.cause(
            "FieldValueNotSupported", 'Unsupported value: "%s": supported values: "Foreground", "Background", '
            '"Orphan"' % p, "propagationPolicy")])
    for v in opts.get("dryRun") or []:
        if v != "All":
            raise status.bad_request('dryRun: Unsupported value: "%s": supported values: "All"' % v)
    return opts


def delete(app, req, rtype, ns, name, now=None):
    now = now or _now()
    auth.check(req.user, "delete", rtype.group, rtype.plural, None, ns, name)
    opts = delete_options(req)
    with app.store.lock:
        e = app.store.get(rtype.key, ns if rtype.namespaced else "", name)
        if e is None:
            raise status.not_found(rtype.plural, rtype.group, name)
        body, code = delete_entry(app, rtype, e, opts, now)
        return ok(body, code, req)


def delete_entry(app, rtype, e, opts, now):
    """Delete one object per DeleteOptions; returns (body bytes, status code)."""
    st = app.store
    meta = e.obj["metadata"]
    pre = opts.get("preconditions") or {}
    if pre.get("uid") and pre["uid"] != meta.get("uid"):
        raise status.conflict(rtype.plural, rtype.group, e.name, "Precondition failed: UID in precondition: %s, UID "
                              "in object meta: %s" % (pre["uid"], meta.get("uid")))
    if pre.get("resourceVersion") and pre["resourceVersion"] != meta.get("resourceVersion"):
        raise status.conflict(rtype.plural, rtype.group, e.name, "Precondition failed: ResourceVersion in "
                              "precondition: %s, ResourceVersion in object meta: %s"
                              % (pre["resourceVersion"], meta.get("resourceVersion")))
    dry = bool(opts.get("dryRun"))
    default = "Orphan" if rtype is JOBS else "Background"
    policy = opts.get("propagationPolicy") or default
    details = {"name": e.name}
    if rtype.group:
        details["group"] = rtype.group
    details["kind"] = rtype.plural
    details["uid"] = meta.get("uid")
    success = dumpb({"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Success",
                     "details": details}) + b"\n"
    if rtype is PODS:
        obj = json.loads(e.raw)
        grace = opts.get("gracePeriodSeconds")
        if dry:
            return full_raw(rtype, e) + b"\n", 200
        txn = Txn(st)
        kept = app.gc.graceful_delete(txn, PODS, obj, now, grace=grace)
        txn.flush()
        if kept is None:
            return full_raw(rtype, e) + b"\n", 200
        return full_raw(rtype, st.get(PODS.key, e.ns, e.name)) + b"\n", 200
    if rtype is NAMESPACES:
        if dry:
            return full_raw(rtype, e) + b"\n", 200
        obj = json.loads(e.raw)
        obj["metadata"]["deletionTimestamp"] = rfc3339(now)
        obj["status"] = {"phase": "Terminating"}
        ne = st.update(rtype.key, obj)
        app.delete_namespace_contents(e.name)
        return full_raw(rtype, ne) + b"\n", 200
    if meta.get("deletionTimestamp"):
        return full_raw(rtype, e) + b"\n", 200
    if policy in ("Foreground", "Orphan") and rtype.key in app.gc.owner_types:
        obj = json.loads(e.raw)
        m = obj["metadata"]
        m["deletionTimestamp"] = rfc3339(now)
        m["deletionGracePeriodSeconds"] = 0
        m["finalizers"] = list(m.get("finalizers") or []) + ["foregroundDeletion" if policy == "Foreground" else "orphan"]
        m["generation"] = m.get("generation", 1) + 1
        if dry:
            return dumpb(full_obj(rtype, obj), rtype.custom) + b"\n", 200
        ne = st.update(rtype.key, obj)
        return full_raw(rtype, ne) + b"\n", 200
    if meta.get("finalizers"):
        obj = json.loads(e.raw)
        obj["metadata"]["deletionTimestamp"] = rfc3339(now)
        obj["metadata"]["deletionGracePeriodSeconds"] = 0
        if rtype.custom or rtype is JOBS:
            obj["metadata"]["generation"] = obj["metadata"].get("generation", 1) + 1
        if dry:
            return dumpb(full_obj(rtype, obj), rtype.custom) + b"\n", 200
        ne = st.update(rtype.key, obj)
        return full_raw(rtype, ne) + b"\n", 200
    if dry:
        return (success if rtype.custom else full_raw(rtype, e) + b"\n"), 200
    d = st.delete(rtype.key, e.ns, e.name)
    if rtype is MPIJOBS:
        txn = Txn(st)
        app.quota.refresh(txn, e.ns, now)
        txn.flush()
    if rtype.custom:
        return success, 200
    return full_raw(rtype, d) + b"\n", 200


def deletecollection(app, req, rtype, ns, now=None):
    now = now or _now()
    auth.check(req.user, "deletecollection", rtype.group, rtype.plural, None, ns)
    if "deletecollection" not in rtype.verbs:
        raise status.method_not_allowed()
    ls, fs = selectors(req, rtype)
    opts = delete_options(req)
    m = matcher(rtype, ls, fs)
    deleted = []
    with app.store.lock:
        for e in app.store.list(rtype.key, ns if rtype.namespaced else None):
            if m is not None and not m(e.obj):
                continue
            delete_entry(app, rtype, e, opts, now)
            deleted.append(e)
        rv = app.store.rv
    raws = [crdtypes.stored_raw(rtype, e) for e in deleted]
    return ok(list_bytes(rtype, raws, list_meta(rtype, rv, "", None)), req=req)
