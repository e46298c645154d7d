"""Custom resources served from upstream CRDs (Kueue, Kubeflow training-operator v1, Kubeflow Trainer).

Each CRD (fakekube/data/crds/<set>/*.json, made by tools/crds_to_json.py from Tests/Fixtures/crds) becomes one
RType per served version. All versions of a resource share one store table and one storage version, as in
kube-apiserver: an object read through another version is converted on the way out, one written through another
version is converted to the storage version on the way in. Conversion is `None`-strategy (apiVersion rewritten)
unless a converter is registered for the group/kind (register_converter), which is how a set whose versions differ
in fields (Kueue v1beta1/v1beta2) plugs its rules in.
"""

import json
import os
import re

from .util import dumpb

DATA = os.path.join(os.path.dirname(__file__), "data", "crds")
SETS = ("kueue", "training-operator", "trainer")
CR_VERBS = ["delete", "deletecollection", "get", "list", "patch", "create", "update", "watch"]
STATUS_VERBS = ["get", "patch", "update"]

# (group, kind, from_version, to_version) -> fn(obj) -> obj (apiVersion already rewritten)
_CONVERTERS = {}


def register_converter(group, kind, from_version, to_version, fn):
    _CONVERTERS[(group, kind, from_version, to_version)] = fn


def convert(obj, group, kind, from_version, to_version):
    """obj (a dict, not shared) as `to_version` of its group."""
    if from_version == to_version:
        return obj
    obj["apiVersion"] = "%s/%s" % (group, to_version)
    fn = _CONVERTERS.get((group, kind, from_version, to_version))
    return fn(obj) if fn else obj


_KUBE_VERSION = re.compile(r"^v([1-9][0-9]*)(?:(alpha|beta)([1-9][0-9]*))?$")


def version_priority(v):
    """Sort key, highest priority first, as apimachinery's CompareKubeAwareVersionStrings: GA before beta before
    alpha, higher numbers first; versions not of the v<N>[alpha|beta<M>] form after them, alphabetically."""
    m = _KUBE_VERSION.match(v)
    if not m:
        return (3, 0, 0, v)
    major = int(m.group(1))
    level = {None: 0, "beta": 1, "alpha": 2}[m.group(2)]
    minor = int(m.group(3) or 0)
    return (level, -major, -minor, "")


def crd_files(sets):
    out = []
    for s in sets:
        if s not in SETS:
            raise ValueError("unknown CRD set %r (known: %s)" % (s, ", ".join(SETS)))
        d = os.path.join(DATA, s)
        out += [os.path.join(d, f) for f in sorted(os.listdir(d)) if f.endswith(".json")]
    return out


def load(sets):
    """([RType], [CRD object]) for the named sets."""
    from .resources import RType
    types, crds = [], []
    for path in crd_files(sets):
        with open(path) as f:
            crd = json.load(f)
        crds.append(crd)
        spec = crd["spec"]
        names = spec["names"]
        storage = next(v["name"] for v in spec["versions"] if v.get("storage"))
        for v in spec["versions"]:
            if not v.get("served"):
                continue
            subs = []
            for sub in sorted((v.get("subresources") or {}).keys()):
                subs.append((sub, STATUS_VERBS))
            types.append(RType(
                spec["group"], v["name"], names["plural"], names.get("singular") or names["kind"].lower(),
                names["kind"], namespaced=spec.get("scope", "Namespaced") == "Namespaced", custom=True,
                verbs=CR_VERBS, short=names.get("shortNames"), categories=names.get("categories"),
                subresources=subs, schema=(v.get("schema") or {}).get("openAPIV3Schema"), storage_version=storage,
                printer_columns=v.get("additionalPrinterColumns")))
    return types, crds


def stored_raw(rtype, entry):
    """The object's bytes as `rtype.version` (the stored bytes when that is the storage version)."""
    if rtype.storage_version is None or rtype.version == rtype.storage_version:
        return entry.raw
    key = "as:" + rtype.version
    raw = entry.cache.get(key)
    if raw is None:
        obj = convert(json.loads(entry.raw), rtype.group, rtype.kind, rtype.storage_version, rtype.version)
        raw = dumpb(obj, sort_keys=True)
        entry.cache[key] = raw
    return raw


def from_storage(rtype, obj):
    """A stored object (a dict, not shared) as `rtype.version`."""
    if rtype.storage_version is None or rtype.version == rtype.storage_version:
        return obj
    return convert(obj, rtype.group, rtype.kind, rtype.storage_version, rtype.version)


def to_storage(rtype, obj):
    """An object written through `rtype.version`, as its storage version."""
    if rtype.storage_version is None or rtype.version == rtype.storage_version:
        return obj
    return convert(obj, rtype.group, rtype.kind, rtype.version, rtype.storage_version)


# ---------------------------------------------------------------------------------------------------- printer columns
_STEP = re.compile(r"\.([A-Za-z0-9_-]+)|\[(-?[0-9]+):\]|\[(-?[0-9]+)\]|\[\?\(@\.([A-Za-z0-9_.-]+)==['\"]([^'\"]*)['\"]\)\]")


def jsonpath(obj, path):
    """The values `path` selects, for the JSONPath forms CRD printer columns use: .a.b, [N], [-N:], [?(@.k=='v')]."""
    vals = [obj]
    pos = 0
    while pos < len(path):
        m = _STEP.match(path, pos)
        if not m:
            return []
        pos = m.end()
        key, slice_from, index, fkey, fval = m.groups()
        nxt = []
        for v in vals:
            if key is not None:
                if isinstance(v, dict) and key in v:
                    nxt.append(v[key])
            elif slice_from is not None:
                if isinstance(v, list):
                    nxt.extend(v[int(slice_from):])
            elif index is not None:
                if isinstance(v, list) and -len(v) <= int(index) < len(v):
                    nxt.append(v[int(index)])
            elif isinstance(v, list):
                for x in v:
                    cur = x
                    for part in fkey.split("."):
                        cur = cur.get(part) if isinstance(cur, dict) else None
                    if cur is not None and str(cur) == fval:
                        nxt.append(x)
        vals = nxt
    return vals


def column_cell(obj, column, age):
    """A printer column's cell as apiextensions-apiserver's table convertor renders it: the first value the
    path selects (none: null, which kubectl shows as <none>); a string column prints it, a date column is an age
    (`age(timestamp)`), integer/number/boolean columns keep JSON values of their type."""
    vals = jsonpath(obj, column.get("jsonPath", ""))
    if not vals:
        return None
    v = vals[0]
    typ = column.get("type")
    if typ == "string":
        if isinstance(v, str):
            return v
        if isinstance(v, bool):
            return "true" if v else "false"
        return json.dumps(v, separators=(",", ":"))
    if typ == "date":
        return age(v) if isinstance(v, str) else None
    if typ == "integer":
        return v if isinstance(v, int) and not isinstance(v, bool) else None
    if typ == "number":
        return v if isinstance(v, (int, float)) and not isinstance(v, bool) else None
    if typ == "boolean":
        return v if isinstance(v, bool) else None
    return v
