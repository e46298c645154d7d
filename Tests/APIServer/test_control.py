"""The control API: faults, request log, compaction, bulk, transitions, reset, ctl.py, process lifecycle."""

import http.client
import json
import os
import signal
import ssl
import subprocess
import sys
import time

import pytest

from kclient import Client

HERE = os.path.dirname(os.path.abspath(__file__))
NS = "/apis/kubeflow.org/v2beta1/namespaces/%s/mpijobs"


@pytest.fixture
def ctl(srv):
    yield srv
    srv.clear_faults()


def test_status_fault_with_retry_after_and_counts(ctl, admin):
    rule = ctl.add_fault(method="GET", path=r"/namespaces/team-a/mpijobs$", action="status", code=503, times=2,
                         retry_after=3)
    assert rule["remaining"] == 2 and ctl.faults()[0]["remaining"] == 2
    for _ in range(2):
        r = admin.get(NS % "team-a")
        assert r.status == 503 and r.headers["retry-after"] == "3"
        st = r.json()
        assert (st["kind"], st["status"], st["reason"], st["code"]) == ("Status", "Failure", "ServiceUnavailable", 503)
        assert st["details"] == {"retryAfterSeconds": 3}
    assert admin.get(NS % "team-a").status == 200
    assert ctl.faults() == []


def test_429_query_filter_and_forever(ctl, admin):
    ctl.add_fault(path=r"/mpijobs$", query=r"limit=1\b", code=429, times=-1)
    for _ in range(3):
        r = admin.get(NS % "team-a" + "?limit=1")
        assert r.status == 429 and r.json()["reason"] == "TooManyRequests"
        assert r.json()["message"] == "Too many requests, please try again later."
    assert admin.get(NS % "team-a" + "?limit=2").status == 200
    assert ctl.faults()[0]["remaining"] == -1
    assert ctl.clear_faults()["cleared"] == 1


def test_drop_without_response(ctl, srv):
    ctl.add_fault(path=r"/mpijobs/pi$", action="drop")
    c = Client(srv, "admin")
    conn = c._conn(5)
    conn.request("GET", NS % "team-a" + "/pi", headers=c._headers(None, None))
    with pytest.raises((http.client.RemoteDisconnected, ConnectionError, ssl.SSLError)):
        conn.getresponse().read()
    c.close()
    assert Client(srv, "admin").get(NS % "team-a" + "/pi").status == 200


def test_truncate_and_drip(ctl, srv):
    ctl.add_fault(path=r"/mpijobs/pi$", action="truncate")
    c = Client(srv, "admin")
    conn = c._conn(5)
    conn.request("GET", NS % "team-a" + "/pi", headers=c._headers(None, None))
    resp = conn.getresponse()
    assert resp.status == 200 and int(resp.getheader("Content-Length")) > 0
    with pytest.raises(http.client.IncompleteRead):
        resp.read()
    c.close()
    ctl.add_fault(path=r"/namespaces/team-a$", action="drip", delay=0.002)
    t0 = time.time()
    r = Client(srv, "admin").get("/api/v1/namespaces/team-a")
    assert r.status == 200 and r.json()["metadata"]["name"] == "team-a"
    assert time.time() - t0 >= len(r.body) * 0.002 * 0.8


def test_slow_html_wrongkind(ctl, admin):
    ctl.add_fault(path=r"/mpijobs/pi$", action="slow", delay=0.6)
    t0 = time.time()
    assert admin.get(NS % "team-a" + "/pi").status == 200 and time.time() - t0 >= 0.6
    ctl.add_fault(path=r"/mpijobs/pi$", action="html", code=502)
    r = admin.get(NS % "team-a" + "/pi")
    assert r.status == 502 and r.headers["content-type"] == "text/html" and b"<html>" in r.body
    ctl.add_fault(path=r"/mpijobs/pi$", action="wrongkind")
    r = admin.get(NS % "team-a" + "/pi")
    assert r.status == 200 and r.json()["kind"] == "ConfigMap"


def test_drop_a_watch_after_lines(ctl, admin):
    ctl.add_fault(path=r"/mpijobs$", query="watch", action="drop", after_lines=2)
    st = admin.stream(NS % "team-a" + "?watch=1")
    lines = st.lines(seconds=3)
    st.close()
    assert len(lines) == 3 and isinstance(lines[-1], tuple) and lines[-1][0] == "ABORTED"
    assert all(json.loads(x)["type"] == "ADDED" for x in lines[:2])


def test_drop_a_followed_log_after_bytes(ctl, admin):
    ctl.add_fault(path=r"/log$", action="drop", after_bytes=100)
    st = admin.stream("/api/v1/namespaces/team-a/pods/pi-running-worker-0/log?follow=true")
    lines = st.lines(seconds=3)
    st.close()
    assert isinstance(lines[-1], tuple)
    assert sum(len(x) for x in lines[:-1]) <= 100


def test_request_log(srv, client):
    srv.clear_requests()
    bot = client("ci-bot")
    bot.get(NS % "team-a" + "?limit=3", headers={"User-Agent": "kubectl-odh/0.1 test", "Accept": "application/json"})
    bot.request("POST", NS % "team-a" + "?dryRun=All", body={"metadata": {"name": "x"}, "spec": {}})
    reqs = srv.requests()
    assert [r["method"] for r in reqs] == ["GET", "POST"]
    r0 = reqs[0]
    assert r0["path"] == NS % "team-a" and r0["query"] == "limit=3" and r0["user"] == "ci-bot"
    assert r0["user_agent"] == "kubectl-odh/0.1 test" and r0["accept"] == "application/json" and r0["code"] == 200
    assert reqs[1]["content_type"] == "application/json" and reqs[1]["code"] == 422
    assert isinstance(r0["time"], float)
    assert srv.token("ci-bot") not in json.dumps(reqs)
    assert srv.clear_requests()["cleared"] == 2


