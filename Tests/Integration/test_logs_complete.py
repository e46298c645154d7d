"""logs -f never loses a line silently: at 128 workers x 20,000 lines and at 512 workers, -f prints exactly
what a read without -f prints; a stream cut and then found deleted is named on stderr with a non-zero exit."""
import subprocess
import time

import pytest

from harness import FakeCluster, odh_binary
from test_logs import by_prefix, create, follow, manifest, wait_done

NS = "default"


@pytest.fixture(scope="module")
def srv():
    if not odh_binary().exists():
        pytest.fail("kubectl-odh binary not found at %s: build it first or set ODH_BIN" % odh_binary())
    s = FakeCluster(seed="none", tick=0.05).start()
    try:
        yield s
    finally:
        s.stop()


def read(srv, name, *args, timeout=600):
    r = srv.odh("mpijob", "logs", name, "--all-workers", "-n", NS, *args, timeout=timeout)
    return r


def finished_big_job(srv, name, workers, lines):
    # cleanPodPolicy None: the workers' sshd keeps running, so their streams never end by themselves.
    create(srv, manifest(name, duration=2, rate=lines, lines=lines, workers=workers, clean="None"))
    assert wait_done(srv, name, timeout=300) == 0
    return name


@pytest.mark.parametrize("workers, lines", [(128, 20000), (512, 500)])
def test_follow_of_a_finished_job_prints_every_line_of_every_worker(srv, workers, lines):
    name = finished_big_job(srv, "big-%d" % workers, workers, lines)
    whole = read(srv, name)
    assert whole.code == 0 and whole.err == "", whole.err
    followed = read(srv, name, "-f")
    assert followed.code == 0, followed.err[-2000:]
    want, got = by_prefix(whole.out), by_prefix(followed.out)
    assert len(want) == workers
    assert all(len(v) >= lines for v in want.values())
    short = [k for k in want if got.get(k) != want[k]]
    assert not short, "%d workers differ under -f, e.g. %s: %d of %d lines" % (
        len(short), short[0], len(got.get(short[0], [])), len(want[short[0]]))


def test_follow_of_a_job_that_ends_while_streams_are_busy_misses_nothing(srv):
    # Workers write fast until the job ends; the follow starts before that and must read up to the end.
    name = create(srv, manifest("busy-end", duration=4, rate=4000, lines=16000, workers=64, clean="None"))
    p = follow(srv, name, "--all", "-f")
    out, err = p.communicate(timeout=300)
    assert p.returncode == 0, err.decode()[-2000:]
    whole = srv.odh("mpijob", "logs", name, "--all", "-n", NS, timeout=300)
    assert whole.code == 0
    want, got = by_prefix(whole.out), by_prefix(out.decode())
    assert set(got) == set(want)
    for label in want:
        assert got[label] == want[label], label


def test_a_pod_deleted_mid_stream_is_named_and_the_exit_code_is_not_0(srv):
    # worker-1's stream is cut after 30 lines; its resume is held up while the pod is deleted, so the
    # resume finds the pod gone: what came after the cut is lost, and the user must be told.
    name = create(srv, manifest("cut-gone", outcome="Hang", duration=3, rate=50, lines=100000, workers=2, clean="None"))
    deadline = time.time() + 30
    while time.time() < deadline and len(srv.odh("mpijob", "logs", name, "--worker", "1", "-n", NS).lines()) < 40:
        time.sleep(0.2)
    path = r"/pods/cut-gone-worker-1/log$"
    srv.clear_requests()
    srv.add_fault(method="GET", path=path, action="drop", after_lines=30, times=1)
    srv.add_fault(method="GET", path=path, query="sinceTime", action="slow", delay=3, times=1)
    p = follow(srv, name, "--all-workers", "-f")
    deadline = time.time() + 30
    while time.time() < deadline and len(srv.requests(path=path)) < 1:
        time.sleep(0.1)
    d = srv.kubectl("delete", "pod", "cut-gone-worker-1", "-n", NS, "--grace-period=0", "--force", "--wait=false")
    assert d.code == 0, d
    time.sleep(4.0)
    srv.transition(NS, name, "Succeeded")
    out, err = p.communicate(timeout=120)
    err = err.decode()
    srv.clear_faults()
    assert p.returncode == 1, err
    assert "error: the log of worker-1 (pod cut-gone-worker-1) is incomplete: the pod was deleted while its log " \
           "was being read; lines after 20" in err
    got = by_prefix(out.decode())
    assert len(got.get("worker-1", [])) >= 20, "the lines read before the cut are kept"
    assert "worker-0" not in err


def test_a_cleanly_ended_stream_of_a_deleted_pod_is_no_loss(srv):
    # cleanPodPolicy All deletes every pod when the job ends; streams that had been read to their end
    # lose nothing, and say nothing.
    name = create(srv, manifest("clean-all", duration=2, rate=20, workers=2, clean="All"))
    p = follow(srv, name, "--all", "-f")
    out, err = p.communicate(timeout=120)
    assert p.returncode == 0, err.decode()
    assert "incomplete" not in err.decode()
    got = by_prefix(out.decode())
    assert set(got) == {"launcher", "worker-0", "worker-1"}
