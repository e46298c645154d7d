"""mpijob logs (and create --follow) against the test API server: selection by the operator's labels,
merged and prefixed streams, follow with resume and pods appearing later, exit codes, pipes and Ctrl-C."""
import json
import re
import signal
import subprocess
import time

import pytest

from harness import FakeCluster, kubectl_binary, odh_binary

NS = "default"
TS = r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,9})?Z"
PREFIXED = re.compile(r"^(launcher|worker-\d+) *\| (.*)$")


@pytest.fixture(scope="module")
def srv():
    if not odh_binary().exists():
        pytest.fail("kubectl-odh binary not found at %s: build it first or set ODH_BIN" % odh_binary())
    if kubectl_binary() is None:
        pytest.skip("kubectl is needed to read pods independently")
    s = FakeCluster(seed="standard", tick=0.05).start()
    try:
        yield s
    finally:
        s.stop()


def manifest(name, outcome="Succeeded", duration=2, rate=20, lines=None, workers=2, clean="None",
             worker_restart="Never", extra=None, launcher_restart=None):
    ann = {"sim.odh/outcome": outcome, "sim.odh/duration-seconds": str(duration), "sim.odh/log-rate": str(rate)}
    if lines is not None:
        ann["sim.odh/log-lines"] = str(lines)
    ann.update(extra or {})
    return {"apiVersion": "kubeflow.org/v2beta1", "kind": "MPIJob", "metadata": {"name": name, "annotations": ann},
            "spec": {"slotsPerWorker": 1, "runPolicy": {"cleanPodPolicy": clean}, "mpiReplicaSpecs": {
                "Launcher": dict({"replicas": 1, "template": {"spec": {"containers": [{
                    "name": "mpi-launcher", "image": "mpioperator/mpi-pi:openmpi",
                    "command": ["mpirun", "-n", str(workers), "/home/mpiuser/pi"]}]}}},
                    **({"restartPolicy": launcher_restart} if launcher_restart else {})),
                "Worker": {"replicas": workers, "restartPolicy": worker_restart, "template": {"spec": {
                    "containers": [{"name": "mpi-worker", "image": "mpioperator/mpi-pi:openmpi"}]}}}}}}


def create(srv, doc, ns=NS):
    r = srv.odh("mpijob", "create", "-f", "-", "-n", ns, stdin=json.dumps(doc))
    assert r.code == 0, r
    return doc["metadata"]["name"]


def wait_done(srv, name, ns=NS, timeout=60):
    r = srv.odh("mpijob", "wait", name, "-n", ns, "--timeout", "%ds" % timeout, timeout=timeout + 10)
    assert r.code in (0, 3), r
    return r.code


def pods(srv, job, ns=NS):
    r = srv.kubectl("get", "pods", "-n", ns, "-l", "training.kubeflow.org/job-name=" + job, "-o", "json")
    assert r.code == 0, r
    return r.json()["items"]


def label_of(pod):
    labels = pod["metadata"]["labels"]
    if labels["training.kubeflow.org/job-role"] == "launcher":
        return "launcher"
    return "worker-" + labels["training.kubeflow.org/replica-index"]


def full_logs(srv, job, ns=NS, timestamps=False):
    """{label: [lines]} as kubectl reads them, launchers oldest first; a container that restarted
    in place (the launcher's OnFailure) contributes its previous run first."""
    out = {}
    for p in sorted(pods(srv, job, ns), key=lambda p: p["metadata"]["creationTimestamp"]):
        args = ["logs", p["metadata"]["name"], "-n", ns] + (["--timestamps"] if timestamps else [])
        lines = out.setdefault(label_of(p), [])
        if p["status"].get("containerStatuses", [{}])[0].get("restartCount", 0) > 0:
            r = srv.kubectl(*args, "--previous")
            assert r.code == 0, r
            lines.extend(r.out.splitlines())
        r = srv.kubectl(*args)
        assert r.code == 0, r
        lines.extend(r.out.splitlines())
    return out


def by_prefix(out):
    """Splits prefixed output per pod; every line must be whole and prefixed."""
    per = {}
    widths = set()
    for line in out.splitlines():
        m = PREFIXED.match(line)
        assert m, "torn or unprefixed line: %r" % line
        per.setdefault(m.group(1), []).append(m.group(2))
        widths.add(line.index("| "))
    assert len(widths) <= 1, "prefixes not aligned: %s" % widths
    return per


