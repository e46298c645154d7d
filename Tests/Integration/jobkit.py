"""Helpers for the describe / watch / wait / delete tests: namespaces, jobs with simulated outcomes,
direct API reads (to check what the CLI claims), and long-running CLI processes read line by line."""

import itertools
import json
import os
import queue
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "APIServer"))

from kclient import Client  # noqa: E402

import harness  # noqa: E402

_counter = itertools.count(1)
MPIJOBS = "/apis/kubeflow.org/v2beta1/namespaces/%s/mpijobs"
JOB_SELECTOR = "training.kubeflow.org/job-name=%s,training.kubeflow.org/operator-name=mpi-operator"

_clients = {}


def api(server):
    """An admin client of this server (cached: one connection per server)."""
    key = id(server)
    if key not in _clients or _clients[key][0] is not server:
        _clients[key] = (server, Client(server, "admin"))
    return _clients[key][1]


def new_namespace(server, prefix="it"):
    name = "%s-%d-%d" % (prefix, os.getpid() % 10000, next(_counter))
    r = api(server).request("POST", "/api/v1/namespaces",
                            {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": name}})
    assert r.status == 201, r
    return name


def manifest(name, outcome="Succeeded", duration=2, workers=2, gpus=0, labels=None, annotations=None,
             queue_name=None, suspend=False, clean_pod_policy="Running", image="mpioperator/mpi-pi:openmpi",
             worker_sidecars=(), memory="1Gi", launcher_restart=None, backoff_limit=None):
    """An MPIJob as a user would write it, with the simulated operator's outcome annotations."""
    ann = {"sim.odh/outcome": outcome, "sim.odh/duration-seconds": str(duration)}
    ann.update(annotations or {})
    lbl = dict(labels or {})
    if queue_name:
        lbl["kueue.x-k8s.io/queue-name"] = queue_name
    worker = {"name": "mpi-worker", "image": image,
              "resources": {"limits": {"cpu": "1", "memory": memory}}}
    if gpus:
        worker["resources"]["limits"]["nvidia.com/gpu"] = str(gpus)
    run_policy = {"suspend": suspend}
    if backoff_limit is not None:
        run_policy["backoffLimit"] = backoff_limit
    if clean_pod_policy:
        run_policy["cleanPodPolicy"] = clean_pod_policy
    job = {
        "apiVersion": "kubeflow.org/v2beta1", "kind": "MPIJob",
        "metadata": {"name": name, "labels": lbl, "annotations": ann},
        "spec": {
            "slotsPerWorker": 1,
            "runPolicy": run_policy,
            "mpiReplicaSpecs": {
                "Launcher": dict({"replicas": 1, "template": {"spec": {"containers": [{
                    "name": "mpi-launcher", "image": "mpioperator/mpi-pi:openmpi",
                    "command": ["mpirun", "-n", str(workers), "/home/mpiuser/pi"]}]}}},
                    **({"restartPolicy": launcher_restart} if launcher_restart else {})),
                "Worker": {"replicas": workers, "template": {"spec": {"containers": [worker] + [
                    {"name": c, "image": "docker.io/istio/proxyv2:1.22.0"} for c in worker_sidecars]}}},
            },
        },
    }
    return job


def create(server, tmp_path, namespace, **kw):
    """Creates the job with `kubectl-odh mpijob create -f` (what a user does); returns its name."""
    name = kw.pop("name", None) or "job-%d" % next(_counter)
    path = Path(tmp_path) / ("%s.json" % name)
    path.write_text(json.dumps(manifest(name, **kw)))
    r = server.odh("mpijob", "create", "-f", str(path), "-n", namespace)
    assert r.code == 0, r
    return name


def get_job(server, namespace, name):
    r = api(server).get(MPIJOBS % namespace + "/" + name)
    if r.status == 404:
        return None
    assert r.status == 200, r
    return r.json()


def list_jobs(server, namespace):
    r = api(server).get(MPIJOBS % namespace)
    assert r.status == 200, r
    return [j["metadata"]["name"] for j in r.json()["items"]]


def pods(server, namespace, job):
    from urllib.parse import quote
    r = api(server).get("/api/v1/namespaces/%s/pods?labelSelector=%s" % (namespace, quote(JOB_SELECTOR % job)))
    assert r.status == 200, r
    return r.json()["items"]


def patch_job(server, namespace, name, patch):
    r = api(server).request("PATCH", MPIJOBS % namespace + "/" + name, patch,
                            headers={"Content-Type": "application/merge-patch+json"})
    assert r.status == 200, r
    return r.json()


def conditions_true(job):
    return [c["type"] for c in (job or {}).get("status", {}).get("conditions", []) if c.get("status") == "True"]


def wait_until(predicate, timeout=20, interval=0.1, what="condition"):
    deadline = time.time() + timeout
    last = None
    while time.time() < deadline:
        last = predicate()
        if last:
            return last
        time.sleep(interval)
    raise AssertionError("timed out after %ss waiting for %s (last: %r)" % (timeout, what, last))


def wait_for_condition(server, namespace, name, ctype, timeout=20):
    return wait_until(lambda: ctype in conditions_true(get_job(server, namespace, name)) and get_job(server, namespace, name),
                      timeout=timeout, what="%s/%s %s" % (namespace, name, ctype))


def describe_json(server, namespace, name):
    r = server.odh("mpijob", "describe", name, "-n", namespace, "-o", "json")
    assert r.code == 0, r
    return r.json()


def rules(description):
    return [f["rule"] for f in description["diagnosis"]]


def wait_for_rule(server, namespace, name, rule, timeout=20):
    """describe until the diagnosis names `rule` (the simulated trouble takes a few ticks to appear)."""
    return wait_until(lambda: (lambda d: d if rule in rules(d) else None)(describe_json(server, namespace, name)),
                      timeout=timeout, interval=0.3, what="rule %s on %s/%s" % (rule, namespace, name))


class Proc:
    """A CLI process left running (a watch, a wait): stdout read line by line as it comes."""

    def __init__(self, server, *args, env=None):
        binary = harness.odh_binary()
        self.argv = [str(binary), "--kubeconfig", server.kubeconfig] + [str(a) for a in args]
        self.p = subprocess.Popen(self.argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL,
                                  env=server.env(env))
        self.lines = queue.Queue()
        self.seen = []
        self.exited_at = None
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        self._err = []
        self._err_reader = threading.Thread(target=lambda: self._err.append(self.p.stderr.read()), daemon=True)
        self._err_reader.start()

    def _read(self):
        for raw in self.p.stdout:
            self.lines.put(raw.decode("utf-8", "replace").rstrip("\n"))
        self.lines.put(None)

    def next_line(self, timeout=10):
        try:
            line = self.lines.get(timeout=timeout)
        except queue.Empty:
            return None
        if line is not None:
            self.seen.append(line)
        return line

    def wait_for_line(self, predicate, timeout=20):
        """Reads lines until one satisfies predicate; returns it (raises on timeout or end of output)."""
        deadline = time.time() + timeout
        while time.time() < deadline:
            line = self.next_line(timeout=max(0.01, deadline - time.time()))
            if line is None:
                if self.p.poll() is not None or time.time() >= deadline:
                    break
                continue
            if predicate(line):
                return line
        raise AssertionError("no matching line within %ss; saw %r; stderr %r" % (timeout, self.seen[-20:], self.stderr()))

    def wait(self, timeout=30):
        """Waits for exit; returns (code, remaining stdout lines read so far + rest, stderr)."""
        try:
            code = self.p.wait(timeout)
        except subprocess.TimeoutExpired:
            self.p.kill()
            self.p.wait(5)
            raise AssertionError("process did not exit within %ss: %r; saw %r" % (timeout, self.argv, self.seen[-20:]))
        self.exited_at = time.time()
        self._reader.join(5)
        while True:
            try:
                line = self.lines.get_nowait()
            except queue.Empty:
                break
            if line is not None:
                self.seen.append(line)
        return code

    def wait_exit_time(self, timeout=30):
        """Polls for exit tightly, to measure when the process ended."""
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.p.poll() is not None:
                self.exited_at = time.time()
                self.wait(5)
                return self.p.returncode
            time.sleep(0.005)
        self.p.kill()
        raise AssertionError("process did not exit within %ss" % timeout)

    def interrupt(self, timeout=10):
        """Ctrl-C: SIGINT, then the exit code."""
        self.p.send_signal(signal.SIGINT)
        return self.wait(timeout)

    def stderr(self):
        if self.p.poll() is None:
            return "<running>"
        self._err_reader.join(5)
        return b"".join(self._err).decode("utf-8", "replace")

    def kill(self):
        if self.p.poll() is None:
            self.p.kill()
            self.p.wait(5)
