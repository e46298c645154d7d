"""The request shape of lists (docs/performance.md): one request by default, `--chunk-size N` pages as kubectl
does, and either way one consistent snapshot: a change between two pages never shows, an expired continue
token (410) falls back to one full list."""
import json
import signal
import subprocess
import time

import pytest

from harness import FakeCluster, kubectl_binary, odh_binary

MPIJOBS = "/apis/kubeflow.org/v2beta1/namespaces/%s/mpijobs$"


@pytest.fixture(scope="module")
def srv():
    cluster = FakeCluster(seed="none", tick=0.05).start()
    try:
        yield cluster
    finally:
        cluster.stop()


@pytest.fixture(autouse=True)
def no_faults(srv, odh_bin):
    yield
    srv.clear_faults()


_seeded = set()


def seeded(srv, ns, **bulk):
    """Jobs in `ns`, made once per module (parametrized tests share them)."""
    if ns not in _seeded:
        srv.bulk(namespace=ns, prefix="j-", pods=False, **bulk)
        _seeded.add(ns)
    return ns


def lists(srv, ns):
    """The list requests (not watches) sent for a namespace's MPIJobs, as (query, code)."""
    return [(r["query"], r["code"]) for r in srv.requests(path=MPIJOBS % ns)
            if r["method"] == "GET" and "watch=" not in r["query"]]


def wait_for(predicate, what, timeout=20):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if predicate():
            return
        time.sleep(0.02)
    raise AssertionError("timed out waiting for " + what)


@pytest.mark.parametrize("output", [[], ["-o", "wide"], ["-o", "json"], ["-o", "yaml"], ["-o", "name"]])
def test_every_printer_lists_in_one_request_without_limit(srv, output):
    ns = seeded(srv, "shape-one", count=620, state="Running")
    srv.clear_requests()
    r = srv.odh("mpijob", "list", "-n", ns, *output)
    assert r.code == 0, r
    assert r.err == ""
    assert "j-0619" in r.out and "j-0000" in r.out
    assert lists(srv, ns) == [("", 200)]


def test_chunk_size_pages_like_kubectl(srv):
    ns = "shape-chunk"
    srv.bulk(namespace=ns, count=25, prefix="j-", state="Running", pods=False)
    srv.clear_requests()
    r = srv.odh("mpijob", "list", "-n", ns, "-o", "name", "--chunk-size", "10")
    assert r.code == 0, r
    assert r.out.splitlines() == ["mpijob.kubeflow.org/j-%04d" % i for i in range(25)]
    sent = lists(srv, ns)
    assert [q.count("limit=10") for q, _ in sent] == [1, 1, 1]
    assert ["continue=" in q for q, _ in sent] == [False, True, True]
    srv.clear_requests()
    r = srv.odh("mpijob", "list", "-n", ns, "-o", "name", "--chunk-size=0")
    assert r.code == 0 and len(r.lines()) == 25
    assert lists(srv, ns) == [("", 200)]


@pytest.mark.parametrize("value", ["-1", "x", "1.5", "", "99999999999999999999999"])
def test_a_bad_chunk_size_is_a_usage_error_before_any_request(srv, value):
    srv.clear_requests()
    r = srv.odh("mpijob", "list", "-n", "shape-chunk", "--chunk-size=" + value)
    assert r.code == 2, r
    assert r.err.startswith("error: invalid argument") and "--chunk-size" in r.err
    assert "hint:" in r.err
    assert r.out == ""
    assert srv.requests() == []


def test_chunk_size_on_delete_needs_a_selector(srv):
    r = srv.odh("mpijob", "delete", "some-job", "-n", "shape-chunk", "--chunk-size", "5")
    assert r.code == 2, r
    assert "--chunk-size goes with -l SELECTOR or --all" in r.err