def follow(srv, *args, ns=NS):
    argv = [str(odh_binary()), "--kubeconfig", srv.kubeconfig, "-n", ns, "mpijob", "logs"] + list(args)
    return subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=srv.env())


# ---------------------------------------------------------------------------------------------- one-off reads

def test_launcher_log_is_the_default(srv):
    r = srv.odh("mpijob", "logs", "pi", "-n", "team-a")
    assert r.code == 0, r
    assert r.err == ""
    launcher = [p for p in pods(srv, "pi", "team-a") if label_of(p) == "launcher"][0]["metadata"]["name"]
    assert r.out == srv.kubectl("logs", launcher, "-n", "team-a").out
    assert r.out.startswith("+ mpirun") and "training finished" in r.out
    assert srv.odh("mpijob", "logs", "pi", "-n", "team-a", "--launcher").out == r.out


@pytest.fixture(scope="module")
def done_job(srv):
    """A finished job whose pods stay (cleanPodPolicy None)."""
    name = create(srv, manifest("logs-done", duration=1.5, rate=30, lines=25, workers=3))
    assert wait_done(srv, name) == 0
    return name


def test_worker_by_index(srv, done_job):
    full = full_logs(srv, done_job)
    for i in range(3):
        r = srv.odh("mpijob", "logs", done_job, "--worker", str(i), "-n", NS)
        assert r.code == 0, r
        assert r.out.splitlines() == full["worker-%d" % i]
        assert not PREFIXED.match(r.out.splitlines()[0])


def test_worker_out_of_range_lists_valid_indexes(srv, done_job):
    r = srv.odh("mpijob", "logs", done_job, "--worker", "9", "-n", NS)
    assert r.code == 2
    assert r.out == ""
    assert "has no worker 9" in r.err and "valid indexes: 0, 1, 2" in r.err


def test_missing_job_is_exit_4(srv):
    r = srv.odh("mpijob", "logs", "no-such-job", "-n", NS)
    assert r.code == 4
    assert 'mpijob "no-such-job" not found' in r.err
    assert srv.odh("mpijob", "logs", "no-such-job", "-n", NS, "-f").code == 4


def test_all_merges_every_pod_whole_and_aligned(srv, done_job):
    full = full_logs(srv, done_job)
    r = srv.odh("mpijob", "logs", done_job, "--all", "-n", NS)
    assert r.code == 0, r
    per = by_prefix(r.out)
    assert per == full
    # Without follow, pods come one after another: launcher, then workers by index.
    order = []
    for line in r.out.splitlines():
        label = PREFIXED.match(line).group(1)
        if not order or order[-1] != label:
            order.append(label)
    assert order == ["launcher", "worker-0", "worker-1", "worker-2"]
    workers = srv.odh("mpijob", "logs", done_job, "--all-workers", "-n", NS)
    assert workers.code == 0
    assert set(by_prefix(workers.out)) == {"worker-0", "worker-1", "worker-2"}


def test_prefix_flag(srv, done_job):
    full = full_logs(srv, done_job)
    off = srv.odh("mpijob", "logs", done_job, "--all-workers", "--prefix=false", "-n", NS)
    assert off.code == 0
    assert off.out.splitlines() == full["worker-0"] + full["worker-1"] + full["worker-2"]
    on = srv.odh("mpijob", "logs", done_job, "--worker", "1", "--prefix", "-n", NS)
    assert by_prefix(on.out) == {"worker-1": full["worker-1"]}


def test_tail_timestamps_since_limit_bytes(srv, done_job):
    full = full_logs(srv, done_job)["launcher"]
    tail = srv.odh("mpijob", "logs", done_job, "--tail", "3", "-n", NS)
    assert tail.code == 0 and tail.out.splitlines() == full[-3:]
    stamped = srv.odh("mpijob", "logs", done_job, "--tail", "2", "--timestamps", "-n", NS)
    lines = stamped.out.splitlines()
    assert len(lines) == 2 and all(re.match("^" + TS + " ", x) for x in lines)
    assert [x.split(" ", 1)[1] for x in lines] == full[-2:]
    assert srv.odh("mpijob", "logs", done_job, "--since", "1h", "-n", NS).out.splitlines() == full
    # The seeded "pi" ended days ago: nothing in the last minute, and that is not an error.
    old = srv.odh("mpijob", "logs", "pi", "-n", "team-a", "--since", "1m")
    assert old.code == 0 and old.out == ""
    # The limit cuts the log: stdout has what was asked for, stderr says it is cut, exit 1.
    limited = srv.odh("mpijob", "logs", done_job, "--limit-bytes", "50", "-n", NS)
    assert limited.code == 1, limited
    text = "\n".join(full) + "\n"
    assert len(limited.out) <= 51 and limited.out.endswith("\n")
    assert text.startswith(limited.out.rstrip("\n"))
    assert "the log of launcher (pod %s-launcher-" % done_job in limited.err
    assert "was cut at --limit-bytes 50; the rest was not read" in limited.err
    roomy = srv.odh("mpijob", "logs", done_job, "--limit-bytes", str(len(text) * 2), "-n", NS)
    assert roomy.code == 0 and roomy.out == text and roomy.err == ""


