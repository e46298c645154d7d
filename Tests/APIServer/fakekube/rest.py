"""Generic REST verbs over the store: get, list, create, update, patch, delete, deletecollection."""

import json

from . import auth
from . import pagination
from . import patch as patchmod
from . import status
from . import strategies
from . import crdtypes
from . import table
from .costmodel import served_from_etcd
from .meta import go_meta
from .request import Response, decode_json, decode_object
from .resources import MPIJOBS, NAMESPACES, QUOTAS
from .selectors import parse_field_selector, parse_label_selector
from .store import TooOld
from .txn import Txn
from .util import dumpb, now as _now


def full_raw(rtype, entry):
    """The object with kind/apiVersion (built-in objects are stored without them, as in lists); a custom
    resource as the version it was asked for."""
    if rtype.custom:
        return crdtypes.stored_raw(rtype, entry)
    raw = entry.cache.get("full")
    if raw is None:
        raw = ('{"kind":"%s","apiVersion":"%s",' % (rtype.kind, rtype.api_version)).encode() + entry.raw[1:]
        entry.cache["full"] = raw
    return raw


def full_obj(rtype, obj):
    if rtype.custom:
        return obj
    out = {"kind": rtype.kind, "apiVersion": rtype.api_version}
    out.update(obj)
    return out


def wants(req):
    """Response representation from the Accept header: 'json', 'table', 'pom' (metadata only)."""
    acc = req.accept
    if not acc:
        return "json"
    for part in acc.split(","):
        p = [x.strip() for x in part.split(";")]
        base = p[0].lower()
        params = dict(x.split("=", 1) for x in p[1:] if "=" in x)
        if base not in ("application/json", "*/*", "application/*"):
            continue
        a = params.get("as")
        if a == "Table" and params.get("g") == "meta.k8s.io":
            return "table"
        if a in ("PartialObjectMetadata", "PartialObjectMetadataList") and params.get("g") == "meta.k8s.io":
            return "pom"
        if a is None:
            return "json"
    raise status.not_acceptable()


def ok(body, code=200, req=None, chunked=None):
    headers = []
    if req is not None:
        for w in req.warnings:
            headers.append(("Warning", '299 - "%s"' % w.replace('"', '\\"')))
    return Response(code, body, headers=headers, chunked=chunked)


def _ns_exists(app, ns):
    return app.store.get(NAMESPACES.key, "", ns) is not None


def _check_ns(app, rtype, ns):
    if rtype.namespaced and ns and not _ns_exists(app, ns):
        raise status.not_found("namespaces", "", ns)


# ---------------------------------------------------------------------- GET one
def get(app, req, rtype, ns, name):
    auth.check(req.user, "get", rtype.group, rtype.plural, None, ns, name)
    mode = wants(req)
    e = app.store.get(rtype.key, ns if rtype.namespaced else "", name)
    if e is None:
        raise status.not_found(rtype.plural, rtype.group, name)
    if mode == "table":
        include = req.q("includeObject", "Metadata")
        resp = ok(table.render(rtype, [e], {"resourceVersion": str(e.rv)}, include), req=req)
    elif mode == "pom":
        resp = ok(dumpb({"kind": "PartialObjectMetadata", "apiVersion": "meta.k8s.io/v1",
                         "metadata": go_meta(e.obj["metadata"])}) + b"\n", req=req)
    else:
        resp = ok(full_raw(rtype, e) + b"\n", req=req)
    if app.cost is not None:
        resp.cost = app.cost.get_cost(e, len(resp.body))
    return resp


# ---------------------------------------------------------------------- LIST
def list_options(req):
    rv = req.q("resourceVersion")
    match = req.q("resourceVersionMatch")
    errs = []
    if match and match not in ("Exact", "NotOlderThan"):
        errs.append(status.cause("FieldValueNotSupported", 'Unsupported value: "%s": supported values: "Exact", '
                                 '"NotOlderThan"' % match, "resourceVersionMatch"))
    if match and not rv and not req.qbool("sendInitialEvents"):
        errs.append(status.cause("FieldValueForbidden", "Forbidden: resourceVersionMatch is forbidden unless "
                                 "resourceVersion is provided", "resourceVersionMatch"))
    if match == "Exact" and rv == "0":
        errs.append(status.cause("FieldValueForbidden", "Forbidden: resourceVersionMatch \"exact\" is forbidden for "
                                 "resourceVersion \"0\"", "resourceVersionMatch"))
    if req.q("continue") and match:
        errs.append(status.cause("FieldValueForbidden", "Forbidden: resourceVersionMatch is forbidden when continue "
                                 "is provided", "resourceVersionMatch"))
    if errs:
        raise status.invalid("ListOptions", "meta.k8s.io", "", errs)
    return rv, match


