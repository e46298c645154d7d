"""core/v1 Events as client-go's recorder writes them (aggregated: count + lastTimestamp)."""

import itertools

from .meta import mf_entry
from .resources import EVENTS
from .util import new_uid, rfc3339

_seq = itertools.count(1)

_FIELDS = {"f:count": {}, "f:firstTimestamp": {}, "f:involvedObject": {}, "f:lastTimestamp": {}, "f:message": {},
           "f:reason": {}, "f:reportingComponent": {}, "f:source": {"f:component": {}}, "f:type": {}}
_FIELDS_HOST = dict(_FIELDS, **{"f:reportingInstance": {}, "f:source": {"f:component": {}, "f:host": {}}})


class Recorder:
    def __init__(self):
        self.index = {}  # aggregation key -> (namespace, event name)

    def reset(self):
        self.index.clear()

    def record(self, txn, obj, api_version, kind, etype, reason, message, component, ts,
               host=None, field_path=None, manager="mpi-operator"):
        m = obj["metadata"]
        ns = m.get("namespace") or "default"
        uid = m.get("uid", "")
        key = (uid, etype, reason, message, component, field_path)
        hit = self.index.get(key)
        if hit:
            ev = txn.get(EVENTS.key, hit[0], hit[1])
            if ev is not None:
                ev["count"] = ev.get("count", 1) + 1
                ev["lastTimestamp"] = rfc3339(ts)
                ev["metadata"]["managedFields"][0]["time"] = rfc3339(ts)
                txn.put(EVENTS.key, ev)
                return ev
        name = "%s.%x" % (m["name"], int(ts * 1e9) + next(_seq))
        io = {"kind": kind, "namespace": ns, "name": m["name"], "uid": uid, "apiVersion": api_version,
              "resourceVersion": m.get("resourceVersion", "")}
        if field_path:
            io["fieldPath"] = field_path
        src = {"component": component}
        if host:
            src["host"] = host
        ev = {"metadata": {"name": name, "namespace": ns, "uid": new_uid(), "creationTimestamp": rfc3339(ts),
                           "managedFields": [mf_entry(manager, "Update", "v1", _FIELDS_HOST if host else _FIELDS, ts)]},
              "involvedObject": io, "reason": reason, "message": message, "source": src,
              "firstTimestamp": rfc3339(ts), "lastTimestamp": rfc3339(ts), "count": 1, "type": etype,
              "eventTime": None, "reportingComponent": component, "reportingInstance": host or ""}
        txn.put(EVENTS.key, ev)
        self.index[key] = (ns, name)
        return ev
