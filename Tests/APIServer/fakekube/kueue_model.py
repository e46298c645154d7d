"""Kueue's objects and rules as the simulated Kueue (kueue.py) uses them: names, conditions, resources, and the
flavor assignment of a ClusterQueue without cohort or preemption (kubernetes-sigs/kueue v0.19.2)."""

import hashlib
from fractions import Fraction

from . import quantity as Q
from .selectors import match_label_selector_obj
from .util import rfc3339

GROUP = "kueue.x-k8s.io"
API = GROUP + "/v1beta2"
WL = GROUP + "/workloads"
LQ = GROUP + "/localqueues"
CQ = GROUP + "/clusterqueues"
RF = GROUP + "/resourceflavors"
QUEUE_LABEL = GROUP + "/queue-name"
JOB_UID_LABEL = GROUP + "/job-uid"
MULTIKUEUE = GROUP + "/multikueue"
JOB_COMPONENT = "kubeflow.org/mpijob-kueue-controller"
ADMISSION = "kueue-admission"
ROLES = (("Launcher", "launcher"), ("Worker", "worker"))


def workload_name(job_name, job_uid):
    """jobframework.GetWorkloadNameForOwnerWithGVK: lower-cased kind, name, the first 5 hex of a SHA-1."""
    prefix = ("mpijob-" + job_name)[:253 - 1 - 5]
    h = hashlib.sha1(("MPIJob\nkubeflow.org\n%s\n%s" % (job_name, job_uid)).encode()).hexdigest()
    return "%s-%s" % (prefix, h[:5])


# ------------------------------------------------------------------------------------------------ conditions
def cond(obj, ctype):
    return next((c for c in (obj.get("status") or {}).get("conditions") or [] if c.get("type") == ctype), None)


def is_true(obj, ctype):
    c = cond(obj, ctype)
    return c is not None and c.get("status") == "True"


def set_cond(obj, ctype, status, reason, message, now):
    """apimeta.SetStatusCondition: the transition time moves only when the status changes. True if changed."""
    st = obj.setdefault("status", {})
    conds = st.setdefault("conditions", [])
    gen = obj["metadata"].get("generation", 1)
    new = {"type": ctype, "status": status, "reason": reason, "message": message[:32 * 1024],
           "lastTransitionTime": rfc3339(now), "observedGeneration": gen}
    for i, c in enumerate(conds):
        if c.get("type") != ctype:
            continue
        if c.get("status") == status:
            new["lastTransitionTime"] = c.get("lastTransitionTime", new["lastTransitionTime"])
        if c == new:
            return False
        conds[i] = new
        return True
    conds.append(new)
    return True


def reset_active(obj, ctype, reason, now):
    """workload.resetActiveCondition: a True Evicted/Preempted becomes False "Previously: ..." on re-admission."""
    c = cond(obj, ctype)
    if c is None or c.get("status") != "True":
        return False
    return set_cond(obj, ctype, "False", reason, "Previously: " + c.get("message", ""), now)


def has_reservation(wl):
    return is_true(wl, "QuotaReserved")


def is_admitted(wl):
    return is_true(wl, "Admitted")


def is_finished(wl):
    return is_true(wl, "Finished")


def is_active(wl):
    return (wl.get("spec") or {}).get("active", True) is not False


# ------------------------------------------------------------------------------------------------ resources
def _qty(v):
    try:
        return Q.parse(v).value
    except ValueError:
        return Fraction(0)


def fmt(res, value):
    """Kueue's ResourceFormatter: memory-like resources in BinarySI, the rest DecimalSI."""
    return Q.format_quantity(value, binary=res == "memory" or res.endswith("storage"))


def pod_requests(template):
    """A pod's requests: containers' requests (limits when a request is missing), as the API server defaults."""
    out = {}
    for c in ((template or {}).get("spec") or {}).get("containers") or []:
        r = c.get("resources") or {}
        merged = dict(r.get("limits") or {})
        merged.update(r.get("requests") or {})
        for k, v in merged.items():
            out[k] = out.get(k, Fraction(0)) + _qty(v)
    return out


def podset_requests(ps):
    count = ps.get("count", 1)
    return {k: v * count for k, v in pod_requests(ps.get("template")).items() if v > 0}


def quota_table(cq):
    """{(flavor, resource): nominal} and [(group resources, [flavors])] of a ClusterQueue spec."""
    nominal, groups = {}, []
    for rg in (cq.get("spec") or {}).get("resourceGroups") or []:
        flavors = []
        for f in rg.get("flavors") or []:
            flavors.append(f["name"])
            for r in f.get("resources") or []:
                nominal[(f["name"], r["name"])] = _qty(r.get("nominalQuota", 0))
        groups.append((list(rg.get("coveredResources") or []), flavors))
    return nominal, groups


def assign_flavors(wl, cq, used, flavors_present):
    """flavorassigner.assignFlavors for a ClusterQueue without cohort or preemption: returns (podSetAssignments,
    None) when every pod set fits, else (None, message) with Kueue's wording."""
    nominal, groups = quota_table(cq)
    assumed = {}
    out = []
    for ps in (wl.get("spec") or {}).get("podSets") or []:
        req = podset_requests(ps)
        chosen = {}
        reasons = []
        for res in sorted(req):
            if res in chosen:
                continue
            group = next(((rs, fl) for rs, fl in groups if res in rs), None)
            if group is None:
                reasons.append("resource %s unavailable in ClusterQueue" % res)
                chosen = None
                break
            rs, fl = group
            wanted = [r for r in rs if r in req]
            picked = None
            for f in fl:
                if f not in flavors_present:
                    reasons.append("flavor %s not found" % f)
                    continue
                fits = True
                for r in wanted:
                    val = assumed.get((f, r), Fraction(0)) + req[r]
                    cap = nominal.get((f, r), Fraction(0))
                    available = cap - used.get((f, r), Fraction(0))
                    if val > cap:
                        reasons.append("insufficient quota for %s in flavor %s, previously considered podsets requests "
                                       "(%s) + current podset request (%s) > maximum capacity (%s)"
                                       % (r, f, fmt(r, assumed.get((f, r), 0)), fmt(r, req[r]), fmt(r, cap)))
                        fits = False
                    elif val > available:
                        reasons.append("insufficient unused quota for %s in flavor %s, %s more needed"
                                       % (r, f, fmt(r, val - available)))
                        fits = False
                if fits:
                    picked = f
                    break
            if picked is None:
                chosen = None
                break
            for r in wanted:
                chosen[r] = picked
        if chosen is None:
            return None, "couldn't assign flavors to pod set %s: %s" % (ps["name"], ", ".join(sorted(reasons)))
        for r, f in chosen.items():
            assumed[(f, r)] = assumed.get((f, r), Fraction(0)) + req[r]
        out.append({"name": ps["name"], "flavors": dict(sorted(chosen.items())),
                    "resourceUsage": {r: fmt(r, v) for r, v in sorted(req.items())}, "count": ps.get("count", 1)})
    return out, None


def usage_of(wl):
    """{(flavor, resource): amount} a Workload with a quota reservation holds."""
    out = {}
    adm = (wl.get("status") or {}).get("admission") or {}
    for psa in adm.get("podSetAssignments") or []:
        for r, f in (psa.get("flavors") or {}).items():
            out[(f, r)] = out.get((f, r), Fraction(0)) + _qty((psa.get("resourceUsage") or {}).get(r, 0))
    return out


def matches_selector(selector, labels):
    """A metav1.LabelSelector as a ClusterQueue's namespaceSelector: nil matches nothing, {} everything."""
    return selector is not None and match_label_selector_obj(selector, labels)