def _parse_rv(s):
    try:
        v = int(s)
        if v < 0:
            raise ValueError
        return v
    except (TypeError, ValueError):
        raise status.bad_request('invalid resource version: resourceVersion: Invalid value: "%s": '
                                 'strconv.ParseUint: parsing "%s": invalid syntax' % (s, s))


def selectors(req, rtype):
    ls = parse_label_selector(req.q("labelSelector"))
    fs = parse_field_selector(req.q("fieldSelector"), rtype.field_labels)
    return ls, fs


def matcher(rtype, ls, fs):
    if ls.empty() and fs.empty():
        return None

    def m(obj):
        return ls.matches(obj["metadata"].get("labels")) and (fs.empty() or fs.matches(rtype.fields(obj)))
    return m


def list_(app, req, rtype, ns):
    verb = "watch" if req.qbool("watch") else "list"
    auth.check(req.user, verb, rtype.group, rtype.plural, None, ns)
    mode = wants(req)
    ls, fs = selectors(req, rtype)
    rv_s, match = list_options(req)
    if verb == "watch":
        from . import watch
        return watch.start(app, req, rtype, ns, ls, fs, mode)
    st = app.store
    limit = req.qint("limit", 0) or 0
    if limit < 0:
        limit = 0
    cont = req.q("continue")
    from_etcd = served_from_etcd(cont, match, limit, rv_s)
    namespaced_list = bool(ns) or not rtype.namespaced
    with st.lock:
        current = st.rv
        start_after = None
        if cont:
            if rv_s and rv_s != "0":
                raise status.bad_request("specifying resource version is not allowed when using continue")
            tok_rv, start_after = pagination.decode(cont)
            if tok_rv == -1:
                snap_rv = current
            else:
                snap_rv = tok_rv
        elif rv_s and match == "Exact":
            snap_rv = _parse_rv(rv_s)
            if snap_rv > current:
                raise status.too_large_rv(snap_rv, current)
        else:
            snap_rv = current
            if rv_s:
                want = _parse_rv(rv_s)
                if want > current:
                    raise status.too_large_rv(want, current)
                if rv_s == "0":
                    limit = 0
        try:
            entries = st.list_at(rtype.key, ns if rtype.namespaced else None, snap_rv)
        except TooOld:
            if cont:
                tok = pagination.encode(-1, start_after + "\x00" if not start_after.endswith("\x00") else start_after)
                raise status.APIError(410, "Expired", status_inconsistent_continue(), list_meta={"continue": tok})
            raise status.expired("The resourceVersion for the provided list is too old.")
        list_rv = snap_rv
    keyfn = (lambda e: e.name) if namespaced_list else (lambda e: "%s/%s" % (e.ns, e.name))
    if start_after is not None:
        sk = start_after.rstrip("\x00")
        if ns and "/" in sk:
            sk = sk.split("/", 1)[1]
        entries = [e for e in entries if keyfn(e) > sk]
    m = matcher(rtype, ls, fs)
    items = entries if m is None else [e for e in entries if m(e.obj)]
    next_tok, remaining = "", None
    read = entries
    if limit and len(items) > limit:
        last = items[limit - 1]
        items = items[:limit]
        next_tok = pagination.encode(list_rv, keyfn(last) + "\x00")
        if m is None:
            remaining = len(entries) - (entries.index(last) + 1) if len(entries) < 5000 else _remaining(entries, last, keyfn)
        if app.cost is not None:
            read = entries[:entries.index(last) + 1]
    resp = list_response(rtype, req, items, list_rv, next_tok, remaining, mode)
    if app.cost is not None:
        resp.cost = app.cost.list_cost(from_etcd, read, len(resp.body))
    return resp


def _remaining(entries, last, keyfn):
    lk = keyfn(last)
    lo, hi = 0, len(entries)
    while lo < hi:
        mid = (lo + hi) // 2
        if keyfn(entries[mid]) <= lk:
            lo = mid + 1
        else:
            hi = mid
    return len(entries) - lo


