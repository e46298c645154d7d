"""POST /bulk with "kind": many training-operator or Trainer jobs at once (about 4 KB each, a status written
directly, no pods), for `jobs list` benchmarks next to the MPIJob ones of bulk.py."""

import json
import random
import time

from . import trainingseed
from .meta import mf_entry, set_managed
from .request import Request
from .schema import status_fields_v1
from .simjob import set_condition
from . import strategies
from .txn import Txn
from .util import new_uid, rfc3339
from . import seed as S

EXAMPLE = {"PyTorchJob": "pytorch", "TFJob": "tf", "XGBoostJob": "xgboost", "PaddleJob": "paddle", "JAXJob": "jax",
           "TrainJob": "multi-node"}
DESCRIPTION = ("synthetic training job for list benchmarks; shaped like the upstream example with a few extra "
               "labels and annotations so each object is about four kilobytes, like a real one")


class BulkKindError(ValueError):
    pass


def _status(kind, obj, created, running):
    name = obj["metadata"]["name"]
    st = {}
    if kind == "TrainJob":
        if running:
            st["jobsStatus"] = [{"name": "node", "ready": 1, "succeeded": 0, "failed": 0, "active": 1, "suspended": 0}]
        else:
            st["conditions"] = [{"type": "Complete", "status": "True", "reason": "AllJobsCompleted",
                                 "message": "jobset completed successfully", "lastTransitionTime": rfc3339(created + 40)}]
            st["jobsStatus"] = [{"name": "node", "ready": 0, "succeeded": 1, "failed": 0, "active": 0, "suspended": 0}]
        return st
    set_condition(st, "Created", "True", kind + "Created", "%s %s is created." % (kind, name), created + 1)
    set_condition(st, "Running", "True", kind + "Running", "%s %s is running." % (kind, name), created + 4,
                  ("Running",))
    specs = next(v for k, v in obj["spec"].items() if k.endswith("ReplicaSpecs"))
    if running:
        st["replicaStatuses"] = {t: {"active": int(s.get("replicas", 1))} for t, s in specs.items()}
    else:
        set_condition(st, "Succeeded", "True", kind + "Succeeded", "%s %s is successfully completed." % (kind, name),
                      created + 40, ("Running",))
        st["replicaStatuses"] = {t: {"succeeded": int(s.get("replicas", 1))} for t, s in specs.items()}
        st["completionTime"] = rfc3339(created + 40)
    st["startTime"] = rfc3339(created + 2)
    return st


def create(app, body):
    t_start = time.time()
    kind = body["kind"]
    if kind not in EXAMPLE:
        raise BulkKindError("kind must be MPIJob or one of %s" % ", ".join(sorted(EXAMPLE)))
    rtype = next((t for t in app.custom_types if t.kind == kind and t.version == t.storage_version), None)
    if rtype is None:
        raise BulkKindError("%s is not served: start the server with --crds training-operator,trainer" % kind)
    ns = body.get("namespace", "bench")
    count = int(body.get("count", 100))
    prefix = body.get("prefix", "bench-")
    if count < 0 or count > 100000:
        raise BulkKindError("count must be between 0 and 100000")
    rng = random.Random(body.get("seed", 42))
    now = time.time()
    base = trainingseed.load(trainingseed.EXAMPLES[EXAMPLE[kind]])
    base["metadata"] = {"name": "bulk-template", "labels": dict({"app.kubernetes.io/part-of": "benchmark",
                                                                 "team": "bench"}, **(body.get("labels") or {})),
                        "annotations": {"benchmark.odh/description": DESCRIPTION, "sim.odh/outcome": "NeverPickedUp"}}
    req = Request("POST", "", {}, "", S.UA, b"")
    template = json.dumps(strategies.prepare_create(app, req, rtype, base, ns, now))
    st = app.store
    created_n = 0
    with st.lock:
        txn = Txn(st)
        S.ensure_namespace(txn, ns, now - 3600)
        txn.flush()
        for i in range(count):
            obj = json.loads(template)
            m = obj["metadata"]
            m["name"] = "%s%05d" % (prefix, i)
            if st.get(rtype.key, ns, m["name"]) is not None:
                continue
            created = now - rng.uniform(60, 6 * 3600)
            m["uid"] = new_uid()
            m["creationTimestamp"] = rfc3339(created)
            obj["status"] = _status(kind, obj, created, running=i % 2 == 0)
            set_managed(m, mf_entry("training-operator", "Update", rtype.api_version,
                                    status_fields_v1(obj["status"]), created + 40, "status"))
            txn.put(rtype.key, obj)
            created_n += 1
            if len(txn.order) > 5000:
                txn.flush()
        txn.flush()
        rv = st.rv
    return {"created": created_n, "namespace": ns, "kind": kind, "resourceVersion": str(rv),
            "seconds": time.time() - t_start}
