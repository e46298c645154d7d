"""Kueue's view wherever status is shown: list/get (Queued vs Admitted, one Workload list per namespace, the
ClusterQueue in -o wide), describe's Queue section and diagnosis (quota with numbers, position, a mistyped queue,
an inactive ClusterQueue, a preemption), and the LocalQueue pre-flight of create. Nothing about Kueue without it."""

import contextlib
import json
import re
import time

import jobkit as K
import kueuekit as Q
from kueuekit import kueue  # noqa: F401  (the module-scoped Kueue server fixture)


def rows(out):
    return {line.split()[0]: line.split() for line in out.splitlines()[1:]}


def test_list_tells_queued_from_running_with_one_workload_list(kueue):
    kueue.clear_requests()
    r = kueue.odh("mpijob", "list", "-n", "team-a", "-o", "wide")
    assert r.code == 0, r
    header = r.out.splitlines()[0].split()
    assert header == ["NAME", "STATUS", "WORKERS", "AGE", "LAUNCHER", "GPUS", "QUEUE", "CLUSTERQUEUE", "IMAGE",
                      "DURATION"]
    table = rows(r.out)
    assert table["pi-queued"][1] == "Queued" and table["pi-queued"][7] == "team-cq"
    assert table["pi-preempted"][1] == "Queued"
    assert table["pi-running"][7] == "-"
    sent = [q["path"] for q in kueue.requests() if "kueue" in q["path"]]
    assert sent == ["/apis/kueue.x-k8s.io", "/apis/kueue.x-k8s.io/v1beta2/namespaces/team-a/workloads",
                    "/apis/kueue.x-k8s.io/v1beta2/namespaces/team-a/localqueues"], sent
    # All namespaces: still one Workload list; no job with a queue label, no Kueue request at all.
    kueue.clear_requests()
    assert kueue.odh("mpijob", "list", "-A").code == 0
    assert [q["path"] for q in kueue.requests(path="workloads")] == ["/apis/kueue.x-k8s.io/v1beta2/workloads"]
    kueue.clear_requests()
    assert kueue.odh("mpijob", "list", "-n", "golden").code == 0
    assert kueue.requests(path="kueue") == []
    r = kueue.odh("mpijob", "list", "-A", "--status", "Queued", "--no-headers")
    assert {line.split()[1] for line in r.out.splitlines()} == {"pi-queued", "pi-preempted"}


def test_an_admitted_job_is_admitted_until_its_pods_run(kueue, tmp_path):
    ns = K.new_namespace(kueue, "kv")
    Q.setup_queue(kueue, ns)
    name = K.create(kueue, tmp_path, ns, outcome="Hang", queue_name="q", gpus=1)
    seen = set()

    def states():
        r = kueue.odh("mpijob", "get", name, "-n", ns, "--no-headers")
        seen.add(r.out.split()[1])
        return "Running" in seen
    K.wait_until(states, interval=0.02, what="Running")
    assert seen <= {"Queued", "Admitted", "Running"}, seen
    wide = kueue.odh("mpijob", "get", name, "-n", ns, "-o", "wide", "--no-headers")
    assert ns + "-cq" in wide.out.split()


def test_describe_a_job_waiting_for_gpus(kueue):
    r = kueue.odh("mpijob", "describe", "pi-queued", "-n", "team-a")
    assert r.code == 0, r
    queue = r.out[r.out.index("\nQueue:\n"):r.out.index("\nConditions:\n")]
    assert re.search(r"^  LocalQueue:\s+user-queue$", queue, re.M)
    assert re.search(r"^  ClusterQueue:\s+team-cq$", queue, re.M)
    assert re.search(r"^  Workload:\s+mpijob-pi-queued-[0-9a-f]{5} \(pending\)$", queue, re.M)
    waiting = ("couldn't assign flavors to pod set worker: insufficient unused quota for nvidia.com/gpu in flavor "
               "default-flavor, 4 more needed")
    assert "  Pending:            " + waiting in queue
    assert re.search(r"^  Position:\s+1 ahead in LocalQueue user-queue, 1 ahead in ClusterQueue team-cq$", queue, re.M)
    assert re.search(r"^    nvidia.com/gpu\s+default-flavor\s+4\s+4\s+4\s+0$", queue, re.M)
    assert "QuotaReserved   False    Pending" in queue
    d = K.describe_json(kueue, "team-a", "pi-queued")
    assert d["status"]["phase"] == "Queued"
    assert d["queue"]["clusterQueue"] == "team-cq" and d["queue"]["position"] == {"inLocalQueue": 1,
                                                                                  "inClusterQueue": 1}
    gpu = next(q for q in d["queue"]["quota"] if q["resource"] == "nvidia.com/gpu")
    assert (gpu["requested"], gpu["used"], gpu["nominal"], gpu["free"]) == ("4", "4", "4", "0")
    finding = next(f for f in d["diagnosis"] if f["rule"] == "waiting-for-quota")
    assert waiting in finding["cause"]
    assert "the job needs 4, flavor default-flavor has 0 of 4 free (4 in use)" in finding["cause"]
    assert "1 ahead of it in LocalQueue user-queue" in finding["cause"]
    assert "queued" not in K.rules(d)


