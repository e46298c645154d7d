"""Conversion of Kueue objects between the served v1beta1 and the stored v1beta2, for the fields that differ
(kubernetes-sigs/kueue v0.19.2 apis/kueue/v1beta1/{workload,localqueue,clusterqueue}_conversion.go)."""

from . import crdtypes
from .kueue_model import GROUP


def _wl_to_v1beta1(obj):
    spec = obj.get("spec") or {}
    ref = spec.pop("priorityClassRef", None)
    if ref:
        spec["priorityClassName"] = ref.get("name", "")
        spec["priorityClassSource"] = {"kueue.x-k8s.io": "kueue.x-k8s.io/workloadpriorityclass",
                                       "scheduling.k8s.io": "scheduling.k8s.io/priorityclass"}.get(ref.get("group"), "")
    st = obj.get("status") or {}
    if "accumulatedPastExecutionTimeSeconds" in st:
        st["accumulatedPastExexcutionTimeSeconds"] = st.pop("accumulatedPastExecutionTimeSeconds")
    return obj


def _wl_to_v1beta2(obj):
    spec = obj.get("spec") or {}
    source, name = spec.pop("priorityClassSource", None), spec.pop("priorityClassName", None)
    if source and name:
        group = {"kueue.x-k8s.io/workloadpriorityclass": "kueue.x-k8s.io",
                 "scheduling.k8s.io/priorityclass": "scheduling.k8s.io"}.get(source)
        if group:
            spec["priorityClassRef"] = {"group": group, "kind": "WorkloadPriorityClass" if group == GROUP
                                        else "PriorityClass", "name": name}
    st = obj.get("status") or {}
    if "accumulatedPastExexcutionTimeSeconds" in st:
        st["accumulatedPastExecutionTimeSeconds"] = st.pop("accumulatedPastExexcutionTimeSeconds")
    return obj


def _rename(path, old, new):
    def fn(obj):
        parent = obj.get(path) or {}
        if old in parent:
            parent[new] = parent.pop(old)
        return obj
    return fn


def register_conversions():
    crdtypes.register_converter(GROUP, "Workload", "v1beta2", "v1beta1", _wl_to_v1beta1)
    crdtypes.register_converter(GROUP, "Workload", "v1beta1", "v1beta2", _wl_to_v1beta2)
    crdtypes.register_converter(GROUP, "LocalQueue", "v1beta2", "v1beta1", _rename("status", "flavorsUsage", "flavorUsage"))
    crdtypes.register_converter(GROUP, "LocalQueue", "v1beta1", "v1beta2", _rename("status", "flavorUsage", "flavorsUsage"))
    crdtypes.register_converter(GROUP, "ClusterQueue", "v1beta2", "v1beta1", _rename("spec", "cohortName", "cohort"))
    crdtypes.register_converter(GROUP, "ClusterQueue", "v1beta1", "v1beta2", _rename("spec", "cohort", "cohortName"))