def test_container_flag(srv, done_job):
    ok = srv.odh("mpijob", "logs", done_job, "-c", "mpi-worker", "--worker", "0", "-n", NS)
    assert ok.code == 0 and ok.out
    bad = srv.odh("mpijob", "logs", done_job, "-c", "nosuch", "-n", NS)
    assert bad.code == 2
    assert 'has no container "nosuch"' in bad.err and "mpi-launcher" in bad.err
    assert '{"kind"' not in bad.err


def test_previous_on_an_oomkilled_worker_shows_the_oom_output(srv):
    # OnFailure: the kubelet restarts the OOMKilled container; its output is the "previous" run.
    name = create(srv, manifest("logs-oom", outcome="OOMKilled", duration=3, rate=20, workers=1,
                                worker_restart="OnFailure"))
    deadline = time.time() + 30
    while time.time() < deadline:
        worker = [p for p in pods(srv, name) if label_of(p) == "worker-0"]
        if worker and worker[0]["status"].get("containerStatuses", [{}])[0].get("restartCount", 0) >= 1:
            break
        time.sleep(0.3)
    else:
        pytest.fail("the worker never restarted")
    prev = srv.odh("mpijob", "logs", name, "--worker", "0", "--previous", "-n", NS)
    assert prev.code == 0, prev
    assert "allocating 16384 MiB for optimizer state" in prev.out
    current = srv.odh("mpijob", "logs", name, "--worker", "0", "-n", NS)
    assert "allocating 16384 MiB" not in current.out


def test_previous_without_a_restart_is_explained(srv):
    # golden/oom: restartPolicy Never, so the OOM output is in the current (terminated) run.
    r = srv.odh("mpijob", "logs", "oom", "-n", "golden", "--worker", "0", "--previous")
    # Nothing to show is "the log is not there" (4), not a network failure (1).
    assert r.code == 4, r
    assert "has no previous run" in r.err and '{"kind"' not in r.err
    plain = srv.odh("mpijob", "logs", "oom", "-n", "golden", "--worker", "0")
    assert plain.code == 0 and "allocating 16384 MiB for optimizer state" in plain.out


def test_pods_not_started_are_reported_not_raw_json(srv):
    # golden/pull: workers in ImagePullBackOff (the API server answers 400, golden 37).
    workers = srv.odh("mpijob", "logs", "pull", "-n", "golden", "--all-workers")
    assert workers.code == 4, workers
    assert "worker-0 has not started yet: ImagePullBackOff" in workers.err
    assert "worker-1 has not started yet: ImagePullBackOff" in workers.err
    assert "add -f to wait" in workers.err
    assert '{"kind"' not in workers.err and workers.out == ""
    everything = srv.odh("mpijob", "logs", "pull", "-n", "golden", "--all")
    assert everything.code == 0
    assert set(by_prefix(everything.out)) == {"launcher"}
    assert "worker-1 has not started yet: ImagePullBackOff" in everything.err
    pending = srv.odh("mpijob", "logs", "pending", "-n", "golden")
    assert pending.code == 4 and "launcher has not started yet: Unschedulable" in pending.err
    # A pod the scheduler cannot place does not start by waiting: no "-f" advice, but where to look.
    assert "add -f" not in pending.err
    assert "hint: the scheduler cannot place its pods; see why with: kubectl odh mpijob describe pending" in pending.err


def test_relaunched_launcher_shows_every_attempt(srv):
    # The seeded pi-restarting: its first launcher failed, the Job controller made a second.
    r = srv.odh("mpijob", "logs", "pi-restarting", "-n", "team-a", "--tail", "2")
    assert r.code == 0, r
    assert re.search(r"==> launcher attempt 1 of 2 \(pi-restarting-launcher-\w{5}, Failed\) <==", r.err)
    assert re.search(r"==> launcher attempt 2 of 2 \(pi-restarting-launcher-\w{5}, Running\) <==", r.err)
    assert len(r.out.splitlines()) == 4
    assert "ERROR: mpirun exited with code 1" in r.out.splitlines()[1]


