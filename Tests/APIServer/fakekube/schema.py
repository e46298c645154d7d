"""Structural-schema handling for the MPIJob CRD: pruning, null removal, defaulting, validation.

The schema (data/mpijob-crd.json) is the CRD as a 1.32 API server served it (golden 50),
with the description texts removed. It comes from kubeflow/mpi-operator v0.8.0
(manifests/base/kubeflow.org_mpijobs.yaml, Apache-2.0).
"""

import json
import os
import re

from .status import cause
from .util import clone

_DATA = os.path.join(os.path.dirname(__file__), "data", "mpijob-crd.json")
_CRD = None


def crd():
    global _CRD
    if _CRD is None:
        with open(_DATA) as f:
            _CRD = json.load(f)
    return _CRD


def root_schema():
    return crd()["spec"]["versions"][0]["schema"]["openAPIV3Schema"]


def go_value(v):
    """Format a value like Go's %#v in field errors (strings quoted)."""
    if isinstance(v, str):
        return json.dumps(v)
    if isinstance(v, bool):
        return "true" if v else "false"
    if v is None:
        return "null"
    if isinstance(v, (int, float)):
        return repr(v)
    if isinstance(v, dict):
        return "map[string]interface {}{" + ", ".join('"%s":%s' % (k, go_value(x)) for k, x in v.items()) + "}"
    if isinstance(v, list):
        return "[]interface {}{" + ", ".join(go_value(x) for x in v) + "}"
    return str(v)


def _type_ok(v, t, schema):
    if schema.get("x-kubernetes-int-or-string"):
        return isinstance(v, (int, str)) and not isinstance(v, bool)
    if t == "object":
        return isinstance(v, dict)
    if t == "array":
        return isinstance(v, list)
    if t == "string":
        return isinstance(v, str)
    if t == "integer":
        return isinstance(v, int) and not isinstance(v, bool)
    if t == "number":
        return isinstance(v, (int, float)) and not isinstance(v, bool)
    if t == "boolean":
        return isinstance(v, bool)
    return True


_PATTERNS = {}


def _pattern(p):
    r = _PATTERNS.get(p)
    if r is None:
        r = _PATTERNS[p] = re.compile(p)
    return r


class Result:
    def __init__(self):
        self.causes = []
        self.pruned = []


def _walk(v, s, path, res):
    """Returns the processed value. Mutates dicts/lists in place."""
    if s.get("x-kubernetes-preserve-unknown-fields") and "properties" not in s:
        return v
    t = s.get("type")
    if not _type_ok(v, t, s):
        tname = "integer" if t == "integer" else t
        res.causes.append(cause("FieldValueTypeInvalid",
                                "Invalid value: %s: %s in body must be of type %s: %s"
                                % (go_value(v), path, tname, go_value(_go_kind(v))), path))
        return v
    if isinstance(v, dict):
        props = s.get("properties")
        addl = s.get("additionalProperties")
        if props is not None:
            for k in list(v.keys()):
                if k not in props and not isinstance(addl, dict) and not s.get("x-kubernetes-preserve-unknown-fields"):
                    res.pruned.append(path + "." + k if path else k)
                    del v[k]
            for k, ps in props.items():
                if k not in v and "default" in ps:
                    v[k] = clone(ps["default"])
            for k in list(v.keys()):
                if k not in props:
                    continue
                ps = props[k]
                cp = path + "." + k if path else k
                if v[k] is None:
                    if "default" in ps:
                        v[k] = clone(ps["default"])
                    elif ps.get("nullable"):
                        continue
                    else:
                        del v[k]
                        continue
                v[k] = _walk(v[k], ps, cp, res)
        elif isinstance(addl, dict):
            for k in list(v.keys()):
                cp = "%s.%s" % (path, k) if path else k
                if v[k] is None and not addl.get("nullable"):
                    del v[k]
                    continue
                v[k] = _walk(v[k], addl, cp, res)
        for r in s.get("required") or []:
            if r not in v:
                cp = path + "." + r if path else r
                res.causes.append(cause("FieldValueRequired", "Required value", cp))
    elif isinstance(v, list):
        items = s.get("items")
        if isinstance(items, dict):
            out = []
            for i, x in enumerate(v):
                if x is None and not items.get("nullable"):
                    continue
                out.append(_walk(x, items, "%s[%d]" % (path, i), res))
            v[:] = out
        if s.get("x-kubernetes-list-type") == "map":
            keys = s.get("x-kubernetes-list-map-keys") or []
            seen = set()
            for i, x in enumerate(v):
                if isinstance(x, dict):
                    k = tuple(json.dumps(x.get(kk)) for kk in keys)
                    if k in seen:
                        desc = "{" + ", ".join('"%s":%s' % (kk, json.dumps(x.get(kk))) for kk in keys) + "}"
                        res.causes.append(cause("FieldValueDuplicate",
                                                "Duplicate value: map[string]interface {}%s" % desc,
                                                "%s[%d]" % (path, i)))
                    seen.add(k)
    else:
        enum = s.get("enum")
        if enum is not None and v not in enum:
            res.causes.append(cause("FieldValueNotSupported",
                                    "Unsupported value: %s: supported values: %s"
                                    % (go_value(v), ", ".join(go_value(e) for e in enum)), path))
        pat = s.get("pattern")
        if pat and isinstance(v, str) and not _pattern(pat).search(v):
            res.causes.append(cause("FieldValueInvalid", "Invalid value: %s: %s in body should match '%s'"
                                    % (go_value(v), path, pat), path))
    return v