def status_inconsistent_continue():
    return ("The provided continue parameter is too old to display a consistent list result. You can start a new "
            "list without the continue parameter, or use the continue token in this response to retrieve the "
            "remainder of the results. Continuing with the provided token results in an inconsistent list - objects "
            "that were created, modified, or deleted between the time the first chunk was returned and now may show "
            "up in the list.")


def list_meta(rtype, rv, cont, remaining):
    if rtype.custom:
        lm = {"continue": cont or ""}
        if remaining is not None:
            lm["remainingItemCount"] = remaining
        lm["resourceVersion"] = str(rv)
        return lm
    lm = {"resourceVersion": str(rv)}
    if cont:
        lm["continue"] = cont
    if remaining is not None:
        lm["remainingItemCount"] = remaining
    return lm


def list_response(rtype, req, items, rv, cont, remaining, mode="json"):
    lm = list_meta(rtype, rv, cont, remaining)
    if mode == "table":
        tm = {"resourceVersion": str(rv)}
        if cont:
            tm["continue"] = cont
        if remaining is not None:
            tm["remainingItemCount"] = remaining
        return ok(table.render(rtype, items, tm, req.q("includeObject", "Metadata")), req=req)
    if mode == "pom":
        body = dumpb({"kind": "PartialObjectMetadataList", "apiVersion": "meta.k8s.io/v1", "metadata": lm,
                      "items": [{"kind": "PartialObjectMetadata", "apiVersion": "meta.k8s.io/v1",
                                 "metadata": go_meta(e.obj["metadata"])} for e in items]}) + b"\n"
        return ok(body, req=req)
    return ok(list_bytes(rtype, [crdtypes.stored_raw(rtype, e) for e in items], lm), req=req)


def list_bytes(rtype, raws, lm):
    joined = b",".join(raws)
    if rtype.custom:
        return b"".join([b'{"apiVersion":"', rtype.api_version.encode(), b'","items":[', joined, b'],"kind":"',
                         rtype.list_kind.encode(), b'","metadata":', dumpb(lm, True), b"}\n"])
    return b"".join([b'{"kind":"', rtype.list_kind.encode(), b'","apiVersion":"', rtype.api_version.encode(),
                     b'","metadata":', dumpb(lm), b',"items":[', joined, b"]}\n"])


# ---------------------------------------------------------------------- CREATE
def create(app, req, rtype, ns, now=None):
    now = now or _now()
    auth.check(req.user, "create", rtype.group, rtype.plural, None, ns)
    obj = decode_object(req, rtype)
    body_ns = obj["metadata"].get("namespace")
    if rtype.namespaced and body_ns and body_ns != ns:
        raise status.bad_request("the namespace of the provided object does not match the namespace sent on the "
                                 "request")
    dry = req.dry_run()
    with app.store.lock:
        _check_ns(app, rtype, ns)
        out = strategies.prepare_create(app, req, rtype, obj, ns, now)
        name = out["metadata"]["name"]
        if rtype.namespaced:
            app.quota.admit(rtype, out, ns, name)
        if app.store.get(rtype.key, ns if rtype.namespaced else "", name) is not None:
            raise status.already_exists(rtype.plural, rtype.group, name)
        if dry:
            return ok(dumpb(full_obj(rtype, out), rtype.custom) + b"\n", 201, req)
        e = app.store.create(rtype.key, crdtypes.to_storage(rtype, out))
        if rtype is QUOTAS or rtype is MPIJOBS:
            txn = Txn(app.store)
            app.quota.refresh(txn, ns, now)
            txn.flush()
        return ok(full_raw(rtype, e) + b"\n", 201, req)


# ---------------------------------------------------------------------- UPDATE (PUT)
def update(app, req, rtype, ns, name, sub=None, now=None):
    now = now or _now()
    auth.check(req.user, "update", rtype.group, rtype.plural, sub, ns, name)
    obj = decode_object(req, rtype)
    if rtype.custom and not obj["metadata"].get("resourceVersion"):
        raise status.invalid(rtype.kind, rtype.group, name, [status.cause(
            "FieldValueInvalid", "Invalid value: 0x0: must be specified for an update", "metadata.resourceVersion")])
    dry = req.dry_run()
    with app.store.lock:
        e = app.store.get(rtype.key, ns if rtype.namespaced else "", name)
        if e is None:
            raise status.not_found(rtype.plural, rtype.group, name)
        return _commit_update(app, req, rtype, e, obj, sub, now, dry)