@pytest.mark.parametrize("argv, message", [
    (["--worker", "1", "--all"], "cannot be combined"),
    (["--previous", "-f"], "cannot be followed"),
    (["--since", "soon"], "--since"),
    (["--tail", "-5"], "--tail"),
    (["--limit-bytes", "0"], "--limit-bytes"),
    ([], None),
])
def test_usage_errors(srv, argv, message):
    args = ["mpijob", "logs"] + (["pi"] if argv else []) + argv + ["-n", "team-a"]
    r = srv.odh(*args)
    assert r.code == 2, r
    assert r.out == ""
    if message:
        assert message in r.err


def test_colors_only_on_a_terminal(srv, done_job, run_in_pty):
    argv = [str(odh_binary()), "--kubeconfig", srv.kubeconfig, "-n", NS, "mpijob", "logs", done_job, "--all"]
    colored = run_in_pty(argv, env=srv.env(), timeout=30)
    assert colored.code == 0
    assert "\x1b[36mlauncher |\x1b[0m " in colored.out and "\x1b[32mworker-0 |\x1b[0m " in colored.out
    plain = run_in_pty(argv, env=srv.env({"NO_COLOR": "1"}), timeout=30)
    assert "\x1b[" not in plain.out and "launcher | " in plain.out


# ---------------------------------------------------------------------------------------------- follow

def test_follow_ends_with_the_job_and_its_exit_code(srv):
    name = create(srv, manifest("logs-f-ok", duration=3, rate=20, workers=2))
    p = follow(srv, name, "--all", "-f")
    out, err = p.communicate(timeout=60)
    assert p.returncode == 0, err
    assert by_prefix(out.decode()) == full_logs(srv, name)
    assert "summary: 2 ranks" in out.decode()

    # restartPolicy Never keeps the failed launcher's pod, so kubectl can read it afterwards.
    name = create(srv, manifest("logs-f-fail", outcome="Failed", duration=2, rate=20, workers=1,
                                launcher_restart="Never"))
    p = follow(srv, name, "-f")
    out, err = p.communicate(timeout=60)
    assert p.returncode == 3
    assert 'error: mpijob "logs-f-fail" failed' in err.decode()
    assert out.decode().splitlines() == full_logs(srv, name)["launcher"]


def test_follow_keeps_what_an_onfailure_launcher_printed_before_its_pod_went(srv):
    # The operator's default launcher restartPolicy is OnFailure: at the backoff limit the Job
    # controller deletes the pod, and its log with it. Following the job is the way to keep it.
    name = create(srv, manifest("logs-f-gone", outcome="Failed", duration=2, rate=20, workers=1))
    p = follow(srv, name, "-f")
    out, err = p.communicate(timeout=60)
    err = err.decode()
    assert p.returncode == 3, err
    assert 'error: mpijob "logs-f-gone" failed' in err
    lines = out.decode().splitlines()
    assert len(lines) >= 20 and "ERROR: mpirun exited with code 1" in lines[-1], lines[-3:]
    assert "incomplete" not in err
    # Afterwards the pod is gone: the read says what removed it, and what would have kept it.
    assert pods(srv, name) == [] or all(label_of(p) != "launcher" for p in pods(srv, name))
    later = srv.odh("mpijob", "logs", name, "-n", NS)
    assert later.code == 4, later
    assert later.out == ""
    assert "launcher has no pod: the Job controller deleted it when the launcher Job hit its backoff limit" in later.err
    assert "hint: a Launcher with restartPolicy: Never keeps one pod" in later.err


def test_follow_reads_every_pod_at_once(srv):
    # A job that never ends: a sequential reader would sit on the first pod forever.
    srv.clear_requests()
    p = follow(srv, "pi-running", "--all", "-f", "--tail", "1", ns="team-a")
    time.sleep(2.5)
    p.send_signal(signal.SIGINT)
    out, err = p.communicate(timeout=20)
    assert p.returncode == 130
    assert set(by_prefix(out.decode())) == {"launcher", "worker-0", "worker-1"}
    starts = [r["time"] for r in srv.requests(path=r"/pods/pi-running-.*/log$")]
    assert len(starts) >= 3
    assert max(starts[:3]) - min(starts[:3]) < 1.0


