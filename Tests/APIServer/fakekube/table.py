"""Server-side printing: meta.k8s.io/v1 Table (Accept: application/json;as=Table;v=v1;g=meta.k8s.io)."""

import time

from . import crdtypes
from .meta import go_meta
from .util import dumps, human_duration, parse_rfc3339

NAME_DESC = ("Name must be unique within a namespace. Is required when creating resources, although some resources "
             "may allow a client to request the generation of an appropriate name automatically. Name is primarily "
             "intended for creation idempotence and configuration definition. Cannot be updated. More info: "
             "https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names")
AGE_DESC = ("CreationTimestamp is a timestamp representing the server time when this object was created. It is not "
            "guaranteed to be set in happens-before order across separate operations. Clients may not set this "
            "value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for "
            "lists. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/"
            "api-conventions.md#metadata")


def col(name, typ="string", fmt="", desc="", priority=0):
    return {"name": name, "type": typ, "format": fmt, "description": desc, "priority": priority}


CR_COLUMNS = [col("Name", fmt="name", desc=NAME_DESC), col("Age", typ="date", desc=AGE_DESC)]
POD_COLUMNS = [col("Name", fmt="name", desc=NAME_DESC),
               col("Ready", desc="The aggregate readiness state of this pod for accepting traffic."),
               col("Status", desc="The aggregate status of the containers in this pod."),
               col("Restarts", desc="The number of times the containers in this pod have been restarted and when the "
                                    "last container in this pod has restarted."),
               col("Age", desc=AGE_DESC),
               col("IP", desc="podIP address allocated to the pod. Routable at least within the cluster. Empty if not "
                              "yet allocated.", priority=1),
               col("Node", desc="NodeName indicates in which node this pod is scheduled.", priority=1),
               col("Nominated Node", desc="nominatedNodeName is set only when this pod preempts other pods on the "
                                          "node, but it cannot be scheduled right away as preemption victims receive "
                                          "their graceful termination periods.", priority=1),
               col("Readiness Gates", desc="If specified, all readiness gates will be evaluated for pod readiness.",
                   priority=1)]
EVENT_COLUMNS = [col("Last Seen", desc="The time at which the most recent occurrence of this event was recorded."),
                 col("Type", desc="Type of this event (Normal, Warning), new types could be added in the future"),
                 col("Reason", desc="This should be a short, machine understandable string that gives the reason for "
                                    "the transition into the object's current status."),
                 col("Object", desc="The object that this event is about."),
                 col("Subobject", desc="If referring to a piece of an object instead of an entire object, this string "
                                       "should contain a valid JSON/Go field access statement.", priority=1),
                 col("Source", desc="The component reporting this event. Should be a short machine understandable "
                                    "string.", priority=1),
                 col("Message", desc="A human-readable description of the status of this operation."),
                 col("First Seen", desc="The time at which the event was first recorded. (Time of server receipt is "
                                        "in TypeMeta.)", priority=1),
                 col("Count", desc="The number of times this event has occurred.", priority=1),
                 col("Name", fmt="name", desc=NAME_DESC, priority=1)]
NS_COLUMNS = [col("Name", fmt="name", desc=NAME_DESC),
              col("Status", desc="The status of the namespace"), col("Age", desc=AGE_DESC)]
QUOTA_COLUMNS = [col("Name", fmt="name", desc=NAME_DESC), col("Age", desc=AGE_DESC),
                 col("Request", desc="Request represents a minimum amount of cpu/memory that a container may consume."),
                 col("Limit", desc="Limits control the maximum amount of cpu/memory that a container may use "
                                   "independent of contention on the node.")]
JOB_COLUMNS = [col("Name", fmt="name", desc=NAME_DESC), col("Status", desc="Status of the job."),
               col("Completions", desc="The desired number of successfully finished pods the job should be run with."),
               col("Duration", desc="Time required to complete the job."), col("Age", desc=AGE_DESC),
               col("Containers", desc="Names of each container in the template.", priority=1),
               col("Images", desc="Images referenced by each container in the template.", priority=1),
               col("Selector", desc="A label query over pods that should match the pod count.", priority=1)]


