"""Watch streams: newline-delimited JSON events over a chunked 200 response."""

import base64
import random
import time

from . import status
from . import table
from .costmodel import Pacer
from .request import Response
from .store import TooOld
from .util import dumpb

BOOKMARK_EVERY = 1.0


def _bookmark(rtype, rv, extra_annotations=None):
    if rtype.custom:
        meta = {"resourceVersion": str(rv)}
        if extra_annotations:
            meta = {"annotations": extra_annotations, "resourceVersion": str(rv)}
        obj = {"apiVersion": rtype.api_version, "kind": rtype.kind, "metadata": meta}
        return b'{"type":"BOOKMARK","object":' + dumpb(obj, True) + b"}\n"
    meta = {"resourceVersion": str(rv), "creationTimestamp": None}
    if extra_annotations:
        meta["annotations"] = extra_annotations
    obj = {"kind": rtype.kind, "apiVersion": rtype.api_version, "metadata": meta}
    if rtype.plural == "pods":
        obj["spec"] = {"containers": None}
        obj["status"] = {}
    return dumpb({"type": "BOOKMARK", "object": obj}) + b"\n"


def _blueprint(rtype):
    if rtype.custom:
        txt = '{"apiVersion":"%s","items":[],"kind":"%s"}\n' % (rtype.api_version, rtype.list_kind)
    else:
        txt = '{"kind":"%s","apiVersion":"%s","metadata":{},"items":[]}\n' % (rtype.list_kind, rtype.api_version)
    return base64.b64encode(txt.encode()).decode()


class _Encoder:
    def __init__(self, rtype, mode):
        from .rest import full_raw
        self.full_raw = full_raw
        self.rtype = rtype
        self.mode = mode
        self.first_table = True

    def event(self, typ, entry):
        if self.mode == "table":
            body = table.render(self.rtype, [entry], {"resourceVersion": str(entry.rv)},
                                columns=self.first_table).rstrip(b"\n")
            self.first_table = False
            return b'{"type":"' + typ.encode() + b'","object":' + body + b"}\n"
        return b'{"type":"' + typ.encode() + b'","object":' + self.full_raw(self.rtype, entry) + b"}\n"


def start(app, req, rtype, ns, ls, fs, mode):
    rv_s = req.q("resourceVersion")
    match = req.q("resourceVersionMatch")
    send_initial = req.q("sendInitialEvents")
    bookmarks = req.qbool("allowWatchBookmarks")
    errs = []
    if send_initial is not None:
        if match != "NotOlderThan":
            errs.append(status.cause("FieldValueForbidden", "Forbidden: sendInitialEvents requires setting "
                                     "resourceVersionMatch to NotOlderThan", "resourceVersionMatch"))
        if not bookmarks:
            errs.append(status.cause("FieldValueForbidden", "Forbidden: sendInitialEvents requires setting "
                                     "allowWatchBookmarks to true", "allowWatchBookmarks"))
    elif match:
        errs.append(status.cause("FieldValueForbidden", "Forbidden: resourceVersionMatch is forbidden for watch "
                                 "unless sendInitialEvents is provided", "resourceVersionMatch"))
    if errs:
        raise status.invalid("ListOptions", "meta.k8s.io", "", errs)
    explicit_no_initial = send_initial is not None and send_initial.lower() not in ("true", "1")
    send_initial = (send_initial or "").lower() in ("true", "1")
    timeout = req.qint("timeoutSeconds", 0) or 0
    if timeout <= 0:
        timeout = 1800 * (1 + random.random())
    st = app.store
    namespace = ns if rtype.namespaced else None

    def matches(entry):
        if namespace and entry.ns != namespace:
            return False
        o = entry.obj
        return ls.matches(o["metadata"].get("labels")) and (fs.empty() or fs.matches(rtype.fields(o)))

    initial = []
    too_old = None
    with st.lock:
        if send_initial or not rv_s or rv_s == "0":
            from_rv = st.rv
            if not explicit_no_initial:
                initial = [e for e in st.list(rtype.key, namespace) if matches(e)]
            w, backlog = st.watch(rtype.key, from_rv)
        else:
            try:
                from_rv = int(rv_s)
            except ValueError:
                raise status.bad_request('invalid resource version: resourceVersion: Invalid value: "%s": '
                                         'strconv.ParseUint: parsing "%s": invalid syntax' % (rv_s, rv_s))
            try:
                w, backlog = st.watch(rtype.key, min(from_rv, st.rv))
            except TooOld as e:
                too_old = status.expired("too old resource version: %d (%d)" % (from_rv, e.oldest))
                w, backlog = None, []
        start_rv = st.rv
    enc = _Encoder(rtype, mode)

    def stream(out):
        if too_old is not None:
            out.write(b'{"type":"ERROR","object":' + dumpb(too_old.status()) + b"}\n")
            return
        app.watch_streams.add(w)
        try:
            _run(app, rtype, w, backlog, initial, matches, enc, out, bookmarks, send_initial, timeout, start_rv)
        finally:
            app.watch_streams.discard(w)
            st.unwatch(w)

    return Response(200, stream=stream, chunked=True)


def _convert(ev, matches):
    if ev.type == "ADDED":
        return "ADDED" if matches(ev.new) else None
    if ev.type == "DELETED":
        return "DELETED" if matches(ev.new) else None
    nm = matches(ev.new)
    om = ev.old is not None and matches(ev.old)
    if nm and om:
        return "MODIFIED"
    if nm:
        return "ADDED"
    if om:
        return "DELETED"
    return None


def _run(app, rtype, w, backlog, initial, matches, enc, out, bookmarks, send_initial, timeout, start_rv):
    st = app.store
    deadline = time.time() + timeout
    pacer = Pacer(app.cost, out)
    for e in initial:
        pacer.write(enc.event("ADDED", e))
    pacer.flush()
    if send_initial:
        out.write(_bookmark(rtype, start_rv, {"k8s.io/initial-events-end": "true",
                                              "kubernetes.io/initial-events-list-blueprint": _blueprint(rtype)}))
    pending = list(backlog)
    last_bm = time.time()
    while True:
        # A dropped connection carries nothing more: events queued before the drop reach
        # the client only through its resumed watch, as with a real broken connection.
        if w.closed and w.close_reason == "dropped":
            out.abort()
            return
        if pending:
            chunk = []
            for ev in pending:
                typ = _convert(ev, matches)
                if typ:
                    chunk.append(enc.event(typ, ev.new))
            pending = []
            if chunk:
                out.write(b"".join(chunk))
        if w.closed or app.stopping.is_set():
            if w.close_reason == "dropped":
                out.abort()
            return
        now = time.time()
        if now >= deadline:
            return
        if bookmarks and now - last_bm >= BOOKMARK_EVERY:
            with st.lock:
                rv = st.rv
                more = w.take(0)
            if more:
                pending = more
                continue
            out.write(_bookmark(rtype, rv))
            last_bm = now
        wait = min(deadline - now, BOOKMARK_EVERY if bookmarks else 1.0)
        pending = w.take(max(0.01, wait))
