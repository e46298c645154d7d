#!/usr/bin/env python3
"""make bench: kubectl-odh and /usr/bin/kubectl side by side, same server, same run.

Starts the bundled test API server, seeds it through its control API, then times whole
processes (wall clock and peak RSS from wait4) for each scenario of DESIGN §7, several
repetitions after discarded warm-ups, and prints medians with the ratio odh/kubectl.
Results go to bench/results.md (with the machine's core count)."""
import argparse
import json
import os
import platform
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SERVER = os.path.join(ROOT, "Tests", "APIServer", "kubeapiserver.py")


class Server:
    def __init__(self, extra=()):
        self.dir = tempfile.mkdtemp(prefix="odh-bench-")
        self.proc = subprocess.Popen(
            [sys.executable, SERVER, "--dir", self.dir, "--seed", "none", "--tick", "0.1",
             "--parent-pid", str(os.getpid())] + list(extra),
            stdout=subprocess.DEVNULL, stderr=open(os.path.join(self.dir, "server.log"), "w"))
        info = os.path.join(self.dir, "server.json")
        for _ in range(300):
            if os.path.exists(info):
                break
            if self.proc.poll() is not None:
                raise SystemExit("the test API server exited: see " + os.path.join(self.dir, "server.log"))
            time.sleep(0.05)
        else:
            raise SystemExit("the test API server did not start")
        with open(info) as f:
            self.info = json.load(f)
        self.kubeconfig = os.path.join(self.dir, "kubeconfig")

    def control(self, method, path, body=None):
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(self.info["control_url"] + path, data=data, method=method,
                                     headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=600) as resp:
            text = resp.read().decode()
            return json.loads(text) if text else None

    def stop(self):
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        shutil.rmtree(self.dir, ignore_errors=True)


TIME = "/usr/bin/time" if os.path.exists("/usr/bin/time") else None


def with_rss_probe(argv):
    """Peak RSS must come from a small parent: a child forked from this (large) Python
    process would report this process's pages too. GNU time is that small parent."""
    if TIME is None:
        return argv, None
    fd, path = tempfile.mkstemp(prefix="odh-bench-rss-")
    os.close(fd)
    return [TIME, "-f", "%M", "-o", path] + argv, path


def read_rss(path, fallback):
    if path is None:
        return fallback
    try:
        with open(path) as f:
            lines = [line for line in f.read().split() if line.isdigit()]
        return int(lines[-1]) if lines else fallback
    finally:
        os.unlink(path)


def run_measured(argv, env, stdin=None, timeout=600):
    """Runs a whole process; returns (wall seconds, peak RSS KiB, exit code, stdout bytes)."""
    argv, rss_path = with_rss_probe(argv)
    start = time.monotonic()
    proc = subprocess.Popen(argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, stdin=stdin)
    out = bytearray()

    def drain():
        while True:
            chunk = proc.stdout.read(1 << 16)
            if not chunk:
                return
            out.extend(chunk)

    reader = threading.Thread(target=drain)
    reader.start()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.monotonic() - start
    reader.join()
    proc.returncode = os.waitstatus_to_exitcode(status)
    return wall, read_rss(rss_path, usage.ru_maxrss), proc.returncode, bytes(out)


def child_of(pid):
    """The process GNU time started (the one to interrupt)."""
    try:
        with open("/proc/%d/task/%d/children" % (pid, pid)) as f:
            children = f.read().split()
        return int(children[0]) if children else pid
    except OSError:
        return pid


def median_run(argv, env, reps, warmup):
    for _ in range(warmup):
        run_measured(argv, env)
    walls, rsss, code = [], [], 0
    for _ in range(reps):
        wall, rss, code, _ = run_measured(argv, env)
        walls.append(wall)
        rsss.append(rss)
    return statistics.median(walls), max(rsss), code


class Bench:
    def __init__(self, odh, kubectl, reps, warmup):
        self.odh, self.kubectl, self.reps, self.warmup = odh, kubectl, reps, warmup
        self.rows = []
        self.home = tempfile.mkdtemp(prefix="odh-bench-home-")
        self.env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": self.home, "NO_COLOR": "1"}

    def compare(self, label, odh_args, kubectl_args, target, server):
        base = ["--kubeconfig", server.kubeconfig]
        odh = median_run([self.odh] + odh_args + base, self.env, self.reps, self.warmup)
        if self.kubectl:
            kube = median_run([self.kubectl] + kubectl_args + base, self.env, self.reps, self.warmup)
        else:
            kube = (float("nan"), 0, -1)
        ratio = odh[0] / kube[0] if self.kubectl and kube[0] > 0 else float("nan")
        self.rows.append({"scenario": label, "odh_s": odh[0], "kubectl_s": kube[0], "ratio": ratio,
                          "odh_rss_kib": odh[1], "kubectl_rss_kib": kube[1], "target": target,
                          "odh_exit": odh[2], "kubectl_exit": kube[2]})
        print(f"  {label}: odh {odh[0]*1000:.0f} ms ({odh[1]//1024} MiB), kubectl {kube[0]*1000:.0f} ms "
              f"({kube[1]//1024} MiB), ratio {ratio:.2f}", flush=True)


