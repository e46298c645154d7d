"""Run the kubectl-odh binary (and kubectl) against the test API server in Tests/APIServer.

Used by Tests/Integration/conftest.py; importable on its own:

    from harness import FakeCluster
    with FakeCluster() as srv:
        r = srv.odh("mpijob", "list", "-A")
        assert r.code == 0, r.err
"""

import errno
import fcntl
import json
import os
import pty
import select
import shutil
import signal
import struct
import subprocess
import sys
import tempfile
import termios
import time
import urllib.error
import urllib.request
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
SERVER_SCRIPT = REPO_ROOT / "Tests" / "APIServer" / "kubeapiserver.py"
CONTEXTS = ("admin", "alice", "ci-bot", "viewer", "bad-token")
PROXY_VARS = ("HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy", "NO_PROXY",
              "no_proxy")


def odh_binary():
    """ODH_BIN, else <repo>/.build/debug/kubectl-odh."""
    env = os.environ.get("ODH_BIN")
    if env:
        p = Path(env)
        return p if p.is_absolute() else (REPO_ROOT / p)
    return REPO_ROOT / ".build" / "debug" / "kubectl-odh"


def kubectl_binary():
    return os.environ.get("KUBECTL") or shutil.which("kubectl") or ("/usr/bin/kubectl"
                                                                     if os.path.exists("/usr/bin/kubectl") else None)


class Result:
    """Outcome of a command: .code, .out, .err (str), .json()."""

    def __init__(self, argv, code, out, err, seconds):
        self.argv = argv
        self.code = code
        self.out = out
        self.err = err
        self.seconds = seconds

    def json(self):
        return json.loads(self.out)

    def lines(self):
        return self.out.splitlines()

    def __repr__(self):
        return "Result(code=%r, argv=%r, out=%r, err=%r)" % (self.code, self.argv, self.out[-2000:], self.err[-2000:])


def clean_env(home, env=None):
    """The environment for a child: no real kube config, no proxies, HOME in a temp dir."""
    base = {k: v for k, v in os.environ.items() if k not in PROXY_VARS and k != "KUBECONFIG"}
    base["HOME"] = str(home)
    base.setdefault("LANG", "C.UTF-8")
    if env:
        for k, v in env.items():
            if v is None:
                base.pop(k, None)
            else:
                base[k] = str(v)
    return base


def run(argv, stdin=None, env=None, timeout=60):
    t0 = time.time()
    if isinstance(stdin, str):
        stdin = stdin.encode()
    try:
        p = subprocess.run([str(a) for a in argv], input=stdin if stdin is not None else b"",
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, timeout=timeout)
        code, out, err = p.returncode, p.stdout, p.stderr
    except subprocess.TimeoutExpired as e:
        code, out, err = -9, e.stdout or b"", (e.stderr or b"") + b"\n[harness] timed out after %ds" % timeout
    return Result([str(a) for a in argv], code, out.decode("utf-8", "replace"), err.decode("utf-8", "replace"),
                  time.time() - t0)


class ControlError(RuntimeError):
    pass


