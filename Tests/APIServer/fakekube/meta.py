"""ObjectMeta helpers: Go field order, managedFields entries, owner references."""

from .util import order, rfc3339, sorted_map

META_ORDER = ["name", "generateName", "namespace", "selfLink", "uid", "resourceVersion", "generation",
              "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "labels", "annotations",
              "ownerReferences", "finalizers", "managedFields"]
MF_ORDER = ["manager", "operation", "apiVersion", "time", "fieldsType", "fieldsV1", "subresource"]
OWNER_ORDER = ["apiVersion", "kind", "name", "uid", "controller", "blockOwnerDeletion"]


def go_meta(meta):
    """ObjectMeta in Go struct order (for built-in objects and PartialObjectMetadata)."""
    m = order(meta, META_ORDER)
    if "labels" in m:
        m["labels"] = sorted_map(m["labels"])
    if "annotations" in m:
        m["annotations"] = sorted_map(m["annotations"])
    if "managedFields" in m:
        m["managedFields"] = [order(x, MF_ORDER) for x in m["managedFields"]]
    if "ownerReferences" in m:
        m["ownerReferences"] = [order(x, OWNER_ORDER) for x in m["ownerReferences"]]
    return m


def manager_from_user_agent(ua):
    if not ua:
        return "unknown"
    return ua.split("/")[0] or "unknown"


def mf_entry(manager, operation, api_version, fields, ts, subresource=None):
    e = {"manager": manager, "operation": operation, "apiVersion": api_version, "time": rfc3339(ts),
         "fieldsType": "FieldsV1", "fieldsV1": fields}
    if subresource:
        e["subresource"] = subresource
    return e


def set_managed(meta, entry):
    """Replace the entry of the same manager/operation/subresource, or append it."""
    mfs = list(meta.get("managedFields") or [])
    key = (entry["manager"], entry["operation"], entry.get("subresource"))
    for i, e in enumerate(mfs):
        if (e.get("manager"), e.get("operation"), e.get("subresource")) == key:
            mfs[i] = entry
            break
    else:
        mfs.append(entry)
    meta["managedFields"] = mfs


def owner_ref(api_version, kind, name, uid, controller=True, block=True):
    return {"apiVersion": api_version, "kind": kind, "name": name, "uid": uid, "controller": controller,
            "blockOwnerDeletion": block}


def simple_fields(obj, skip=("metadata",)):
    """FieldsV1 for a plain object (lists of dicts keyed by name/type when they have one)."""
    def member(v):
        if isinstance(v, dict):
            if not v:
                return {}
            d = {".": {}}
            for k in sorted(v):
                d["f:" + k] = member(v[k])
            return d
        if isinstance(v, list) and v and isinstance(v[0], dict):
            key = next((k for k in ("name", "type", "mountPath", "ip", "containerPort") if k in v[0]), None)
            if key:
                d = {".": {}}
                for x in v:
                    import json
                    d["k:" + json.dumps({key: x.get(key)}, separators=(",", ":"))] = member(
                        {k: x[k] for k in x}) if isinstance(x, dict) else {}
                return d
        return {}
    out = {}
    for k in sorted(obj):
        if k in skip:
            continue
        out["f:" + k] = member(obj[k])
        if out["f:" + k] == {".": {}}:
            out["f:" + k] = {}
    return out