def test_describe_a_mistyped_queue(kueue, tmp_path):
    ns = K.new_namespace(kueue, "kv")
    Q.setup_queue(kueue, ns, queue="user-queue")
    # Submitted around the CLI's pre-flight (kubectl, a pipeline): the job waits forever.
    job = K.manifest("typo", queue_name="user-qeue")
    assert K.api(kueue).request("POST", K.MPIJOBS % ns, job).status == 201
    d = K.wait_until(lambda: (lambda d: d if "queue-not-found" in K.rules(d) else None)(
        K.describe_json(kueue, ns, "typo")), what="queue-not-found")
    finding = next(f for f in d["diagnosis"] if f["rule"] == "queue-not-found")
    assert finding["severity"] == "error"
    assert '"user-qeue"' in finding["cause"] and "waits forever" in finding["cause"]
    assert 'did you mean "user-queue"?' in finding["fix"]
    text = kueue.odh("mpijob", "describe", "typo", "-n", ns).out
    assert "  LocalQueue:         user-qeue <not found; the namespace has: user-queue>" in text
    # The fix works: relabelled while suspended, the job moves to the right queue and runs.
    K.patch_job(kueue, ns, "typo", {"metadata": {"labels": {"kueue.x-k8s.io/queue-name": "user-queue"}}})
    K.wait_for_condition(kueue, ns, "typo", "Running")


def test_describe_an_inactive_cluster_queue_and_a_preemption(kueue):
    job = K.manifest("legacy-%d" % (id(kueue) % 1000), queue_name="legacy-queue")
    name = job["metadata"]["name"]
    assert K.api(kueue).request("POST", K.MPIJOBS % "team-a", job).status == 201
    d = K.wait_until(lambda: (lambda d: d if "cluster-queue-inactive" in K.rules(d) else None)(
        K.describe_json(kueue, "team-a", name)), what="cluster-queue-inactive")
    finding = next(f for f in d["diagnosis"] if f["rule"] == "cluster-queue-inactive")
    assert "ClusterQueue retired-cq" in finding["cause"] and "FlavorNotFound" in finding["cause"]
    assert "a100-80gb" in finding["cause"]
    K.api(kueue).request("DELETE", K.MPIJOBS % "team-a" + "/" + name)

    d = K.describe_json(kueue, "team-a", "pi-preempted")
    finding = next(f for f in d["diagnosis"] if f["rule"] == "preempted")
    assert "by team-b/gpu-train due to prioritization in the ClusterQueue" in finding["cause"]
    assert d["queue"]["preemptedBy"] == "team-b/gpu-train"


def test_a_user_who_may_not_read_cluster_queues_still_gets_the_rest(kueue):
    r = kueue.odh("--context", "alice", "mpijob", "describe", "pi-queued")
    assert r.code == 0, r
    assert re.search(r"^  ClusterQueue:\s+team-cq <cannot read: .*forbidden", r.out, re.M)
    assert "4 more needed" in r.out and "Position:" in r.out


def test_create_refuses_a_queue_that_does_not_exist(kueue, tmp_path):
    r = kueue.odh("mpijob", "create", "typo-job", "-n", "team-a", "--image", "mpioperator/mpi-pi:openmpi",
                  "--cpu", "1", "--memory", "1Gi", "--launcher-cpu", "1", "--launcher-memory", "1Gi",
                  "--queue", "user-qeue")
    assert r.code == 4, r
    assert 'error: LocalQueue "user-qeue" not found in namespace "team-a"' in r.err
    assert "nothing was created" in r.err
    assert "hint: LocalQueues in team-a: legacy-queue, user-queue — did you mean user-queue?" in r.err
    assert K.get_job(kueue, "team-a", "typo-job") is None
    # The same for a manifest's label.
    path = tmp_path / "job.json"
    path.write_text(json.dumps(K.manifest("typo-file", queue_name="nope")))
    r = kueue.odh("mpijob", "create", "-f", str(path), "-n", "default")
    assert r.code == 4 and "namespace default has no LocalQueue" in r.err


def test_no_kueue_no_kueue_talk(server):
    server.clear_requests()
    r = server.odh("mpijob", "describe", "pi-queued", "-n", "team-a")
    assert r.code == 0, r
    assert "\nQueue:\n" not in r.out and "  Queue:              user-queue (Kueue LocalQueue)" in r.out
    assert [q["path"] for q in server.requests(path="kueue")] == ["/apis/kueue.x-k8s.io"]
    d = K.describe_json(server, "team-a", "pi-queued")
    assert d["queue"] is None and "queued" in K.rules(d)


