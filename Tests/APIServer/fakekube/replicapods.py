"""Pods made from a replica's pod template, as any job controller makes them (training-operator, the Job controller
under a JobSet): the template's containers with the API server's defaults, a service-account token volume, the
controller's labels and an owner reference. The mpi-operator's pods (pods.py) add SSH and MPI on top of the same
helpers."""

from . import pods as P
from .meta import mf_entry, simple_fields
from .util import new_uid, rfc3339, sorted_map


def replica_pod(template, name, ns, labels, owner, restart_policy, ts, manager, env=None, annotations=None,
                hostname=None, subdomain=None, first_container=None):
    """A Pending pod from `template` (a PodTemplateSpec). `env` is added to the first container (the operator's
    rendezvous variables); `first_container` overrides fields of that container (the TrainJob's trainer)."""
    tmpl = template or {}
    tspec = dict(tmpl.get("spec") or {})
    tmeta = tmpl.get("metadata") or {}
    api_vol, api_mount = P._api_access_volume()
    containers = []
    for i, c in enumerate(tspec.get("containers") or []):
        c = dict(c)
        if i == 0 and first_container:
            c.update({k: v for k, v in first_container.items() if v is not None})
        containers.append(P.make_container(c, list(env or []) if i == 0 else [], [api_mount]))
    pod_labels = dict(tmeta.get("labels") or {})
    pod_labels.update(labels)
    meta = {"name": name, "namespace": ns, "uid": new_uid(), "creationTimestamp": rfc3339(ts),
            "labels": sorted_map(pod_labels)}
    pod_annotations = dict(tmeta.get("annotations") or {})
    pod_annotations.update(annotations or {})
    if pod_annotations:
        meta["annotations"] = sorted_map(pod_annotations)
    meta["ownerReferences"] = [owner]
    spec = P._pod_spec(tspec, containers, [api_vol], restart_policy, hostname or "", subdomain or "")
    if not hostname:
        spec.pop("hostname", None)
    if not subdomain:
        spec.pop("subdomain", None)
    pod = {"metadata": meta, "spec": spec, "status": {"phase": "Pending", "qosClass": P.qos_class(containers)}}
    fields_spec = dict(spec)
    fields_spec["volumes"] = [v for v in spec["volumes"] if v is not api_vol]
    meta["managedFields"] = [mf_entry(manager, "Update", "v1", simple_fields({"spec": fields_spec}), ts)]
    return pod


def running(pod):
    return pod["status"].get("phase") == "Running" and not pod["metadata"].get("deletionTimestamp")


def count_phases(pods):
    """{active, succeeded, failed} as the training-operator and the Job controller count pods."""
    out = {}
    for p in pods:
        phase = p["status"].get("phase")
        key = {"Running": "active", "Succeeded": "succeeded", "Failed": "failed"}.get(phase)
        if key:
            out[key] = out.get(key, 0) + 1
    return out