def _commit_update(app, req, rtype, e, new, sub, now, dry, code=200):
    old = crdtypes.from_storage(rtype, json.loads(e.raw))
    out = strategies.prepare_update(app, req, rtype, old, new, sub, now)
    if rtype.custom and out == old:
        return ok(full_raw(rtype, e) + b"\n", code, req)
    if dry:
        return ok(dumpb(full_obj(rtype, out), rtype.custom) + b"\n", code, req)
    meta = out["metadata"]
    if meta.get("deletionTimestamp") and not meta.get("finalizers"):
        d = app.store.delete(rtype.key, e.ns, e.name)
        return ok(full_raw(rtype, d) + b"\n", code, req)
    ne = app.store.update(rtype.key, crdtypes.to_storage(rtype, out))
    return ok(full_raw(rtype, ne) + b"\n", code, req)


# ---------------------------------------------------------------------- PATCH
PATCH_TYPES_CR = ["application/json-patch+json", "application/merge-patch+json", "application/apply-patch+yaml",
                  "application/apply-patch+cbor"]
PATCH_TYPES = PATCH_TYPES_CR[:2] + ["application/strategic-merge-patch+json"] + PATCH_TYPES_CR[2:]


def patch(app, req, rtype, ns, name, sub=None, now=None):
    now = now or _now()
    auth.check(req.user, "patch", rtype.group, rtype.plural, sub, ns, name)
    ct = req.content_type
    allowed = PATCH_TYPES_CR if rtype.custom else PATCH_TYPES
    if ct not in allowed:
        raise status.unsupported_media_type(ct, allowed)
    dry = req.dry_run()
    if ct == "application/apply-patch+yaml":
        if not req.q("fieldManager"):
            raise status.bad_request("PatchOptions.meta.k8s.io \"\" is invalid: fieldManager: Required value: is "
                                     "required for apply patch")
        patch_doc = decode_object(req, rtype)
    elif ct == "application/json-patch+json":
        patch_doc = decode_json(req, "patch")
    else:
        patch_doc = decode_json(req, "patch")
        if not isinstance(patch_doc, dict):
            raise status.bad_request("couldn't decode patch: json: cannot unmarshal %s into Go value of type "
                                     "map[string]interface {}" % type(patch_doc).__name__)
    with app.store.lock:
        e = app.store.get(rtype.key, ns if rtype.namespaced else "", name)
        if e is None:
            if ct == "application/apply-patch+yaml":
                _check_ns(app, rtype, ns)
                req.body = json.dumps(patch_doc).encode()
                req.headers = _HeaderOverride(req.headers, {"Content-Type": "application/json"})
                return create(app, req, rtype, ns, now)
            raise status.not_found(rtype.plural, rtype.group, name)
        cur = full_obj(rtype, crdtypes.from_storage(rtype, json.loads(e.raw)))
        try:
            if ct == "application/json-patch+json":
                new = patchmod.json_patch(cur, patch_doc)
            elif ct == "application/strategic-merge-patch+json":
                new = patchmod.strategic_merge(cur, patch_doc)
            else:
                new = patchmod.merge_patch(cur, patch_doc)
        except patchmod.PatchError as pe:
            raise status.APIError(422 if pe.invalid else 400, "Invalid" if pe.invalid else "BadRequest", str(pe))
        if not isinstance(new, dict):
            raise status.bad_request("the patched object is not a JSON object")
        new.setdefault("metadata", {})
        if new.get("apiVersion") != rtype.api_version or new.get("kind") != rtype.kind:
            if new.get("kind") != rtype.kind and rtype.custom:
                raise status.invalid(rtype.kind, rtype.group, name, [status.cause(
                    "FieldValueInvalid", 'Invalid value: "%s": must be %s' % (new.get("kind"), rtype.kind), "kind")])
        req.body = b""
        return _commit_update(app, req, rtype, e, new, sub, now, dry)


class _HeaderOverride:
    def __init__(self, base, over):
        self.base, self.over = base, over

    def get(self, k, d=None):
        for kk, v in self.over.items():
            if kk.lower() == k.lower():
                return v
        return self.base.get(k, d)

    def get_all(self, k, d=None):
        return self.base.get_all(k, d)
