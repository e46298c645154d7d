"""The control API: plain HTTP on loopback, JSON in and out (faults, request log, compaction, bulk, ...)."""

import json
import re
import threading
import time
import traceback
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from . import bulk
from . import seed
from .faults import FaultError


class ControlError(Exception):
    def __init__(self, code, message):
        super().__init__(message)
        self.code = code


class ControlHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    timeout = 300

    def log_message(self, fmt, *args):
        pass

    def _body(self):
        n = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(n) if n else b""
        if not raw.strip():
            return {}
        try:
            return json.loads(raw)
        except ValueError as e:
            raise ControlError(400, "body is not JSON: %s" % e)

    def _send(self, code, obj):
        data = (json.dumps(obj, indent=None) + "\n").encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        self._dispatch()

    do_POST = do_DELETE = do_PUT = do_GET

    def _dispatch(self):
        app = self.server.app
        path, _, query = self.path.partition("?")
        try:
            body = self._body() if self.command in ("POST", "PUT") else {}
            out = route(app, self.command, path.rstrip("/") or "/", query, body)
            self._send(200, out)
        except ControlError as e:
            self._send(e.code, {"error": str(e)})
        except FaultError as e:
            self._send(400, {"error": str(e)})
        except Exception as e:
            traceback.print_exc()
            self._send(500, {"error": "%s: %s" % (type(e).__name__, e)})


def route(app, method, path, query, body):
    if path == "/healthz":
        return {"ok": True, "resourceVersion": str(app.store.rv), "uptime": time.time() - app.started}
    if path == "/faults":
        if method == "GET":
            return {"faults": app.faults.list()}
        if method == "DELETE":
            return {"cleared": app.faults.clear()}
        if method == "POST":
            rules = body if isinstance(body, list) else [body]
            added = [app.faults.add(r) for r in rules]
            return added[0] if len(added) == 1 else {"faults": added}
    if path == "/requests":
        if method == "GET":
            with app.req_lock:
                items = list(app.requests)
            return {"requests": items}
        if method == "DELETE":
            with app.req_lock:
                n = len(app.requests)
                app.requests.clear()
            return {"cleared": n}
    if method == "POST" and path == "/compact":
        return {"compacted": str(app.store.compact())}
    if method == "POST" and path == "/drop-watches":
        n = sum(len(ws) for ws in app.store.watchers.values())
        app.store.close_watches("dropped")
        return {"dropped": n}
    if method == "POST" and path == "/drop-logs":
        return {"dropped": app.logs.drop_followers()}
    if method == "POST" and path == "/bulk":
        return bulk.create(app, body)
    if method == "POST" and path == "/reset":
        kind = body.get("seed", "standard")
        if kind not in ("standard", "none"):
            raise ControlError(400, "seed must be standard or none")
        app.reset()
        app.install_crd()
        app.install_custom_crds()
        seed.seed(app, kind)
        return {"seed": kind, "resourceVersion": str(app.store.rv)}
    m = re.match(r"^/jobs/([^/]+)/([^/]+)/transition$", path)
    if method == "POST" and m:
        to = body.get("to")
        if to not in ("Succeeded", "Failed", "Running"):
            raise ControlError(400, "to must be Succeeded, Failed or Running")
        now = time.time()
        rv = app.operator.transition(m.group(1), m.group(2), to, now)
        if rv is None:
            raise ControlError(404, "mpijob %s/%s not found" % (m.group(1), m.group(2)))
        return {"resourceVersion": str(rv), "time": time.time()}
    if method == "GET" and path == "/jobs":
        with app.store.lock:
            return {"jobs": [{"namespace": sj.ns, "name": sj.name, "phase": sj.phase, "outcome": sj.outcome,
                              "next_at": sj.next_at if sj.next_at != float("inf") else None}
                             for sj in app.operator.jobs.values()]}
    raise ControlError(404, "no such control endpoint: %s %s" % (method, path))


class ControlServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, addr, app):
        self.app = app
        super().__init__(addr, ControlHandler)


def start(app, port=0):
    srv = ControlServer(("127.0.0.1", port), app)
    t = threading.Thread(target=srv.serve_forever, kwargs={"poll_interval": 0.2}, daemon=True)
    t.start()
    return srv