def _go_kind(v):
    if isinstance(v, bool):
        return "boolean"
    if isinstance(v, int):
        return "integer"
    if isinstance(v, float):
        return "number"
    if isinstance(v, str):
        return "string"
    if isinstance(v, list):
        return "array"
    if isinstance(v, dict):
        return "object"
    return "null"


def process_spec(obj, root=None):
    """Prune, default and validate the object's own fields (spec, status, ...) in place, by `root` (a CRD
    version's openAPIV3Schema; the MPIJob's by default).

    Returns a Result with .causes (422 field causes) and .pruned (unknown field paths).
    """
    res = Result()
    root = root or root_schema()
    props = root.get("properties") or {}
    own = [k for k in props if k not in ("apiVersion", "kind", "metadata")]
    for k in list(obj.keys()):
        if k not in ("apiVersion", "kind", "metadata") and k not in own:
            res.pruned.append(k)
            del obj[k]
    for part in own:
        if part in obj:
            if obj[part] is None:
                del obj[part]
                continue
            obj[part] = _walk(obj[part], props[part], part, res)
    return res


def field_sets(obj, schema=None, list_keys=None):
    """FieldsV1 for an object, as an Update-operation manager would own it."""
    out = {}
    if isinstance(obj, dict):
        for k in sorted(obj):
            v = obj[k]
            ps = _child_schema(schema, k)
            out["f:" + k] = _member(v, ps)
    return out


def _child_schema(schema, k):
    if not schema:
        return None
    props = schema.get("properties")
    if props and k in props:
        return props[k]
    addl = schema.get("additionalProperties")
    if isinstance(addl, dict):
        return addl
    return None


def _member(v, s):
    if isinstance(v, dict):
        if not v or (s is not None and s.get("type") == "object" and not s.get("properties")
                     and not isinstance(s.get("additionalProperties"), dict)):
            return {}
        d = {".": {}}
        d.update(field_sets(v, s))
        return d
    if isinstance(v, list):
        ltype = (s or {}).get("x-kubernetes-list-type")
        keys = (s or {}).get("x-kubernetes-list-map-keys")
        if v and isinstance(v[0], dict) and (ltype == "map" or (s is None and "name" in v[0])):
            keys = keys or ["name"]
            d = {".": {}}
            item_schema = (s or {}).get("items")
            for x in v:
                if not isinstance(x, dict):
                    continue
                key = "k:" + json.dumps({kk: x.get(kk) for kk in keys if kk in x}, separators=(",", ":"))
                sub = {".": {}}
                sub.update(field_sets(x, item_schema))
                d[key] = sub
            return d
        if ltype == "set":
            d = {".": {}}
            for x in v:
                d["v:" + json.dumps(x, separators=(",", ":"))] = {}
            return d
        return {}
    return {}


def spec_fields_v1(obj, root=None):
    """FieldsV1 of a custom resource's metadata (labels/annotations) and spec (the MPIJob's schema by default)."""
    root = root or root_schema()
    fields = {}
    meta = obj.get("metadata") or {}
    fm = {}
    for k in ("annotations", "labels"):
        if meta.get(k):
            d = {".": {}}
            for kk in sorted(meta[k]):
                d["f:" + kk] = {}
            fm["f:" + k] = d
    if meta.get("finalizers"):
        d = {".": {}}
        for x in meta["finalizers"]:
            d['v:"%s"' % x] = {}
        fm["f:finalizers"] = d
    if meta.get("generateName"):
        fm["f:generateName"] = {}
    if fm:
        fields["f:metadata"] = {k: fm[k] for k in sorted(fm)}
    for part in sorted(k for k in obj if k not in ("apiVersion", "kind", "metadata", "status")):
        fields["f:" + part] = _member(obj[part], (root.get("properties") or {}).get(part))
    return fields


def status_fields_v1(status, root=None):
    root = root or root_schema()
    return {"f:status": _member(status, (root.get("properties") or {}).get("status"))}
