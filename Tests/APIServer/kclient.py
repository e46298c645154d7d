"""A tiny HTTPS client for the server's own tests: raw status lines, headers, framing and streams."""

import http.client
import json
import os
import socket
import ssl
import time


class Resp:
    def __init__(self, status, reason, headers, body, chunked):
        self.status = status
        self.reason = reason
        self.headers = headers
        self.body = body
        self.chunked = chunked

    def json(self):
        return json.loads(self.body)

    @property
    def text(self):
        return self.body.decode("utf-8", "replace")

    def __repr__(self):
        return "Resp(%d %s, %r)" % (self.status, self.reason, self.body[:300])


class Client:
    """user: 'admin' or 'alice' (client certificates), a token user ('ci-bot', 'viewer', 'bad-token'),
    None (anonymous), or ('token', '<value>')."""

    def __init__(self, srv, user="admin"):
        self.srv = srv
        self.user = user
        ctx = ssl.create_default_context(cafile=srv.ca_file)
        self.token = None
        if user in ("admin", "alice"):
            pki = os.path.join(str(srv.dir), "pki")
            ctx.load_cert_chain(os.path.join(pki, user + ".crt"), os.path.join(pki, user + ".key"))
        elif isinstance(user, tuple):
            self.token = user[1]
        elif user is not None:
            self.token = srv.token(user)
        self.ctx = ctx
        self.conn = None

    def _conn(self, timeout):
        if self.conn is None:
            self.conn = http.client.HTTPSConnection("127.0.0.1", self.srv.port, context=self.ctx, timeout=timeout)
        self.conn.timeout = timeout
        if self.conn.sock is not None:
            self.conn.sock.settimeout(timeout)
        return self.conn

    def close(self):
        if self.conn is not None:
            self.conn.close()
            self.conn = None

    def _headers(self, headers, body):
        h = {"User-Agent": "fakekube-tests/1.0", "Accept": "application/json"}
        if self.token:
            h["Authorization"] = "Bearer " + self.token
        if body is not None:
            h["Content-Type"] = "application/json"
        h.update(headers or {})
        return h

    def request(self, method, path, body=None, headers=None, timeout=20):
        if isinstance(body, (dict, list)):
            body = json.dumps(body).encode()
        elif isinstance(body, str):
            body = body.encode()
        for attempt in (0, 1):
            c = self._conn(timeout)
            try:
                c.request(method, path, body=body, headers=self._headers(headers, body))
                r = c.getresponse()
                data = r.read()
                hdrs = {}
                for k, v in r.getheaders():
                    k = k.lower()
                    hdrs[k] = hdrs[k] + ", " + v if k in hdrs else v
                return Resp(r.status, r.reason, hdrs, data, r.chunked)
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                self.close()
                if attempt:
                    raise

    def get(self, path, **kw):
        return self.request("GET", path, **kw)

    def stream(self, path, headers=None, timeout=20):
        """Open a streaming GET; returns Stream (read lines as they arrive)."""
        c = http.client.HTTPSConnection("127.0.0.1", self.srv.port, context=self.ctx, timeout=timeout)
        c.request("GET", path, headers=self._headers(headers, None))
        r = c.getresponse()
        return Stream(c, r)


class Stream:
    def __init__(self, conn, resp):
        self.conn = conn
        self.resp = resp
        self.status = resp.status
        self.headers = {k.lower(): v for k, v in resp.getheaders()}
        self.buf = b""

    def readline(self):
        """One line; b"" at a clean end; raises IncompleteRead when the body is cut."""
        while b"\n" not in self.buf:
            data = self.resp.read1(65536)
            if not data:
                out, self.buf = self.buf, b""
                return out
            self.buf += data
        line, _, self.buf = self.buf.partition(b"\n")
        return line + b"\n"

    def lines(self, n=None, seconds=10):
        """Read up to n lines or until the stream ends or `seconds` pass."""
        out = []
        deadline = time.time() + seconds
        self.conn.sock.settimeout(max(0.05, seconds))
        while (n is None or len(out) < n) and time.time() < deadline:
            self.conn.sock.settimeout(max(0.05, deadline - time.time()))
            try:
                line = self.readline()
            except (http.client.IncompleteRead, ConnectionError, ssl.SSLEOFError) as e:
                out.append(("ABORTED", str(e)))
                break
            except (socket.timeout, TimeoutError, ssl.SSLError):
                break
            if not line:
                break
            out.append(line)
        return out

    def events(self, n=None, seconds=10):
        return [json.loads(x) for x in self.lines(n, seconds) if not isinstance(x, tuple)]

    def close(self):
        try:
            self.conn.close()
        except OSError:
            pass