def test_compact_makes_old_versions_expire(fresh):
    c = Client(fresh, "admin")
    rv = c.get(NS % "team-a").json()["metadata"]["resourceVersion"]
    c.request("PATCH", NS % "team-a" + "/pi", body={"metadata": {"labels": {"a": "b"}}},
              headers={"Content-Type": "application/merge-patch+json"})
    fresh.compact()
    st = c.stream(NS % "team-a" + "?watch=1&resourceVersion=" + rv)
    ev = st.events(seconds=2)
    st.close()
    assert ev[0]["type"] == "ERROR" and ev[0]["object"]["code"] == 410
    r = c.get(NS % "team-a" + "?resourceVersion=%s&resourceVersionMatch=Exact" % rv)
    assert r.status == 410
    c.close()


def test_bulk_and_list_speed(fresh):
    c = Client(fresh, "admin")
    out = fresh.bulk(namespace="bench", count=2000, prefix="bench-", state="Running", workers=2, pods=False)
    assert out["created"] == 2000 and out["seconds"] < 10
    t0 = time.time()
    r = c.get(NS % "bench")
    took = time.time() - t0
    items = r.json()["items"]
    assert len(items) == 2000 and 3000 <= len(r.body) / 2000 <= 6000
    assert took < 1.5
    assert items[0]["status"]["replicaStatuses"] == {"Launcher": {"active": 1}, "Worker": {"active": 2}}
    assert not c.get("/api/v1/namespaces/bench/pods").json()["items"]
    out = fresh.bulk(namespace="bench-pods", count=20, state="mixed", workers=1)
    assert out["created"] == 20
    assert c.get("/api/v1/namespaces/bench-pods/pods").json()["items"]
    c.close()


def test_transition_reports_commit_time(fresh):
    c = Client(fresh, "admin")
    before = time.time()
    out = fresh.transition("team-a", "pi-running", "Succeeded")
    assert before <= out["time"] <= time.time()
    job = c.get(NS % "team-a" + "/pi-running").json()
    assert job["metadata"]["resourceVersion"] == out["resourceVersion"]
    assert any(x["type"] == "Succeeded" and x["status"] == "True" for x in job["status"]["conditions"])
    out = fresh.transition("team-a", "tf-bench-pending", "Running")
    job = c.get(NS % "team-a" + "/tf-bench-pending").json()
    assert {x["type"]: x["status"] for x in job["status"]["conditions"]}.get("Running") == "True"
    with pytest.raises(Exception):
        fresh.transition("team-a", "nosuch", "Failed")
    c.close()


def test_reset(fresh):
    c = Client(fresh, "admin")
    fresh.reset("none")
    assert c.get("/apis/kubeflow.org/v2beta1/mpijobs").json()["items"] == []
    assert {n["metadata"]["name"] for n in c.get("/api/v1/namespaces").json()["items"]} >= {
        "default", "team-a", "team-b", "golden"}
    fresh.reset()
    assert c.get(NS % "team-a" + "/pi").status == 200
    c.close()


def test_ctl_cli(srv):
    def ctl(*args):
        p = subprocess.run([sys.executable, os.path.join(HERE, "ctl.py"), "--dir", str(srv.dir)] + list(args),
                           capture_output=True, text=True, timeout=60)
        return p.returncode, p.stdout, p.stderr
    code, out, _ = ctl("healthz")
    assert code == 0 and json.loads(out)["ok"] is True
    code, out, _ = ctl("faults", json.dumps({"path": "/never", "code": 500}))
    assert code == 0 and json.loads(out)["action"] == "status"
    code, out, _ = ctl("faults")
    assert len(json.loads(out)["faults"]) == 1
    assert ctl("faults", "clear")[0] == 0 and json.loads(ctl("faults")[1])["faults"] == []
    code, out, _ = ctl("transition", "team-a", "nosuch", "Failed")
    assert code == 1 and "not found" in out
    assert ctl("bogus")[0] == 2


def test_sigterm_and_parent_death_stop_the_server(tmp_path):
    script = os.path.join(HERE, "kubeapiserver.py")
    d1 = tmp_path / "a"
    p = subprocess.Popen([sys.executable, script, "--dir", str(d1), "--seed", "none"], stdout=subprocess.PIPE,
                         stderr=subprocess.DEVNULL)
    line = p.stdout.readline().decode()
    assert line.startswith("READY https://127.0.0.1:")
    info = json.loads((d1 / "server.json").read_text())
    assert line.split()[1] == info["url"] and info["pid"] == p.pid
    p.send_signal(signal.SIGTERM)
    assert p.wait(10) == 0
    parent = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    d2 = tmp_path / "b"
    q = subprocess.Popen([sys.executable, script, "--dir", str(d2), "--seed", "none", "--parent-pid",
                          str(parent.pid)], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    assert q.stdout.readline().startswith(b"READY")
    parent.kill()
    parent.wait()
    assert q.wait(10) == 0