class FakeCluster:
    """A running test API server (Tests/APIServer/kubeapiserver.py) in its own temp directory."""

    def __init__(self, seed="standard", tick=0.05, no_mpijob_crd=False, extra_args=(), directory=None,
                 startup_timeout=60, crds=()):
        """`crds`: upstream CRD sets to serve as well ("kueue", "training-operator", "trainer")."""
        self.seed = seed
        self.crds = list(crds)
        self.tick = tick
        self.no_mpijob_crd = no_mpijob_crd
        self.extra_args = list(extra_args)
        self._own_dir = directory is None
        self.dir = Path(directory or tempfile.mkdtemp(prefix="odh-apiserver-"))
        self.startup_timeout = startup_timeout
        self.proc = None
        self.info = None
        self.home = self.dir / "home"
        self.home.mkdir(parents=True, exist_ok=True)

    # ------------------------------------------------------------------ lifecycle
    def start(self):
        info_path = self.dir / "server.json"
        if info_path.exists():
            info_path.unlink()
        argv = [sys.executable, str(SERVER_SCRIPT), "--dir", str(self.dir), "--tick", str(self.tick),
                "--seed", self.seed, "--parent-pid", str(os.getpid())]
        if self.no_mpijob_crd:
            argv.append("--no-mpijob-crd")
        if self.crds:
            argv += ["--crds", ",".join(self.crds)]
        argv += self.extra_args
        self._log = open(self.dir / "server.log", "ab")
        self.proc = subprocess.Popen(argv, stdout=self._log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                     start_new_session=True)
        deadline = time.time() + self.startup_timeout
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError("test API server exited with %s:\n%s" % (self.proc.returncode, self.log()))
            if info_path.exists():
                try:
                    self.info = json.loads(info_path.read_text())
                    break
                except ValueError:
                    pass
            time.sleep(0.05)
        else:
            self.stop()
            raise RuntimeError("test API server did not start within %ss:\n%s" % (self.startup_timeout, self.log()))
        return self

    def stop(self):
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
        self.proc = None
        if getattr(self, "_log", None):
            self._log.close()
            self._log = None
        if self._own_dir and os.environ.get("ODH_KEEP_SERVER_DIR") is None:
            shutil.rmtree(self.dir, ignore_errors=True)

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    def log(self):
        try:
            return (self.dir / "server.log").read_text(errors="replace")[-5000:]
        except OSError:
            return ""

    # ------------------------------------------------------------------ addresses
    @property
    def kubeconfig(self):
        return str(self.dir / "kubeconfig")

    @property
    def url(self):
        return self.info["url"]

    @property
    def port(self):
        return self.info["port"]

    @property
    def control_url(self):
        return self.info["control_url"]

    @property
    def pid(self):
        return self.info["pid"]

    @property
    def ca_file(self):
        return str(self.dir / "pki" / "ca.crt")

    def token(self, user):
        return json.loads((self.dir / "tokens.json").read_text())[user]

    # ------------------------------------------------------------------ control API
    def control(self, method, path, body=None, timeout=120):
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(self.control_url + path, data=data, method=method,
                                     headers={"Content-Type": "application/json"})
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        try:
            with opener.open(req, timeout=timeout) as resp:
                return json.loads(resp.read() or b"null")
        except urllib.error.HTTPError as e:
            raise ControlError("%s %s -> %d: %s" % (method, path, e.code, e.read().decode(errors="replace")))

    def reset(self, seed="standard"):
        return self.control("POST", "/reset", {"seed": seed})

    def requests(self, path=None, method=None):
        items = self.control("GET", "/requests")["requests"]
        if path is not None:
            import re
            items = [r for r in items if re.search(path, r["path"])]
        if method is not None:
            items = [r for r in items if r["method"] == method]
        return items

    def clear_requests(self):
        return self.control("DELETE", "/requests")

    def add_fault(self, **rule):
        return self.control("POST", "/faults", rule)

    def faults(self):
        return self.control("GET", "/faults")["faults"]

    def clear_faults(self):
        return self.control("DELETE", "/faults")

    def compact(self):
        return self.control("POST", "/compact")

    def drop_watches(self):
        return self.control("POST", "/drop-watches")

    def drop_logs(self):
        return self.control("POST", "/drop-logs")

    def bulk(self, **spec):
        return self.control("POST", "/bulk", spec)

    def transition(self, namespace, name, to):
        return self.control("POST", "/jobs/%s/%s/transition" % (namespace, name), {"to": to})

    def jobs(self):
        return self.control("GET", "/jobs")["jobs"]

    # ------------------------------------------------------------------ running clients
    def _kube_args(self, context, kubeconfig):
        args = []
        if kubeconfig is None:
            args += ["--kubeconfig", self.kubeconfig]
        elif kubeconfig:
            args += ["--kubeconfig", str(kubeconfig)]
        if context:
            args += ["--context", context]
        return args

    def odh(self, *args, context=None, stdin=None, env=None, timeout=60, kubeconfig=None):
        """Run kubectl-odh with --kubeconfig <this server> (kubeconfig=False: no flag; a path: that file)."""
        binary = odh_binary()
        if not binary.exists():
            raise FileNotFoundError("kubectl-odh binary not found at %s (build it, or set ODH_BIN)" % binary)
        argv = [str(binary)] + self._kube_args(context, kubeconfig) + [str(a) for a in args]
        return run(argv, stdin=stdin, env=clean_env(self.home, env), timeout=timeout)

    def kubectl(self, *args, context=None, stdin=None, env=None, timeout=60, kubeconfig=None):
        binary = kubectl_binary()
        if binary is None:
            raise FileNotFoundError("kubectl not found")
        argv = [binary] + self._kube_args(context, kubeconfig) + [str(a) for a in args]
        return run(argv, stdin=stdin, env=clean_env(self.home, env), timeout=timeout)

    def env(self, extra=None):
        """A clean environment for a child process (HOME in the server's temp dir, no KUBECONFIG/proxies)."""
        return clean_env(self.home, extra)


# ---------------------------------------------------------------------- pseudo-terminal runs
class PtyResult:
    def __init__(self, code, raw, seconds):
        self.code = code
        self.raw = raw
        self.out = raw.decode("utf-8", "replace").replace("\r\n", "\n")
        self.seconds = seconds

    def __repr__(self):
        return "PtyResult(code=%r, out=%r)" % (self.code, self.out[-2000:])


def run_in_pty(argv, input_bytes=b"", env=None, timeout=30, expect=None, cols=100, rows=30):
    """Run argv with stdin/stdout/stderr on a pseudo-terminal.

    input_bytes is written once `expect` (str/bytes) has appeared in the output, or, without `expect`,
    as soon as the program has printed anything (or after 1 s). Returns PtyResult(code, out, raw).
    """
    if isinstance(input_bytes, str):
        input_bytes = input_bytes.encode()
    if isinstance(expect, str):
        expect = expect.encode()
    t0 = time.time()
    pid, fd = pty.fork()
    if pid == 0:
        try:
            os.execvpe(str(argv[0]), [str(a) for a in argv], env if env is not None else os.environ)
        finally:
            os._exit(127)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
    out = b""
    sent = not input_bytes
    deadline = t0 + timeout
    code = None
    try:
        while time.time() < deadline:
            if not sent and ((expect and expect in out) or (not expect and (out or time.time() - t0 > 1.0))):
                os.write(fd, input_bytes)
                sent = True
            r, _, _ = select.select([fd], [], [], 0.05)
            if r:
                try:
                    chunk = os.read(fd, 65536)
                except OSError as e:
                    if e.errno == errno.EIO:
                        break
                    raise
                if not chunk:
                    break
                out += chunk
            else:
                wpid, st = os.waitpid(pid, os.WNOHANG)
                if wpid:
                    code = os.waitstatus_to_exitcode(st)
                    try:
                        while True:
                            r, _, _ = select.select([fd], [], [], 0.05)
                            if not r:
                                break
                            chunk = os.read(fd, 65536)
                            if not chunk:
                                break
                            out += chunk
                    except OSError:
                        pass
                    break
        else:
            os.kill(pid, signal.SIGKILL)
    finally:
        if code is None:
            try:
                _, st = os.waitpid(pid, 0)
                code = os.waitstatus_to_exitcode(st)
            except ChildProcessError:
                code = -1
        os.close(fd)
    return PtyResult(code, out, time.time() - t0)