def logs_throughput(odh, kubectl, server, env, pods, rate, seconds):
    """Follows every worker of a job whose pods write `rate` lines/s each; counts lines/s."""
    name = "logbench"
    manifest = {
        "apiVersion": "kubeflow.org/v2beta1", "kind": "MPIJob",
        "metadata": {"name": name, "namespace": "bench-logs", "annotations": {
            "sim.odh/outcome": "Hang", "sim.odh/log-rate": str(rate), "sim.odh/log-lines": "100000000"}},
        "spec": {"slotsPerWorker": 1, "runPolicy": {"cleanPodPolicy": "Running"}, "mpiReplicaSpecs": {
            "Launcher": {"replicas": 1, "template": {"spec": {"containers": [
                {"name": "launcher", "image": "mpi:bench", "command": ["mpirun", "app"]}]}}},
            "Worker": {"replicas": pods, "template": {"spec": {"containers": [
                {"name": "worker", "image": "mpi:bench"}]}}}}},
    }
    server.control("POST", "/bulk", {"namespace": "bench-logs", "count": 0})  # creates the namespace
    path = os.path.join(server.dir, "logbench.json")
    with open(path, "w") as f:
        json.dump(manifest, f)
    subprocess.run([odh, "--kubeconfig", server.kubeconfig, "-n", "bench-logs", "mpijob", "create", "-f", path],
                   env=env, check=False, capture_output=True)
    # Let every pod reach Running before measuring.
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        r = subprocess.run([odh, "--kubeconfig", server.kubeconfig, "-n", "bench-logs", "mpijob", "get", name, "-o",
                            "json"], env=env, capture_output=True, text=True)
        if r.returncode == 0 and json.loads(r.stdout).get("status", {}).get("replicaStatuses", {}).get(
                "Worker", {}).get("active", 0) >= pods:
            break
        time.sleep(0.5)
    results = {}
    cmds = {"odh": [odh, "--kubeconfig", server.kubeconfig, "-n", "bench-logs", "mpijob", "logs", name,
                    "--all-workers", "-f"]}
    if kubectl:
        cmds["kubectl"] = [kubectl, "--kubeconfig", server.kubeconfig, "-n", "bench-logs", "logs", "-f", "--prefix",
                           "--max-log-requests", str(pods + 1), "-l",
                           f"training.kubeflow.org/job-name={name},training.kubeflow.org/job-role=worker"]
    for who, argv in cmds.items():
        argv, rss_path = with_rss_probe(argv)
        proc = subprocess.Popen(argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        lines = 0
        start = None
        stop_at = None
        buf = proc.stdout
        while True:
            chunk = buf.read1(1 << 16) if hasattr(buf, "read1") else buf.read(1 << 16)
            if not chunk:
                break
            now = time.monotonic()
            if start is None:
                start = now
                stop_at = now + seconds
            lines += chunk.count(b"\n")
            if now >= stop_at:
                break
        elapsed = (time.monotonic() - start) if start else float("nan")
        # SIGINT to the measured program itself (GNU time passes on the exit, not the signal).
        target = child_of(proc.pid) if rss_path else proc.pid
        os.kill(target, signal.SIGINT)
        try:
            _, _, usage = os.wait4(proc.pid, 0)
            rss = read_rss(rss_path, usage.ru_maxrss)
        except ChildProcessError:
            rss = 0
        results[who] = {"lines_per_s": lines / elapsed if elapsed else 0, "rss_kib": rss, "lines": lines}
        print(f"  logs -f over {pods} workers ({who}): {results[who]['lines_per_s']:.0f} lines/s, "
              f"{rss // 1024} MiB", flush=True)
    return results


JOB_KINDS = ["MPIJob", "PyTorchJob", "TFJob", "XGBoostJob", "PaddleJob", "JAXJob", "TrainJob"]


def jobs_list_vs_mpijob_list(bench, count=2000):
    """`jobs list -A` of `count` jobs spread over the seven kinds against `mpijob list -A` of `count`
    MPIJobs, on one server (the MPIJobs are removed before the mixed set is made)."""
    server = Server(["--crds", "training-operator,trainer"])
    try:
        base = ["--kubeconfig", server.kubeconfig]
        server.control("POST", "/bulk", {"namespace": "bench", "count": count, "prefix": "m-", "state": "Running",
                                         "pods": False})
        mpi = median_run([bench.odh, "mpijob", "list", "-A"] + base, bench.env, bench.reps, bench.warmup)
        server.control("POST", "/reset", {"seed": "none"})
        per_kind = count // len(JOB_KINDS)
        for i, kind in enumerate(JOB_KINDS):
            n = per_kind + (1 if i < count % len(JOB_KINDS) else 0)
            body = {"namespace": "bench", "count": n, "prefix": kind.lower() + "-", "pods": False}
            if kind == "MPIJob":
                body["state"] = "Running"
            else:
                body["kind"] = kind
            server.control("POST", "/bulk", body)
        mixed = median_run([bench.odh, "jobs", "list", "-A"] + base, bench.env, bench.reps, bench.warmup)
        json_mixed = median_run([bench.odh, "jobs", "list", "-A", "-o", "json"] + base, bench.env, bench.reps,
                                bench.warmup)
    finally:
        server.stop()
    ratio = mixed[0] / mpi[0] if mpi[0] > 0 else float("nan")
    print(f"  jobs list -A ({count} jobs, 7 kinds): {mixed[0]*1000:.0f} ms; mpijob list -A ({count} MPIJobs): "
          f"{mpi[0]*1000:.0f} ms; ratio {ratio:.2f}", flush=True)
    return {"count": count, "jobs_s": mixed[0], "mpijob_s": mpi[0], "ratio": ratio, "jobs_json_s": json_mixed[0],
            "jobs_rss_kib": mixed[1], "mpijob_rss_kib": mpi[1]}


def wait_latency(odh, server, env, reps):
    """Time from the server committing a job's Succeeded status to `wait` exiting."""
    lat = []
    server.control("POST", "/bulk", {"namespace": "bench-wait", "count": 0})
    for i in range(reps):
        name = f"waitbench-{i}"
        manifest = {
            "apiVersion": "kubeflow.org/v2beta1", "kind": "MPIJob",
            "metadata": {"name": name, "namespace": "bench-wait", "annotations": {"sim.odh/outcome": "Hang"}},
            "spec": {"mpiReplicaSpecs": {
                "Launcher": {"replicas": 1, "template": {"spec": {"containers": [{"name": "l", "image": "x"}]}}},
                "Worker": {"replicas": 1, "template": {"spec": {"containers": [{"name": "w", "image": "x"}]}}}}},
        }
        path = os.path.join(server.dir, f"{name}.json")
        with open(path, "w") as f:
            json.dump(manifest, f)
        subprocess.run([odh, "--kubeconfig", server.kubeconfig, "-n", "bench-wait", "mpijob", "create", "-f", path],
                       env=env, check=False, capture_output=True)
        proc = subprocess.Popen([odh, "--kubeconfig", server.kubeconfig, "-n", "bench-wait", "mpijob", "wait", name,
                                 "--timeout", "60s"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(1.0)  # the watch is open
        answer = server.control("POST", f"/jobs/bench-wait/{name}/transition", {"to": "Succeeded"})
        proc.wait(timeout=60)
        exited = time.time()
        lat.append(exited - float(answer["time"]))
    value = statistics.median(lat)
    print(f"  wait latency: median {value*1000:.0f} ms over {reps} runs", flush=True)
    return value, lat


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--odh", default=os.path.join(ROOT, ".build", "release", "kubectl-odh"))
    ap.add_argument("--kubectl", default=shutil.which("kubectl") or "/usr/bin/kubectl")
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("--warmup", type=int, default=2)
    ap.add_argument("--scales", default="200,2000,10000")
    ap.add_argument("--log-pods", type=int, default=128)
    ap.add_argument("--log-rate", type=int, default=2000, help="lines per second per pod")
    ap.add_argument("--log-seconds", type=float, default=5)
    ap.add_argument("--out", default=os.path.join(ROOT, "bench", "results.md"))
    args = ap.parse_args()
    kubectl = args.kubectl if os.path.exists(args.kubectl) else None
    if not kubectl:
        print("warning: kubectl not found; only kubectl-odh is measured", file=sys.stderr)
    server = Server()
    bench = Bench(args.odh, kubectl, args.reps, args.warmup)
    scaling = []
    try:
        print(f"kubectl-odh {args.odh}\nkubectl {kubectl}\ncores {os.cpu_count()}", flush=True)
        server.control("POST", "/bulk", {"namespace": "bench-one", "count": 1, "prefix": "one-", "state": "Running"})
        bench.compare("get NAME -o json", ["-n", "bench-one", "mpijob", "get", "one-0000", "-o", "json"],
                      ["-n", "bench-one", "get", "mpijobs.kubeflow.org", "one-0000", "-o", "json"], "≤ 0.33", server)
        created = 0
        for scale in [int(s) for s in args.scales.split(",") if s]:
            server.control("POST", "/bulk", {"namespace": "bench", "count": scale - created, "prefix": f"b{scale}-",
                                             "state": "Running", "pods": False})
            created = scale
            before = len(bench.rows)
            bench.compare(f"list -A -o json ({scale} jobs)", ["mpijob", "list", "-A", "-o", "json"],
                          ["get", "mpijobs.kubeflow.org", "-A", "-o", "json"],
                          "≤ 0.5, RSS ≤ kubectl's" if scale == 2000 else "linear", server)
            bench.compare(f"list -A table ({scale} jobs)", ["mpijob", "list", "-A"],
                          ["get", "mpijobs.kubeflow.org", "-A"], "≤ 0.5" if scale == 2000 else "linear", server)
            scaling.append((scale, bench.rows[before], bench.rows[before + 1]))
        logs = logs_throughput(args.odh, kubectl, server, bench.env, args.log_pods, args.log_rate, args.log_seconds)
        kinds = jobs_list_vs_mpijob_list(bench)
        latency, samples = wait_latency(args.odh, server, bench.env, 5)
    finally:
        server.stop()
    write_results(args, bench, scaling, logs, latency, samples, kinds)


def write_results(args, bench, scaling, logs, latency, samples, kinds):
    lines = ["# make bench results", "",
             f"Machine: {os.cpu_count()} cores, {platform.machine()}, {platform.system()} {platform.release()}; "
             f"{args.reps} repetitions after {args.warmup} warm-ups, medians; same test API server for both tools.",
             "", "| scenario | kubectl-odh | kubectl | ratio | odh RSS | kubectl RSS | target |",
             "|---|---|---|---|---|---|---|"]
    for r in bench.rows:
        lines.append(f"| {r['scenario']} | {r['odh_s']*1000:.0f} ms | {r['kubectl_s']*1000:.0f} ms | {r['ratio']:.2f} | "
                     f"{r['odh_rss_kib']//1024} MiB | {r['kubectl_rss_kib']//1024} MiB | {r['target']} |")
    o = logs.get("odh", {})
    k = logs.get("kubectl", {})
    lines.append(f"| logs --all-workers -f, {args.log_pods} workers | {o.get('lines_per_s', 0):.0f} lines/s | "
                 f"{k.get('lines_per_s', 0):.0f} lines/s | | {o.get('rss_kib', 0)//1024} MiB | "
                 f"{k.get('rss_kib', 0)//1024} MiB | ≥ 100,000 lines/s, RSS ≤ 64 MiB |")
    lines.append(f"| wait: server change → exit | {latency*1000:.0f} ms | | | | | ≤ 1 s |")
    lines.append(f"| jobs list -A, {kinds['count']} jobs of 7 kinds, vs mpijob list -A of {kinds['count']} MPIJobs | "
                 f"{kinds['jobs_s']*1000:.0f} ms | {kinds['mpijob_s']*1000:.0f} ms (odh mpijob list) | "
                 f"{kinds['ratio']:.2f} | {kinds['jobs_rss_kib']//1024} MiB | {kinds['mpijob_rss_kib']//1024} MiB | "
                 "≤ 1.2 |")
    lines += ["", "## Growth of list with the number of jobs", "",
              "| jobs | odh -o json | odh RSS | kubectl -o json | kubectl RSS | odh table | kubectl table |",
              "|---|---|---|---|---|---|---|"]
    for scale, j, t in scaling:
        lines.append(f"| {scale} | {j['odh_s']*1000:.0f} ms | {j['odh_rss_kib']//1024} MiB | {j['kubectl_s']*1000:.0f} ms | "
                     f"{j['kubectl_rss_kib']//1024} MiB | {t['odh_s']*1000:.0f} ms | {t['kubectl_s']*1000:.0f} ms |")
    lines += ["", f"wait latency samples (s): {', '.join(f'{s:.3f}' for s in samples)}", "",
              "Where the time goes, and what was changed because of it: docs/performance.md.", ""]
    with open(args.out, "w") as f:
        f.write("\n".join(lines))
    print("\n".join(lines))


if __name__ == "__main__":
    main()