def test_a_change_between_two_pages_does_not_show(srv):
    if kubectl_binary() is None:
        pytest.skip("kubectl changes a label between the pages")
    ns = "shape-snapshot"
    srv.bulk(namespace=ns, count=30, prefix="j-", state="Running", pods=False)
    before = srv.odh("mpijob", "list", "-n", ns, "-o", "json")
    assert before.code == 0 and len(before.json()["items"]) == 30
    # The second page waits: meanwhile one job of a later page is deleted, one relabelled, one created.
    srv.add_fault(method="GET", path=MPIJOBS % ns, query="continue=", action="slow", delay=2.5, times=1)
    srv.clear_requests()
    p = subprocess.Popen([str(odh_binary()), "--kubeconfig", srv.kubeconfig, "mpijob", "list", "-n", ns, "-o", "json",
                          "--chunk-size", "10"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=srv.env())
    wait_for(lambda: len(lists(srv, ns)) >= 1, "the first page")
    changed_at = time.time()
    assert srv.odh("mpijob", "delete", "j-0025", "-n", ns).code == 0
    assert srv.kubectl("label", "mpijobs.kubeflow.org", "j-0012", "-n", ns, "changed=yes").code == 0
    assert srv.odh("mpijob", "create", "j-0015a", "-n", ns, "--image", "x", "--cpu", "100m",
                   "--memory", "64Mi").code == 0
    assert time.time() - changed_at < 2.0, "the changes must land while the second page waits"
    out, err = p.communicate(timeout=30)
    assert p.returncode == 0, err
    # Every page from the first page's snapshot: exactly the list from before the changes.
    assert out.decode() == before.out
    items = json.loads(out)["items"]
    assert [i["metadata"]["name"] for i in items] == ["j-%04d" % i for i in range(30)]
    assert "changed" not in items[12]["metadata"].get("labels", {})
    assert [("limit=10" in q, "continue=" in q, code) for q, code in lists(srv, ns)] == [
        (True, False, 200), (True, True, 200), (True, True, 200)]
    # The changes did happen: a new list sees them.
    now = srv.odh("mpijob", "list", "-n", ns, "-o", "name").lines()
    assert "mpijob.kubeflow.org/j-0025" not in now and "mpijob.kubeflow.org/j-0015a" in now


def test_an_expired_continue_token_falls_back_to_one_full_list(srv):
    ns = "shape-expired"
    srv.bulk(namespace=ns, count=25, prefix="j-", state="Running", pods=False)
    srv.add_fault(method="GET", path=MPIJOBS % ns, query="continue=", action="slow", delay=1.5, times=1)
    srv.clear_requests()
    p = subprocess.Popen([str(odh_binary()), "--kubeconfig", srv.kubeconfig, "mpijob", "list", "-n", ns, "-o", "name",
                          "--chunk-size", "10"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=srv.env())
    wait_for(lambda: len(lists(srv, ns)) >= 1, "the first page")
    # A job of the first page goes, one arrives, and the history the token points into is compacted.
    assert srv.odh("mpijob", "delete", "j-0003", "-n", ns).code == 0
    assert srv.odh("mpijob", "create", "j-0024a", "-n", ns, "--image", "x", "--cpu", "100m",
                   "--memory", "64Mi").code == 0
    srv.compact()
    out, err = p.communicate(timeout=30)
    assert p.returncode == 0, err
    names = [line.split("/", 1)[1] for line in out.decode().splitlines()]
    # Only the new snapshot: not j-0003 from the first page of the old one.
    expected = sorted(["j-%04d" % i for i in range(25) if i != 3] + ["j-0024a"])
    assert names == expected
    assert [("limit=10" in q, "continue=" in q, code) for q, code in lists(srv, ns)] == [
        (True, False, 200), (True, True, 410), (False, False, 200)]


def test_watch_lists_first_in_the_same_shape(srv):
    ns = "shape-watch"
    srv.bulk(namespace=ns, count=10, prefix="j-", state="Running", pods=False)
    for chunk, pages in ((None, 1), ("4", 3)):
        srv.clear_requests()
        argv = [str(odh_binary()), "--kubeconfig", srv.kubeconfig, "mpijob", "list", "-n", ns, "--watch", "-o", "name"]
        if chunk:
            argv += ["--chunk-size", chunk]
        p = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=srv.env())
        wait_for(lambda: any("watch=" in r["query"] for r in srv.requests(path=MPIJOBS % ns)), "the watch")
        p.send_signal(signal.SIGINT)
        out, err = p.communicate(timeout=10)
        assert p.returncode == 130, err
        assert len(out.decode().splitlines()) == 10
        sent = lists(srv, ns)
        assert len(sent) == pages
        assert all(("limit=4" in q) == bool(chunk) for q, _ in sent)
        watch = [r["query"] for r in srv.requests(path=MPIJOBS % ns) if "watch=" in r["query"]]
        assert watch and "resourceVersion=" in watch[0]


def test_delete_by_selector_lists_in_one_request_or_in_chunks(srv):
    ns = "shape-delete"
    for chunk, pages in ((None, 1), ("5", 3)):
        srv.bulk(namespace=ns, count=12, prefix="j-", state="Running", pods=False, labels={"team": "shape"})
        srv.clear_requests()
        argv = ["mpijob", "delete", "-l", "team=shape", "-n", ns, "--yes"] + (["--chunk-size", chunk] if chunk else [])
        r = srv.odh(*argv)
        assert r.code == 0, r
        assert len(r.lines()) == 12
        sent = lists(srv, ns)
        assert len(sent) == pages
        assert all(("limit=5" in q) == bool(chunk) for q, _ in sent)


@pytest.mark.parametrize("chunk", [[], ["--chunk-size", "7"]])
def test_json_and_yaml_are_byte_for_byte_kubectls(srv, chunk):
    if kubectl_binary() is None:
        pytest.skip("kubectl is not installed")
    ns = seeded(srv, "shape-bytes", count=300, state="mixed")
    for fmt in ("json", "yaml"):
        mine = srv.odh("mpijob", "list", "-n", ns, "-o", fmt, *chunk)
        theirs = srv.kubectl("get", "mpijobs.kubeflow.org", "-n", ns, "-o", fmt)
        assert mine.code == 0 and theirs.code == 0, (mine, theirs)
        assert mine.out == theirs.out

