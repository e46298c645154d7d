"""Garbage collector and kubelet-side pod termination.

- Background deletion: when an owner disappears its dependents (ownerReferences by uid) are deleted.
- Foreground deletion: an owner with deletionTimestamp and the `foregroundDeletion` finalizer stays
  until its blocking dependents are gone; then the finalizer is removed and the object deleted.
- Orphan: the `orphan` finalizer strips the dependents' ownerReferences, then the owner is deleted.
- Graceful pod deletion: deletionTimestamp is set, the "kubelet" stops the containers and the pod
  object disappears shortly after (not after the full grace period, to keep tests fast).
"""

import time

from .resources import JOBS, MPIJOBS, PODS
from .txn import Txn
from .util import rfc3339

OWNERS = (MPIJOBS, JOBS)
DEPENDENTS = (PODS, JOBS)


class GC:
    def __init__(self, app):
        self.app = app
        self.removals = {}  # (ns, name, uid) -> real time to remove
        self.deleted_uids = []
        self.deleting = set()  # (res, ns, name) of owners with a deletionTimestamp
        # Types whose objects go with their owner; Kueue's Workloads join when Kueue is served.
        self.dependents = list(DEPENDENTS)
        # Resources whose objects own pods or Jobs; simulated operators register their kinds.
        self.owner_types = {rt.key: rt for rt in OWNERS}

    def register_owner(self, rtype):
        self.owner_types[rtype.key] = rtype

    def reset(self):
        self.removals.clear()
        self.deleted_uids.clear()
        self.deleting.clear()

    def on_change(self, res, typ, new, old):
        if typ == "DELETED":
            uid = new.obj["metadata"].get("uid")
            if uid and (res in self.owner_types or res == PODS.key):
                self.deleted_uids.append(uid)
            if res == PODS.key:
                self.app.logs.forget_pod(uid)
        elif res in self.owner_types and new.obj["metadata"].get("deletionTimestamp"):
            self.deleting.add((res, new.ns, new.name))
        elif res == PODS.key and new.obj["metadata"].get("deletionTimestamp"):
            k = (new.ns, new.name, new.obj["metadata"]["uid"])
            if k not in self.removals:
                grace = new.obj["metadata"].get("deletionGracePeriodSeconds", 30) or 0
                delay = min(grace, max(0.3, 3 * self.app.tick))
                self.removals[k] = time.time() + delay
                self.app.logs.terminate_pod(k[2], time.time_ns())

    # ------------------------------------------------------------------ deletion primitives
    def graceful_delete(self, txn, rtype, obj, now, immediate=False, grace=None):
        """Delete a pod the way the API server does (graceful when it runs on a node)."""
        m = obj["metadata"]
        if rtype is not PODS:
            txn.delete(rtype.key, m.get("namespace"), m["name"])
            return None
        if grace is None:
            grace = obj["spec"].get("terminationGracePeriodSeconds", 30)
        phase = (obj.get("status") or {}).get("phase")
        if immediate or grace == 0 or not obj["spec"].get("nodeName") or phase in ("Succeeded", "Failed"):
            txn.delete(PODS.key, m.get("namespace"), m["name"])
            return None
        if not m.get("deletionTimestamp"):
            m["deletionTimestamp"] = rfc3339(now + grace)
            m["deletionGracePeriodSeconds"] = grace
            txn.put(PODS.key, obj)
        return obj

    def delete_owner(self, txn, rtype, obj, now, immediate=False):
        m = obj["metadata"]
        txn.delete(rtype.key, m.get("namespace"), m["name"])

    # ------------------------------------------------------------------ periodic work
    def tick(self, now):
        st = self.app.store
        with st.lock:
            txn = Txn(st)
            t = time.time()
            for k, due in list(self.removals.items()):
                if due <= t:
                    del self.removals[k]
                    e = st.get(PODS.key, k[0], k[1])
                    if e is not None and e.obj["metadata"]["uid"] == k[2]:
                        txn.delete(PODS.key, k[0], k[1])
            uids, self.deleted_uids = self.deleted_uids, []
            if uids:
                gone = set(uids)
                for rt in self.dependents:
                    for e in st.list(rt.key):
                        refs = e.obj["metadata"].get("ownerReferences") or []
                        if any(r.get("uid") in gone for r in refs):
                            obj = txn.get(rt.key, e.ns, e.name)
                            if obj is not None:
                                self.graceful_delete(txn, rt, obj, now)
            self._finalizers(txn, now)
            txn.flush()

    def _dependents(self, uid):
        st = self.app.store
        out = []
        for rt in self.dependents:
            for e in st.list(rt.key):
                if any(r.get("uid") == uid for r in e.obj["metadata"].get("ownerReferences") or []):
                    out.append((rt, e))
        return out

    def _finalizers(self, txn, now):
        st = self.app.store
        types = self.owner_types
        for res, ns, name in sorted(self.deleting):
            rt = types[res]
            e = st.get(res, ns, name)
            if e is None or not e.obj["metadata"].get("deletionTimestamp"):
                self.deleting.discard((res, ns, name))
                continue
            m = e.obj["metadata"]
            fins = m.get("finalizers") or []
            if "foregroundDeletion" in fins:
                deps = self._dependents(m["uid"])
                blocking = [(drt, d) for drt, d in deps
                            if any(r.get("uid") == m["uid"] and r.get("blockOwnerDeletion")
                                   for r in d.obj["metadata"].get("ownerReferences") or [])]
                for drt, d in blocking:
                    obj = txn.get(drt.key, d.ns, d.name)
                    if obj is None or obj["metadata"].get("deletionTimestamp"):
                        continue
                    if drt is JOBS:
                        obj["metadata"]["deletionTimestamp"] = rfc3339(now)
                        obj["metadata"]["deletionGracePeriodSeconds"] = 0
                        obj["metadata"]["finalizers"] = list(obj["metadata"].get("finalizers") or []) + [
                            "foregroundDeletion"]
                        txn.put(drt.key, obj)
                    else:
                        self.graceful_delete(txn, drt, obj, now)
                if not blocking:
                    self._drop_finalizer(txn, rt, e, "foregroundDeletion")
            elif "orphan" in fins:
                for drt, d in self._dependents(m["uid"]):
                    obj = txn.get(drt.key, d.ns, d.name)
                    if obj is None:
                        continue
                    obj["metadata"]["ownerReferences"] = [
                        r for r in obj["metadata"].get("ownerReferences") or [] if r.get("uid") != m["uid"]]
                    if not obj["metadata"]["ownerReferences"]:
                        del obj["metadata"]["ownerReferences"]
                    txn.put(drt.key, obj)
                self._drop_finalizer(txn, rt, e, "orphan")
            elif not fins:
                txn.delete(rt.key, e.ns, e.name)

    def _drop_finalizer(self, txn, rt, e, fin):
        obj = txn.get(rt.key, e.ns, e.name)
        if obj is None:
            return
        fins = [f for f in obj["metadata"].get("finalizers") or [] if f != fin]
        if fins:
            obj["metadata"]["finalizers"] = fins
            txn.put(rt.key, obj)
        else:
            txn.delete(rt.key, e.ns, e.name)