def test_list_watch_starts_with_lists_table(kueue):
    """The first table of `list --watch` is `list`'s: Kueue's STATUS and the CLUSTERQUEUE column."""
    listed = kueue.odh("mpijob", "list", "-n", "team-a", "-o", "wide", "--no-headers")
    assert listed.code == 0, listed
    # NAME: STATUS, WORKERS, LAUNCHER, GPUS, QUEUE, CLUSTERQUEUE, IMAGE (AGE and DURATION move with the clock).
    expected = {c[0]: c[1:3] + c[4:9] for c in (line.split() for line in listed.out.splitlines())}
    w = K.Proc(kueue, "mpijob", "list", "-n", "team-a", "-o", "wide", "--watch")
    try:
        header = w.wait_for_line(lambda line: True)
        assert header.split() == ["NAME", "STATUS", "WORKERS", "AGE", "LAUNCHER", "GPUS", "QUEUE", "CLUSTERQUEUE",
                                  "IMAGE", "DURATION"]
        got = {}
        while len(got) < len(expected):
            c = w.wait_for_line(lambda line: True).split()
            got[c[0]] = c[1:3] + c[4:9]
        code = w.interrupt()
    finally:
        w.kill()
    assert code == 130
    assert got == expected


def settled_version(server, ns, name, quiet=1.0, timeout=15):
    """The job's resourceVersion once the simulated operator and Kueue have stopped writing it for `quiet` s."""
    deadline = time.time() + timeout
    version, since = None, time.time()
    while time.time() < deadline:
        now = K.get_job(server, ns, name)["metadata"]["resourceVersion"]
        if now != version:
            version, since = now, time.time()
        elif time.time() - since >= quiet:
            return version
        time.sleep(0.1)
    raise AssertionError("%s kept changing for %ss" % (name, timeout))


@contextlib.contextmanager
def list_and_get_watches(server, ns, name):
    """`list --watch` and `get NAME --watch` of one job, both ended with Ctrl-C: exit 130 each."""
    watches = (K.Proc(server, "mpijob", "list", "-n", ns, "--watch"),
               K.Proc(server, "mpijob", "get", name, "-n", ns, "--watch"))
    try:
        yield watches
        assert [w.interrupt() for w in watches] == [130, 130]
    finally:
        for w in watches:
            w.kill()


def rows_say(watches, name, status):
    """Each watch prints a row of `name` whose STATUS and what follows match `status` (a regex)."""
    for w in watches:
        w.wait_for_line(lambda line: re.match(r"^%s\s+%s" % (re.escape(name), status), line))


def test_watches_follow_kueue_through_a_suspend_and_a_resume(kueue, tmp_path):
    """A Kueue job is suspended through its Workload: the watches say Suspended (as list does), not Queued,
    and Running again once Kueue admits it back."""
    ns = K.new_namespace(kueue, "kw")
    Q.setup_queue(kueue, ns)
    name = K.create(kueue, tmp_path, ns, outcome="Hang", queue_name="q", gpus=1)
    K.wait_for_condition(kueue, ns, name, "Running")
    K.wait_until(lambda: len(Q.live_pods(kueue, ns, name)) == 3, what="%s's pods" % name)
    with list_and_get_watches(kueue, ns, name) as watches:
        rows_say(watches, name, r"Running\s")
        r = kueue.odh("mpijob", "suspend", name, "-n", ns, "--wait", "--timeout", "30s")
        assert r.code == 0, r
        assert kueue.odh("mpijob", "get", name, "-n", ns, "--no-headers").out.split()[1] == "Suspended"
        rows_say(watches, name, r"Suspended\s+0/2\s")
        r = kueue.odh("mpijob", "resume", name, "-n", ns, "--wait", "--timeout", "30s")
        assert r.code == 0, r
        rows_say(watches, name, r"Running\s+2/2\s")
    for w in watches:
        states = [line.split()[1] for line in w.seen if line.startswith(name + " ")]
        assert "Queued" not in states[:states.index("Suspended") + 1], states
        assert w.stderr() == "", w.stderr()


def test_watches_follow_a_workload_that_changes_while_its_job_does_not(kueue, tmp_path):
    """A queued job suspended and resumed: Kueue deactivates and reactivates its Workload and never touches the
    job, which stays suspended the whole time. The watches watch the Workloads too, so their rows follow."""
    ns = K.new_namespace(kueue, "kq")
    Q.setup_queue(kueue, ns, gpus="1")
    name = K.create(kueue, tmp_path, ns, outcome="Hang", queue_name="q", gpus=2)
    K.wait_until(lambda: Q.workload_of(kueue, ns, name), what="%s's Workload" % name)
    assert kueue.odh("mpijob", "get", name, "-n", ns, "--no-headers").out.split()[1] == "Queued"
    before = settled_version(kueue, ns, name)
    with list_and_get_watches(kueue, ns, name) as watches:
        rows_say(watches, name, r"Queued\s")
        r = kueue.odh("mpijob", "suspend", name, "-n", ns)
        assert r.code == 0, r
        rows_say(watches, name, r"Suspended\s")
        r = kueue.odh("mpijob", "resume", name, "-n", ns)
        assert r.code == 0, r
        rows_say(watches, name, r"Queued\s")
    # The job itself never changed: only its Workload did.
    assert K.get_job(kueue, ns, name)["metadata"]["resourceVersion"] == before
    for w in watches:
        assert w.stderr() == "", w.stderr()