def test_follow_resumes_a_dropped_stream_without_duplicates(srv):
    name = create(srv, manifest("logs-drop", duration=5, rate=40, lines=200, workers=2))
    p = follow(srv, name, "--all", "-f", "--timestamps")
    time.sleep(2.0)
    assert srv.drop_logs()["dropped"] >= 1
    time.sleep(1.0)
    srv.drop_logs()
    out, err = p.communicate(timeout=60)
    assert p.returncode == 0, err
    got = by_prefix(out.decode())
    want = full_logs(srv, name, timestamps=True)
    for label in want:
        assert got.get(label) == want[label], label
    resumed = [r for r in srv.requests(path=r"/pods/logs-drop-.*/log$") if "sinceTime=" in (r["query"] or "")]
    assert resumed, "no stream was resumed"


def test_follow_picks_up_a_launcher_that_appears_later(srv):
    # Restarting: the first launcher fails and a second pod appears mid-follow.
    name = create(srv, manifest("logs-relaunch", outcome="Restarting", duration=4, rate=20, workers=1))
    p = follow(srv, name, "-f")
    out, err = p.communicate(timeout=60)
    assert p.returncode == 0, err
    assert re.search(r"==> launcher attempt 2 of 2 \(logs-relaunch-launcher-\w{5}\) <==", err.decode())
    launchers = sorted([x for x in pods(srv, name) if label_of(x) == "launcher"],
                       key=lambda x: x["metadata"]["creationTimestamp"])
    assert len(launchers) == 2
    first = srv.kubectl("logs", launchers[0]["metadata"]["name"], "-n", NS).out.splitlines()
    second = srv.kubectl("logs", launchers[1]["metadata"]["name"], "-n", NS).out.splitlines()
    assert out.decode().splitlines() == first + second


def test_follow_waits_for_pods_that_have_not_started(srv):
    p = follow(srv, "pull", "--all-workers", "-f", ns="golden")
    time.sleep(3.5)
    p.send_signal(signal.SIGINT)
    out, err = p.communicate(timeout=20)
    assert p.returncode == 130
    assert "waiting for worker-0: ImagePullBackOff" in err.decode()
    assert '{"kind"' not in err.decode()


def test_head_ends_quietly(srv):
    argv = [str(odh_binary()), "--kubeconfig", srv.kubeconfig, "-n", "team-a", "mpijob", "logs", "pi-running", "--all",
            "-f"]
    t0 = time.time()
    r = subprocess.run(" ".join(argv) + " | head -n 3; exit ${PIPESTATUS[0]}", shell=True, executable="/bin/bash",
                       capture_output=True, env=srv.env(), timeout=30)
    assert r.returncode == 0
    assert r.stderr == b""
    assert len(r.stdout.splitlines()) == 3
    assert time.time() - t0 < 10


def test_ctrl_c_exits_130(srv, run_in_pty):
    argv = [str(odh_binary()), "--kubeconfig", srv.kubeconfig, "-n", "team-a", "mpijob", "logs", "pi-running", "-f"]
    r = run_in_pty(argv, input_bytes=b"\x03", env=srv.env(), timeout=20, expect="loss")
    assert r.code == 130


# ---------------------------------------------------------------------------------------------- create --follow

def test_create_wait_follow_streams_the_launcher(srv):
    doc = manifest("logs-create", duration=2, rate=20, workers=1)
    r = srv.odh("mpijob", "create", "-f", "-", "-n", NS, "--wait", "--follow", stdin=json.dumps(doc), timeout=60)
    assert r.code == 0, r
    lines = r.out.splitlines()
    assert lines[0] == "mpijob.kubeflow.org/logs-create created"
    assert lines[-1] == "mpijob.kubeflow.org/logs-create succeeded"
    assert lines[1:-1] == full_logs(srv, "logs-create")["launcher"]

    doc = manifest("logs-create-fail", outcome="Failed", duration=2, rate=20, workers=1)
    r = srv.odh("mpijob", "create", "-f", "-", "-n", NS, "--wait", "--follow", stdin=json.dumps(doc), timeout=60)
    assert r.code == 3
    assert "ERROR: mpirun exited with code 1" in r.out
    assert 'mpijob "logs-create-fail" failed' in r.err

    r = srv.odh("mpijob", "create", "-f", "-", "-n", NS, "--follow", stdin=json.dumps(manifest("logs-nowait")))
    assert r.code == 2 and "--follow goes with --wait" in r.err
