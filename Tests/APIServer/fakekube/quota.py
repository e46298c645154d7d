"""ResourceQuota: usage kept up to date (the quota controller), object-count admission on create, and the
pod admission the operator's and Job controller's pod creations go through (required requests, headroom).

Usage is computed from what exists: count/<resource>.<group> counts objects; requests.*/limits.*
(and bare cpu/memory) sum the non-terminal pods' container requests/limits. The operator builds those
pods from the MPIJob templates (launcher + workers x replicas) and, like the API server's defaulting,
requests fall back to limits.
"""

from . import quantity as Q
from . import status
from .meta import mf_entry, set_managed
from .resources import MPIJOBS, PODS, QUOTAS
from .txn import Txn

COUNTED = {"count/mpijobs.kubeflow.org": MPIJOBS, "count/pods": PODS, "pods": PODS}


def _pod_counts(pod):
    st = pod.get("status") or {}
    return st.get("phase") not in ("Succeeded", "Failed")


def _compute_key(key):
    """(requests|limits, resource) a quota key sums over pods; None for keys that are not pod compute."""
    if key.startswith("requests.") or key.startswith("limits."):
        kind, res = key.split(".", 1)
        return kind, res
    if key in ("cpu", "memory", "ephemeral-storage"):
        return "requests", key
    return None


def pod_amount(pod, key, strict=True):
    """What one pod adds to a compute quota key (its containers' requests, or limits where a request is
    missing, as the API server defaults them); None when no container states the resource. An unreadable
    quantity raises ValueError when `strict`, else counts as nothing (the quota controller's usage goes on)."""
    kind, res = _compute_key(key)
    total, stated = Q.Quantity(), False
    for c in (pod.get("spec") or {}).get("containers") or []:
        r = c.get("resources") or {}
        vals = r.get(kind) or {}
        if kind == "requests" and res not in vals:
            vals = r.get("limits") or {}
        if res in vals:
            stated = True
            try:
                total = total + Q.parse(vals[res])
            except ValueError:
                if strict:
                    raise
    return total if stated else None


def compute_used(store, ns, hard):
    used = {}
    pods = None
    for key in hard:
        if key in COUNTED:
            rt = COUNTED[key]
            if rt is PODS:
                n = sum(1 for e in store.list(PODS.key, ns) if _pod_counts(e.obj))
            else:
                n = store.count(rt.key, ns)
            used[key] = str(n)
            continue
        if key.startswith("count/"):
            used[key] = "0"
            continue
        if _compute_key(key) is None:
            used[key] = "0"
            continue
        if pods is None:
            pods = [e.obj for e in store.list(PODS.key, ns) if _pod_counts(e.obj)]
        total = Q.Quantity()
        for p in pods:
            total = total + (pod_amount(p, key, strict=False) or Q.Quantity())
        if key.split(".")[-1] == "memory" or key.endswith("storage"):
            total.binary = total.binary or total.value == 0
        used[key] = str(total)
    return used


class QuotaController:
    def __init__(self, app):
        self.app = app
        self.dirty = set()

    def reset(self):
        self.dirty.clear()

    def on_change(self, res, typ, new, old):
        if res in (PODS.key, MPIJOBS.key):
            self.dirty.add(new.ns)

    def tick(self, now):
        if not self.dirty:
            return
        st = self.app.store
        with st.lock:
            dirty, self.dirty = self.dirty, set()
            txn = Txn(st)
            for ns in dirty:
                self.refresh(txn, ns, now)
            txn.flush()

    def refresh(self, txn, ns, now):
        st = self.app.store
        for e in st.list(QUOTAS.key, ns):
            hard = (e.obj.get("spec") or {}).get("hard") or {}
            used = compute_used(st, ns, hard)
            cur = e.obj.get("status") or {}
            if cur.get("used") == used and cur.get("hard") == hard:
                continue
            q = txn.get(QUOTAS.key, ns, e.name)
            q["status"] = {"hard": dict(sorted(hard.items())), "used": dict(sorted(used.items()))}
            fields = {"f:status": {"f:hard": dict([(".", {})] + [("f:" + k, {}) for k in sorted(hard)]),
                                   "f:used": dict([(".", {})] + [("f:" + k, {}) for k in sorted(used)])}}
            set_managed(q["metadata"], mf_entry("kube-controller-manager", "Update", "v1", fields, now, "status"))
            txn.put(QUOTAS.key, q)

    def admit(self, rtype, obj, ns, name):
        """Object-count quota at create time (403 like the ResourceQuota admission plugin)."""
        key = None
        for k, rt in COUNTED.items():
            if rt is rtype and k.startswith("count/"):
                key = k
        if key is None:
            return
        st = self.app.store
        for e in st.list(QUOTAS.key, ns):
            hard = (e.obj.get("spec") or {}).get("hard") or {}
            if key not in hard:
                continue
            limit = int(Q.parse(hard[key]).value)
            used = st.count(rtype.key, ns)
            if used + 1 > limit:
                qual = status.qualified(rtype.plural, rtype.group)
                msg = ('%s "%s" is forbidden: exceeded quota: %s, requested: %s=1, used: %s=%d, limited: %s=%s'
                       % (qual, name, e.name, key, key, used, key, hard[key]))
                raise status.APIError(403, "Forbidden", msg,
                                      {"name": name, "group": rtype.group, "kind": rtype.plural} if rtype.group
                                      else {"name": name, "kind": rtype.plural})