def _age(ts_str, now):
    if not ts_str:
        return "<unknown>"
    try:
        return human_duration(now - parse_rfc3339(ts_str) / 1e9)
    except ValueError:
        return "<unknown>"


def pod_cells(pod, now):
    spec, st = pod.get("spec") or {}, pod.get("status") or {}
    total = len(spec.get("containers") or [])
    ready = 0
    restarts = 0
    last_restart = None
    reason = st.get("reason") or st.get("phase") or ""
    for c in st.get("conditions") or []:
        if c.get("type") == "PodScheduled" and c.get("reason") == "SchedulingGated":
            reason = "SchedulingGated"
    has_running = False
    for cs in reversed(st.get("containerStatuses") or []):
        restarts += cs.get("restartCount", 0)
        lt = (cs.get("lastState") or {}).get("terminated")
        if lt and lt.get("finishedAt"):
            fin = parse_rfc3339(lt["finishedAt"]) / 1e9
            last_restart = fin if last_restart is None or fin > last_restart else last_restart
        state = cs.get("state") or {}
        w, t = state.get("waiting"), state.get("terminated")
        if w and w.get("reason"):
            reason = w["reason"]
        elif t and t.get("reason"):
            reason = t["reason"]
        elif t:
            reason = "Signal:%d" % t["signal"] if t.get("signal") else "ExitCode:%d" % t.get("exitCode", 0)
        elif cs.get("ready") and state.get("running") is not None:
            has_running = True
            ready += 1
    if reason == "Completed" and has_running:
        reason = "Running" if any(c.get("type") == "Ready" and c.get("status") == "True"
                                  for c in st.get("conditions") or []) else "NotReady"
    if pod["metadata"].get("deletionTimestamp") and st.get("phase") not in ("Succeeded", "Failed"):
        reason = "Terminating"
    rstr = str(restarts)
    if restarts and last_restart is not None:
        rstr = "%d (%s ago)" % (restarts, human_duration(now - last_restart))
    gates = spec.get("readinessGates") or []
    gate_str = "<none>"
    if gates:
        conds = {c.get("type"): c.get("status") for c in st.get("conditions") or []}
        gate_str = "%d/%d" % (sum(1 for g in gates if conds.get(g.get("conditionType")) == "True"), len(gates))
    return [pod["metadata"]["name"], "%d/%d" % (ready, total), reason, rstr,
            _age(pod["metadata"].get("creationTimestamp"), now), st.get("podIP") or "<none>",
            spec.get("nodeName") or "<none>", st.get("nominatedNodeName") or "<none>", gate_str]


def pod_conditions(pod):
    ph = (pod.get("status") or {}).get("phase")
    if ph == "Succeeded":
        return [{"type": "Completed", "status": "True", "reason": "Succeeded", "message": "The pod has completed successfully."}]
    if ph == "Failed":
        return [{"type": "Completed", "status": "True", "reason": "Failed", "message": "The pod failed."}]
    return None


def event_cells(ev, now):
    io = ev.get("involvedObject") or {}
    src = ev.get("source") or {}
    source = src.get("component", "")
    if src.get("host"):
        source += ", " + src["host"]
    count = ev.get("count", 1)
    first = ev.get("firstTimestamp")
    last = ev.get("lastTimestamp") or first
    if count > 1 and first:
        last_seen = "%s (x%d over %s)" % (_age(last, now), count, _age(first, now))
    else:
        last_seen = _age(last, now)
    return [last_seen, ev.get("type", ""), ev.get("reason", ""),
            "%s/%s" % ((io.get("kind") or "").lower(), io.get("name", "")), io.get("fieldPath", ""),
            source, ev.get("message", "").strip(), _age(first, now), count, ev["metadata"]["name"]]


def quota_cells(q, now):
    hard = (q.get("status") or {}).get("hard") or (q.get("spec") or {}).get("hard") or {}
    used = (q.get("status") or {}).get("used") or {}
    req, lim = [], []
    for k in sorted(hard):
        item = "%s: %s/%s" % (k, used.get(k, "0"), hard[k])
        (lim if k.startswith("limits.") else req).append(item)
    return [q["metadata"]["name"], _age(q["metadata"].get("creationTimestamp"), now), ", ".join(req), ", ".join(lim)]


