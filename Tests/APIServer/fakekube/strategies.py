"""Per-resource create/update rules (what registry strategies and admission do in kube-apiserver)."""

import re

from . import schema
from . import status
from .meta import go_meta, manager_from_user_agent, mf_entry, set_managed, simple_fields
from .resources import JOBS, MPIJOBS, NAMESPACES, QUOTAS
from .selectors import DNS1123_SUB_MSG, is_qualified_name, is_valid_label_value
from .util import new_uid, order, rand_suffix, rfc3339

_DNS1123_SUB = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")
_DNS1123_LABEL = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
DNS1123_LABEL_MSG = ("a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must "
                     "start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for "
                     "validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')")

META_KEEP = ("name", "generateName", "namespace", "labels", "annotations", "ownerReferences", "finalizers")


def _gk(rtype):
    return rtype.kind, rtype.group


def _manager(req):
    return req.q("fieldManager") or manager_from_user_agent(req.user_agent)


def _name_causes(rtype, meta, label_only=False):
    causes = []
    name = meta.get("name")
    if not name:
        causes.append(status.cause("FieldValueRequired", "Required value: name or generateName is required",
                                   "metadata.name"))
        return causes
    if label_only:
        msgs = []
        if len(name) > 63:
            msgs.append("must be no more than 63 characters")
        if not _DNS1123_LABEL.match(name):
            msgs.append(DNS1123_LABEL_MSG)
    else:
        msgs = []
        if len(name) > 253:
            msgs.append("must be no more than 253 characters")
        if not _DNS1123_SUB.match(name):
            msgs.append(DNS1123_SUB_MSG)
    for m in msgs:
        causes.append(status.cause("FieldValueInvalid", 'Invalid value: "%s": %s' % (name, m), "metadata.name"))
    return causes


def _label_causes(meta):
    causes = []
    for k, v in (meta.get("labels") or {}).items():
        for m in is_qualified_name(k):
            causes.append(status.cause("FieldValueInvalid", 'Invalid value: "%s": %s' % (k, m), "metadata.labels"))
        if not isinstance(v, str):
            causes.append(status.cause("FieldValueTypeInvalid", "Invalid value: %s: must be a string"
                                       % schema.go_value(v), "metadata.labels"))
            continue
        for m in is_valid_label_value(v):
            causes.append(status.cause("FieldValueInvalid", 'Invalid value: "%s": %s' % (v, m), "metadata.labels"))
    for k, v in (meta.get("annotations") or {}).items():
        for m in is_qualified_name(k.lower()):
            causes.append(status.cause("FieldValueInvalid", 'Invalid value: "%s": %s' % (k, m),
                                       "metadata.annotations"))
    return causes


def clean_meta(meta, ns):
    out = {k: meta[k] for k in META_KEEP if k in meta and meta[k] not in (None, {}, [])}
    if ns is not None:
        out["namespace"] = ns
    if not out.get("name") and out.get("generateName"):
        out["name"] = out["generateName"] + rand_suffix(5)
    return out


def new_meta(meta, now, rtype):
    meta["uid"] = new_uid()
    meta["creationTimestamp"] = rfc3339(now)
    if rtype.custom or rtype is JOBS:
        meta["generation"] = 1


def _strict(req, pruned):
    """fieldValidation: Strict -> 400; Warn (default) -> Warning headers; Ignore -> nothing."""
    if not pruned:
        return
    mode = (req.q("fieldValidation") or "Warn")
    if mode == "Strict":
        raise status.bad_request("strict decoding error: " + ", ".join('unknown field "%s"' % p for p in pruned))
    if mode == "Warn":
        for p in pruned:
            req.warnings.append('unknown field "%s"' % p)


