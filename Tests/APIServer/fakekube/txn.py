"""Buffered changes against the store: controllers mutate freely, flush() commits one version per object."""

import json

from .store import Key


class Txn:
    def __init__(self, store):
        self.store = store
        self.changes = {}
        self.order = []

    def _k(self, res, ns, name):
        return (res, ns or "", name)

    def get(self, res, ns, name):
        """A mutable copy of the object (or None). Call put() to keep changes."""
        k = self._k(res, ns, name)
        if k in self.changes:
            op, obj = self.changes[k]
            return obj if op == "put" else None
        e = self.store.get(res, ns, name)
        return json.loads(e.raw) if e else None

    def exists(self, res, ns, name):
        k = self._k(res, ns, name)
        if k in self.changes:
            return self.changes[k][0] == "put"
        return self.store.get(res, ns, name) is not None

    def put(self, res, obj):
        m = obj["metadata"]
        k = self._k(res, m.get("namespace"), m["name"])
        if k not in self.changes:
            self.order.append(k)
        self.changes[k] = ("put", obj)

    def delete(self, res, ns, name):
        k = self._k(res, ns, name)
        if k not in self.changes:
            self.order.append(k)
        self.changes[k] = ("delete", None)

    def list(self, res, ns=None, pred=None):
        """Merged view: store items overlaid with buffered changes (copies only for changed items)."""
        out = {}
        for e in self.store.list(res, ns):
            out[Key(e.ns, e.name)] = e
        for (r, kns, name), (op, obj) in self.changes.items():
            if r != res or (ns and kns != ns):
                continue
            if op == "put":
                out[Key(kns, name)] = obj
            else:
                out.pop(Key(kns, name), None)
        items = []
        for k in sorted(out):
            v = out[k]
            obj = v if isinstance(v, dict) else v.obj
            if pred is None or pred(obj):
                items.append(obj)
        return items

    def editable(self, res, obj):
        """Return a mutable version of an object obtained from list()."""
        m = obj["metadata"]
        return self.get(res, m.get("namespace"), m["name"])

    def flush(self):
        st = self.store
        with st.lock:
            for k in self.order:
                op, obj = self.changes[k]
                res, ns, name = k
                if op == "put":
                    if st.get(res, ns, name) is None:
                        st.create(res, obj)
                    else:
                        st.update(res, obj)
                else:
                    st.delete(res, ns, name)
        self.changes.clear()
        self.order.clear()