def job_cells(j, now):
    spec, st = j.get("spec") or {}, j.get("status") or {}
    conds = {c["type"]: c["status"] for c in st.get("conditions") or []}
    status = "Running"
    if conds.get("Complete") == "True":
        status = "Complete"
    elif conds.get("Failed") == "True":
        status = "Failed"
    elif spec.get("suspend"):
        status = "Suspended"
    dur = ""
    if st.get("startTime"):
        end = parse_rfc3339(st["completionTime"]) / 1e9 if st.get("completionTime") else now
        dur = human_duration(end - parse_rfc3339(st["startTime"]) / 1e9)
    cs = ((spec.get("template") or {}).get("spec") or {}).get("containers") or []
    sel = ",".join("%s=%s" % kv for kv in sorted(((spec.get("selector") or {}).get("matchLabels") or {}).items()))
    return [j["metadata"]["name"], status, "%d/%d" % (st.get("succeeded", 0), spec.get("completions", 1)), dur,
            _age(j["metadata"].get("creationTimestamp"), now), ",".join(c.get("name", "") for c in cs),
            ",".join(c.get("image", "") for c in cs), sel]


PRINTERS = {
    "pods": (POD_COLUMNS, pod_cells),
    "events": (EVENT_COLUMNS, event_cells),
    "namespaces": (NS_COLUMNS, lambda o, now: [o["metadata"]["name"], (o.get("status") or {}).get("phase", ""),
                                               _age(o["metadata"].get("creationTimestamp"), now)]),
    "resourcequotas": (QUOTA_COLUMNS, quota_cells),
    "jobs": (JOB_COLUMNS, job_cells),
}


def _crd_printer(rtype):
    """Name plus the CRD's additionalPrinterColumns, as apiextensions-apiserver's table convertor builds them."""
    cols = [CR_COLUMNS[0]] + [col(c["name"], typ=c.get("type", "string"), fmt=c.get("format", ""),
                                  desc=c.get("description", ""), priority=c.get("priority", 0))
                              for c in rtype.printer_columns]

    def cells(o, now):
        return [o["metadata"]["name"]] + [crdtypes.column_cell(o, c, lambda ts: _age(ts, now))
                                          for c in rtype.printer_columns]
    return cols, cells


def _pom(entry):
    raw = entry.cache.get("pom")
    if raw is None:
        raw = dumps({"kind": "PartialObjectMetadata", "apiVersion": "meta.k8s.io/v1",
                     "metadata": go_meta(entry.obj["metadata"])})
        entry.cache["pom"] = raw
    return raw


def render(rtype, entries, list_meta, include="Metadata", columns=True):
    """Build the Table JSON text for entries (Entry objects)."""
    now = time.time()
    cols, cells_fn = PRINTERS.get(rtype.plural, (CR_COLUMNS, None))
    if rtype.printer_columns:
        cols, cells_fn = _crd_printer(rtype)
    rows = []
    for e in entries:
        o = e.obj
        if cells_fn is None:
            cells = [o["metadata"]["name"], _age(o["metadata"].get("creationTimestamp"), now)]
        else:
            cells = cells_fn(o, now)
        parts = ['{"cells":', dumps(cells)]
        if rtype.plural == "pods":
            conds = pod_conditions(o)
            if conds:
                parts += [',"conditions":', dumps(conds)]
        if include == "Object":
            parts += [',"object":', crdtypes.stored_raw(rtype, e).decode("utf-8")]
        elif include != "None":
            parts += [',"object":', _pom(e)]
        parts.append("}")
        rows.append("".join(parts))
    head = '{"kind":"Table","apiVersion":"meta.k8s.io/v1","metadata":%s,"columnDefinitions":%s,"rows":[' % (
        dumps(list_meta), dumps(cols) if columns else "null")
    return (head + ",".join(rows) + "]}\n").encode("utf-8")