def prepare_create(app, req, rtype, obj, ns, now):
    meta = clean_meta(obj.get("metadata") or {}, ns if rtype.namespaced else None)
    obj["metadata"] = meta
    causes = _name_causes(rtype, meta, label_only=rtype is NAMESPACES) + _label_causes(meta)
    if rtype.custom:
        obj.pop("status", None)
        if rtype is MPIJOBS:
            labels = meta.get("labels") or {}
            res = schema.process_spec(obj)
            _strict(req, res.pruned)
            if "kueue.x-k8s.io/queue-name" in labels and isinstance(obj.get("spec"), dict):
                rp = obj["spec"].setdefault("runPolicy", {})
                if isinstance(rp, dict):
                    rp["suspend"] = True
            causes += res.causes
        elif rtype.schema is not None:
            res = schema.process_spec(obj, rtype.schema)
            _strict(req, res.pruned)
            causes += res.causes
        if causes:
            kind, group = _gk(rtype)
            raise status.invalid(kind, group, meta.get("name", ""), causes)
        new_meta(meta, now, rtype)
        fields = schema.spec_fields_v1(obj, rtype.schema)
        op = "Apply" if req.content_type == "application/apply-patch+yaml" else "Update"
        meta["managedFields"] = [mf_entry(_manager(req), op, rtype.api_version, fields, now)]
        return {k: obj[k] for k in obj if k != "status"}
    if causes:
        raise status.invalid(rtype.kind, rtype.group, meta.get("name", ""), causes)
    obj.pop("kind", None)
    obj.pop("apiVersion", None)
    new_meta(meta, now, rtype)
    if rtype is NAMESPACES:
        meta.setdefault("labels", {})["kubernetes.io/metadata.name"] = meta["name"]
        obj["spec"] = {"finalizers": ["kubernetes"]}
        obj["status"] = {"phase": "Active"}
    elif rtype is QUOTAS:
        obj.pop("status", None)
    meta["managedFields"] = [mf_entry(_manager(req), "Update", rtype.api_version, simple_fields(obj), now)]
    obj["metadata"] = go_meta(meta)
    return order(obj, ["metadata", "spec", "status"])


def prepare_update(app, req, rtype, old, new, subresource, now):
    """Merge an update into the old object; returns the object to store."""
    om = old["metadata"]
    nm = new.get("metadata") or {}
    if nm.get("name") and nm["name"] != om["name"]:
        raise status.bad_request("the name of the object (%s) does not match the name on the URL (%s)"
                                 % (nm["name"], om["name"]))
    if rtype.namespaced and nm.get("namespace") and nm["namespace"] != om.get("namespace"):
        raise status.bad_request("the namespace of the provided object does not match the namespace sent on the "
                                 "request")
    rv = nm.get("resourceVersion")
    if rv and rv != om.get("resourceVersion"):
        raise status.conflict(rtype.plural, rtype.group, om["name"])
    if subresource == "status":
        out = dict(old)
        out["metadata"] = dict(om)
        if "status" in new:
            out["status"] = new["status"]
        else:
            out.pop("status", None)
        if rtype is MPIJOBS or rtype.schema is not None:
            root = rtype.schema or schema.root_schema()
            res = schema.Result()
            status_schema = (root.get("properties") or {}).get("status")
            if isinstance(out.get("status"), dict) and status_schema:
                out["status"] = schema._walk(out["status"], status_schema, "status", res)
            if res.causes:
                raise status.invalid(rtype.kind, rtype.group, om["name"], res.causes)
            fields = schema.status_fields_v1(out.get("status") or {}, root)
        else:
            fields = {"f:status": simple_fields({"status": out.get("status") or {}}).get("f:status", {})}
        set_managed(out["metadata"], mf_entry(_manager(req), "Update", rtype.api_version, fields, now, "status"))
        return out
    meta = dict(om)
    for k in ("labels", "annotations", "ownerReferences", "finalizers"):
        if nm.get(k):
            meta[k] = nm[k]
        else:
            meta.pop(k, None)
    causes = _label_causes(meta)
    out = {k: v for k, v in new.items() if k not in ("metadata", "status")}
    out["metadata"] = meta
    if "status" in old:
        out["status"] = old["status"]
    if rtype is MPIJOBS or rtype.schema is not None:
        res = schema.process_spec(out, rtype.schema)
        _strict(req, res.pruned)
        causes += res.causes
    if causes:
        raise status.invalid(rtype.kind, rtype.group, om["name"], causes)
    if (rtype.custom or rtype is JOBS) and out.get("spec") != old.get("spec"):
        meta["generation"] = om.get("generation", 1) + 1
    if rtype.custom:
        fields = schema.spec_fields_v1(out, rtype.schema)
        op = "Apply" if req.content_type == "application/apply-patch+yaml" else "Update"
        set_managed(meta, mf_entry(_manager(req), op, rtype.api_version, fields, now))
        return out
    out.pop("kind", None)
    out.pop("apiVersion", None)
    set_managed(meta, mf_entry(_manager(req), "Update", rtype.api_version, simple_fields(out), now))
    out["metadata"] = go_meta(meta)
    return order(out, ["metadata", "spec", "status"])