# A quota that tracks any of these makes every container state it (kube's podEvaluator.Constraints: "it was a
# mistake, but if a quota tracks cpu or memory related resources, the incoming pod is required to have those").
VALIDATION_SET = ("cpu", "memory", "requests.cpu", "requests.memory", "limits.cpu", "limits.memory")


def _container_resources(c):
    """What a container states, as podComputeUsageHelper sees it after defaulting (requests from limits)."""
    r = c.get("resources") or {}
    limits = r.get("limits") or {}
    requests = dict(limits)
    requests.update(r.get("requests") or {})
    have = set()
    for res in ("cpu", "memory"):
        if res in requests:
            have |= {res, "requests." + res}
        if res in limits:
            have.add("limits." + res)
    return have, requests, limits


def pod_constraint_error(pod, hard):
    """`must specify requests.cpu for: a,b; requests.memory for: a` (None when the pod states what is needed)."""
    required = set(hard) & set(VALIDATION_SET)
    if not required:
        return None
    missing = {}
    spec = pod.get("spec") or {}
    for c in (spec.get("containers") or []) + (spec.get("initContainers") or []):
        have, _, _ = _container_resources(c)
        for res in sorted(required - have):
            missing.setdefault(res, set()).add(c.get("name", ""))
    if not missing:
        return None
    return "must specify " + "; ".join("%s for: %s" % (res, ",".join(sorted(missing[res]))) for res in sorted(missing))


def apply_limit_ranges(store, pod, ns):
    """The LimitRanger admission plugin, which runs before the quota: a Container LimitRange's `default` fills
    missing limits and `defaultRequest` (or, without it, `default`) missing requests."""
    from .resources import LIMITRANGES
    for e in store.list(LIMITRANGES.key, ns):
        for item in (e.obj.get("spec") or {}).get("limits") or []:
            if item.get("type") != "Container":
                continue
            limits = item.get("default") or {}
            requests = dict(limits)
            requests.update(item.get("defaultRequest") or {})
            for c in (pod.get("spec") or {}).get("containers") or []:
                r = c.setdefault("resources", {})
                for kind, values in (("limits", limits), ("requests", requests)):
                    for res, v in values.items():
                        if res not in (r.get(kind) or {}):
                            r.setdefault(kind, {})[res] = v


def pod_admission_error(store, pod, ns):
    """The ResourceQuota admission plugin's refusal of a new pod, as the text after `is forbidden: ` (or None)."""
    apply_limit_ranges(store, pod, ns)
    for e in store.list(QUOTAS.key, ns):
        hard = (e.obj.get("spec") or {}).get("hard") or {}
        err = pod_constraint_error(pod, hard)
        if err:
            return "failed quota: %s: %s" % (e.name, err)
        try:
            # What the pod states counts (limits only for cpu and memory, as kube's podComputeUsageHelper).
            usage = {key: pod_amount(pod, key) for key in hard if _compute_key(key) is not None
                     and not (key.startswith("limits.") and key not in ("limits.cpu", "limits.memory"))}
            usage = {key: amount for key, amount in usage.items() if amount is not None}
        except ValueError:
            continue
        used = compute_used(store, ns, hard)
        over = []
        for key in sorted(hard):
            if key not in usage:
                continue
            total = Q.parse(used.get(key, "0")) + usage[key]
            if Q.parse(hard[key]) < total:
                over.append(key)
        if over:
            return "exceeded quota: %s, requested: %s, used: %s, limited: %s" % (
                e.name, ",".join("%s=%s" % (k, usage[k]) for k in over),
                ",".join("%s=%s" % (k, used.get(k, "0")) for k in over),
                ",".join("%s=%s" % (k, hard[k]) for k in over))
    return None
