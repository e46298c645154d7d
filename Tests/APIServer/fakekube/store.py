"""The object store: one global resourceVersion, cached JSON per object, event history, watch fan-out."""

import bisect
import collections
import threading

from .meta import go_meta
from .util import dumpb

Key = collections.namedtuple("Key", "ns name")


def etcd_order(k):
    """etcd (and the watch cache's btree) order objects by their key, ".../<namespace>/<name>": byte order of
    "ns/name", so namespace "a-b" comes before "a" ('-' < '/'), unlike (ns, name) tuples."""
    return k.ns + "/" + k.name if k.ns else k.name


class Entry:
    """One committed object version. Never mutated after commit (copy-on-write)."""
    __slots__ = ("obj", "raw", "rv", "ns", "name", "cache")

    def __init__(self, obj, raw, rv):
        self.obj = obj
        self.raw = raw
        self.rv = rv
        meta = obj["metadata"]
        self.ns = meta.get("namespace", "")
        self.name = meta["name"]
        self.cache = {}

    @property
    def labels(self):
        return self.obj["metadata"].get("labels") or {}


class Event:
    __slots__ = ("rv", "res", "type", "new", "old")

    def __init__(self, rv, res, typ, new, old):
        self.rv = rv
        self.res = res
        self.type = typ
        self.new = new
        self.old = old


class Watcher:
    def __init__(self, res):
        self.res = res
        self.q = collections.deque()
        self.cond = threading.Condition(threading.Lock())
        self.closed = False
        self.close_reason = None

    def push(self, ev):
        with self.cond:
            self.q.append(ev)
            self.cond.notify()

    def close(self, reason="closed"):
        with self.cond:
            self.closed = True
            self.close_reason = reason
            self.cond.notify()

    def take(self, timeout):
        with self.cond:
            if not self.q and not self.closed:
                self.cond.wait(timeout)
            out = list(self.q)
            self.q.clear()
            return out


class Table:
    def __init__(self, rtype):
        self.rtype = rtype
        self.items = {}
        self._sorted = None
        self._order = None

    def sorted_keys(self):
        if self._sorted is None:
            self._sorted = sorted(self.items, key=etcd_order)
            self._order = [etcd_order(k) for k in self._sorted]
        return self._sorted

    def namespace_range(self, ns):
        """(lo, hi) of the namespace's keys in sorted_keys(): they share the prefix "ns/"."""
        self.sorted_keys()
        prefix = ns + "/"
        lo = bisect.bisect_left(self._order, prefix)
        hi = bisect.bisect_left(self._order, ns + "0")  # '0' follows '/' in byte order
        return lo, hi


class TooOld(Exception):
    def __init__(self, oldest):
        super().__init__("too old")
        self.oldest = oldest


