"""HTTP/1.1 + TLS transport: keep-alive, Content-Length or chunked bodies, injected transport faults."""

import copy
import email.utils
import socket
import ssl
import sys
import threading
import time
import traceback
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, unquote

from . import status
from .request import Request, Response

FLOWSCHEMA_UID = "ef7e721f-ebf5-45fe-8cc1-d42692818acd"
PRIORITY_UID = "4b35c6fd-3d4a-4a8a-9f6b-5ac9f8f5c3a1"
CHUNK_THRESHOLD = 2048  # Go's net/http buffers this much before switching to chunked encoding
MAX_BODY = 3 * 1024 * 1024


class StreamAbort(Exception):
    """Raised to cut a response mid-way (the connection is closed without finishing the body)."""


class ClientGone(Exception):
    pass


class ChunkWriter:
    def __init__(self, handler, fault=None):
        self.h = handler
        self.bytes_left = None
        self.lines_left = None
        self.delay = None
        if fault and fault["action"] == "drop":
            if fault.get("after_bytes") is not None:
                self.bytes_left = int(fault["after_bytes"])
            if fault.get("after_lines") is not None:
                self.lines_left = int(fault["after_lines"])
        if fault and fault["action"] == "drip":
            self.delay = float(fault.get("delay", 0.05))
        self.sent = 0

    def _raw(self, data):
        try:
            self.h.wfile.write(data)
        except (OSError, ssl.SSLError, ValueError):
            raise ClientGone()

    def write(self, data):
        if not data:
            return
        cut = False
        if self.lines_left is not None:
            n = data.count(b"\n")
            if n >= self.lines_left:
                idx = -1
                for _ in range(self.lines_left):
                    idx = data.index(b"\n", idx + 1)
                data = data[:idx + 1]
                cut = True
            else:
                self.lines_left -= n
        if self.bytes_left is not None:
            if len(data) >= self.bytes_left:
                data = data[:self.bytes_left]
                cut = True
            else:
                self.bytes_left -= len(data)
        if self.delay is not None:
            for i in range(len(data)):
                self._raw(b"1\r\n" + data[i:i + 1] + b"\r\n")
                time.sleep(self.delay)
        elif data:
            self._raw(b"%x\r\n%s\r\n" % (len(data), data))
        self.sent += len(data)
        if cut:
            raise StreamAbort()

    def end(self):
        self._raw(b"0\r\n\r\n")

    def abort(self):
        raise StreamAbort()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    timeout = 600
    # Go (and so kube-apiserver) sets TCP_NODELAY on every connection. Without it, the TLS 1.3
    # session tickets sent after the handshake hold back the first response for a delayed
    # ACK (~40 ms), a cost no real cluster has.
    disable_nagle_algorithm = True

    def log_message(self, fmt, *args):
        if self.server.app.verbose:
            sys.stderr.write("%s - %s\n" % (self.address_string(), fmt % args))

    def do_GET(self):
        self.handle_any()

    do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = do_OPTIONS = do_GET

    def _read_body(self):
        te = (self.headers.get("Transfer-Encoding") or "").lower()
        if "chunked" in te:
            out = b""
            while True:
                line = self.rfile.readline(65537)
                size = int(line.split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    while self.rfile.readline(65537) not in (b"\r\n", b"\n", b""):
                        pass
                    return out
                out += self.rfile.read(size)
                self.rfile.readline(65537)
                if len(out) > MAX_BODY:
                    raise status.APIError(413, "RequestEntityTooLarge", "Request entity too large: limit is 3145728")
        n = int(self.headers.get("Content-Length") or 0)
        if n > MAX_BODY:
            self.rfile.read(n)
            raise status.APIError(413, "RequestEntityTooLarge", "Request entity too large: limit is 3145728")
        return self.rfile.read(n) if n else b""

    def _peer(self):
        try:
            return self.connection.getpeercert(), self.connection.getpeercert(binary_form=True)
        except (AttributeError, ValueError, ssl.SSLError):
            return None, None

    def handle_any(self):
        app = self.server.app
        t0 = time.time()
        raw_path = self.path
        path, _, raw_query = raw_path.partition("?")
        path = unquote(path)
        try:
            body = self._read_body()
        except status.APIError as e:
            self.send_plain(e.code, e.body(), "application/json")
            return
        req = Request(self.command, path, parse_qs(raw_query, keep_blank_values=True), raw_query, self.headers, body)
        fault = None
        try:
            cert, der = self._peer()
            user = app.authn.authenticate(self.headers, cert, der)
            if user is None:
                raise status.unauthorized()
            req.user = user
            req.user = app.authn.impersonate(user, self.headers)
            fault = app.faults.match(self.command, path, raw_query)
            if fault and fault["action"] == "slow":
                time.sleep(float(fault.get("delay", 1.0)))
                fault = None
            pre = self.pre_fault(fault) if fault else None
            if pre is not None:
                app.record(req, pre, t0, fault)
                return
            resp = app.route(req)
        except status.APIError as e:
            resp = Response(e.code, e.body(), headers=list(e.headers.items()))
        except Exception:
            traceback.print_exc()
            e = status.internal("unexpected server error")
            resp = Response(500, e.body())
        app.record(req, resp.code, t0, fault)
        if app.cost is not None and resp.stream is None and app.cost.wants_gzip(self.headers.get("Accept-Encoding"),
                                                                                 resp.body or b""):
            # A copy: some responses are shared constants. Compressed before the charge is spent: the
            # calibration's encoding time includes the gzip that both clients ask for.
            resp = copy.copy(resp)
            resp.body = app.cost.gzip(resp.body)
            resp.headers = list(resp.headers) + [("Content-Encoding", "gzip"), ("Vary", "Accept-Encoding")]
        if resp.cost > 0:
            # --cost-model: the answer leaves when a real apiserver would have it encoded.
            app.cost.spend(t0, resp.cost)
        self.send(resp, fault, authed=req.user is not None)

    # ------------------------------------------------------------------ faults applied before routing
    def pre_fault(self, fault):
        a = fault["action"]
        if a == "status" and fault.get("raw") is not None:
            # A body that is not a Status (a generic apiserver's path index for a path it does not serve).
            code = int(fault.get("code", 500))
            self.send(Response(code, fault["raw"].encode(), ctype="application/json"), None)
            return code
        if a == "status":
            e = status.from_code(int(fault.get("code", 500)), fault.get("message"), fault.get("reason"),
                                 fault.get("retry_after"))
            self.send(Response(e.code, e.body(), headers=list(e.headers.items())), None)
            return e.code
        if a == "html":
            code = int(fault.get("code", 200))
            html = ("<html>\r\n<head><title>%d Bad Gateway</title></head>\r\n<body>\r\n<center><h1>%d Bad Gateway"
                    "</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n" % (code, code)).encode()
            self.send(Response(code, html, ctype="text/html"), None)
            return code
        if a == "wrongkind":
            body = (b'{"kind":"ConfigMap","apiVersion":"v1","metadata":{"name":"kube-root-ca.crt","namespace":'
                    b'"default","uid":"8f1d3c52-4a55-4cde-9d0b-6f2a2d1f6a10","resourceVersion":"1",'
                    b'"creationTimestamp":"2026-01-01T00:00:00Z"},"data":{"ca.crt":"..."}}\n')
            self.send(Response(200, body), None)
            return 200
        if a == "drop" and fault.get("after_bytes") is None and fault.get("after_lines") is None:
            self.abort_connection()
            return 0
        return None

    def abort_connection(self):
        self.close_connection = True
        try:
            self.connection.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass

    # ------------------------------------------------------------------ writing
    def _headers(self, code, ctype, extra, authed=True):
        phrase = self.responses[code][0] if code in self.responses else status.REASONS.get(code, "")
        lines = ["HTTP/1.1 %d %s" % (code, phrase)]
        lines.append("Audit-Id: " + str(uuid.uuid4()))
        lines.append("Cache-Control: no-cache, private")
        lines.append("Content-Type: " + ctype)
        for k, v in extra:
            lines.append("%s: %s" % (k, v))
        if authed and code != 401:
            lines.append("X-Kubernetes-Pf-Flowschema-Uid: " + FLOWSCHEMA_UID)
            lines.append("X-Kubernetes-Pf-Prioritylevel-Uid: " + PRIORITY_UID)
        lines.append("Date: " + email.utils.formatdate(usegmt=True))
        return lines

    def send_plain(self, code, body, ctype):
        lines = self._headers(code, ctype, [])
        lines.append("Content-Length: %d" % len(body))
        self._write(("\r\n".join(lines) + "\r\n\r\n").encode() + body)

    def _write(self, data):
        try:
            self.wfile.write(data)
        except (OSError, ssl.SSLError, ValueError):
            self.close_connection = True

    def send(self, resp, fault, authed=True):
        lines = self._headers(resp.code, resp.ctype, resp.headers, authed)
        action = fault["action"] if fault else None
        if resp.stream is not None:
            lines.append("Transfer-Encoding: chunked")
            self._write(("\r\n".join(lines) + "\r\n\r\n").encode())
            w = ChunkWriter(self, fault)
            try:
                resp.stream(w)
                w.end()
            except StreamAbort:
                self.abort_connection()
            except ClientGone:
                self.close_connection = True
            return
        body = resp.body or b""
        if action == "truncate":
            lines.append("Content-Length: %d" % len(body))
            self._write(("\r\n".join(lines) + "\r\n\r\n").encode() + body[:len(body) // 2])
            self.abort_connection()
            return
        if action == "drip":
            lines.append("Content-Length: %d" % len(body))
            self._write(("\r\n".join(lines) + "\r\n\r\n").encode())
            delay = float(fault.get("delay", 0.05))
            for i in range(len(body)):
                self._write(body[i:i + 1])
                if self.close_connection:
                    return
                time.sleep(delay)
            return
        if action == "drop":
            lines.append("Content-Length: %d" % len(body))
            n = int(fault.get("after_bytes") or 0)
            if fault.get("after_lines") is not None:
                idx = -1
                for _ in range(int(fault["after_lines"])):
                    idx = body.find(b"\n", idx + 1)
                    if idx < 0:
                        idx = len(body)
                        break
                n = idx + 1
            self._write(("\r\n".join(lines) + "\r\n\r\n").encode() + body[:n])
            self.abort_connection()
            return
        if resp.chunked or len(body) > CHUNK_THRESHOLD:
            lines.append("Transfer-Encoding: chunked")
            parts = [("\r\n".join(lines) + "\r\n\r\n").encode()]
            step = 1 << 20
            for i in range(0, len(body), step):
                piece = body[i:i + step]
                parts.append(b"%x\r\n" % len(piece))
                parts.append(piece)
                parts.append(b"\r\n")
            parts.append(b"0\r\n\r\n")
            self._write(b"".join(parts))
        else:
            lines.append("Content-Length: %d" % len(body))
            self._write(("\r\n".join(lines) + "\r\n\r\n").encode() + body)


class TLSServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 256

    def __init__(self, addr, handler, ctx, app):
        self.ctx = ctx
        self.app = app
        super().__init__(addr, handler)

    def finish_request(self, request, client_address):
        tls = None
        try:
            request.settimeout(30)
            tls = self.ctx.wrap_socket(request, server_side=True)
            tls.settimeout(Handler.timeout)
        except (ssl.SSLError, OSError, ValueError):
            try:
                request.close()
            except OSError:
                pass
            return
        try:
            self.RequestHandlerClass(tls, client_address, self)
        except (OSError, ssl.SSLError, ValueError):
            pass
        finally:
            try:
                tls.close()
            except OSError:
                pass

    def handle_error(self, request, client_address):
        if self.app.verbose:
            traceback.print_exc()


def tls_context(pki_dir):
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(pki_dir + "/server.crt", pki_dir + "/server.key")
    ctx.load_verify_locations(pki_dir + "/ca.crt")
    ctx.verify_mode = ssl.CERT_OPTIONAL
    ctx.set_alpn_protocols(["http/1.1"])
    return ctx


def serve_in_thread(server):
    t = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.2}, daemon=True)
    t.start()
    return t