class Store:
    def __init__(self, max_history=300000):
        self.lock = threading.RLock()
        self.rv = 0
        self.tables = {}
        self.history = []
        self.history_rvs = []
        self.compacted = 0
        self.watchers = collections.defaultdict(set)
        self.max_history = max_history
        self.listeners = []
        self.commit_times = {}

    # ------------------------------------------------------------ tables
    def register(self, rtype):
        self.tables[rtype.key] = Table(rtype)

    def table(self, res):
        return self.tables[res]

    def serialize(self, rtype, obj):
        return dumpb(obj, sort_keys=rtype.custom)

    # ------------------------------------------------------------ reads
    def get(self, res, ns, name):
        return self.tables[res].items.get(Key(ns or "", name))

    def list(self, res, ns=None):
        t = self.tables[res]
        items = t.items
        keys = t.sorted_keys()
        if ns:
            lo, hi = t.namespace_range(ns)
            return [items[k] for k in keys[lo:hi]]
        return [items[k] for k in keys]

    def count(self, res, ns=None):
        if not ns:
            return len(self.tables[res].items)
        return sum(1 for k in self.tables[res].items if k.ns == ns)

    def list_at(self, res, ns, rv):
        """The (sorted) items of res as they were at resourceVersion rv."""
        if rv >= self.rv:
            return self.list(res, ns)
        if rv < self.compacted:
            raise TooOld(self.compacted)
        state = dict(self.tables[res].items)
        i = len(self.history) - 1
        while i >= 0 and self.history[i].rv > rv:
            ev = self.history[i]
            if ev.res == res:
                k = Key(ev.new.ns, ev.new.name)
                if ev.type == "ADDED":
                    state.pop(k, None)
                elif ev.old is not None:
                    state[k] = ev.old
            i -= 1
        keys = sorted((k for k in state if not ns or k.ns == ns), key=etcd_order)
        return [state[k] for k in keys]

    # ------------------------------------------------------------ writes
    def _commit(self, res, typ, new, old, obj_for_rv):
        self.history.append(Event(self.rv, res, typ, new, old))
        self.history_rvs.append(self.rv)
        if len(self.history) > self.max_history * 1.1:
            cut = len(self.history) - self.max_history
            self.compacted = self.history[cut - 1].rv
            del self.history[:cut]
            del self.history_rvs[:cut]
        ev = self.history[-1]
        for w in list(self.watchers.get(res, ())):
            w.push(ev)
        for fn in self.listeners:
            fn(res, typ, new, old)

    def _stamp(self, rtype, obj):
        self.rv += 1
        obj["metadata"]["resourceVersion"] = str(self.rv)
        if not rtype.custom:
            obj.pop("kind", None)
            obj.pop("apiVersion", None)
            obj["metadata"] = go_meta(obj["metadata"])
        return Entry(obj, self.serialize(rtype, obj), self.rv)

    def create(self, res, obj):
        with self.lock:
            t = self.tables[res]
            k = Key(obj["metadata"].get("namespace", ""), obj["metadata"]["name"])
            if k in t.items:
                raise KeyError("exists")
            e = self._stamp(t.rtype, obj)
            t.items[k] = e
            t._sorted = None
            self._commit(res, "ADDED", e, None, obj)
            return e

    def update(self, res, obj):
        with self.lock:
            t = self.tables[res]
            k = Key(obj["metadata"].get("namespace", ""), obj["metadata"]["name"])
            old = t.items.get(k)
            if old is None:
                raise KeyError("missing")
            e = self._stamp(t.rtype, obj)
            t.items[k] = e
            self._commit(res, "MODIFIED", e, old, obj)
            return e

    def delete(self, res, ns, name):
        with self.lock:
            t = self.tables[res]
            k = Key(ns or "", name)
            old = t.items.pop(k, None)
            if old is None:
                return None
            t._sorted = None
            obj = dict(old.obj)
            obj["metadata"] = dict(obj["metadata"])
            e = self._stamp(t.rtype, obj)
            self._commit(res, "DELETED", e, old, obj)
            return e

    # ------------------------------------------------------------ watch
    def watch(self, res, from_rv):
        """Register a watcher; return (watcher, backlog events with rv > from_rv)."""
        with self.lock:
            if from_rv < self.compacted:
                raise TooOld(self.compacted + 1)
            i = bisect.bisect_right(self.history_rvs, from_rv)
            backlog = [ev for ev in self.history[i:] if ev.res == res]
            w = Watcher(res)
            self.watchers[res].add(w)
            return w, backlog

    def unwatch(self, w):
        with self.lock:
            self.watchers[w.res].discard(w)

    def close_watches(self, reason="dropped"):
        with self.lock:
            for ws in self.watchers.values():
                for w in list(ws):
                    w.close(reason)

    def compact(self):
        with self.lock:
            self.compacted = self.rv
            self.history.clear()
            self.history_rvs.clear()
            return self.compacted

    def clear(self):
        with self.lock:
            for t in self.tables.values():
                t.items.clear()
                t._sorted = None
            self.compact()
