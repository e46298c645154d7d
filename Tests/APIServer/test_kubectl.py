"""kubectl (v1.32) against the test server: it must work the way it does against a real cluster."""

import json
import re
import subprocess
import threading
import time

import pytest

from harness import kubectl_binary

pytestmark = pytest.mark.skipif(kubectl_binary() is None, reason="kubectl is not installed")


def k(srv, *args, **kw):
    r = srv.kubectl(*args, **kw)
    return r


def test_get_all_namespaces_json(srv):
    r = k(srv, "get", "mpijobs.kubeflow.org", "-A", "-o", "json")
    assert r.code == 0, r
    d = r.json()
    assert d["kind"] == "List" and d["apiVersion"] == "v1"
    names = {(i["metadata"]["namespace"], i["metadata"]["name"]) for i in d["items"]}
    assert ("team-a", "pi") in names and ("default", "pi") in names and ("team-b", "pi-intel") in names


def test_get_table_in_namespace(srv):
    r = k(srv, "get", "mpijobs", "-n", "team-a")
    assert r.code == 0, r
    lines = r.out.splitlines()
    assert lines[0].split() == ["NAME", "AGE"]
    assert {l.split()[0] for l in lines[1:]} >= {"pi", "pi-failed", "pi-running", "pi-queued", "pi-restarting"}
    reqs = [x for x in srv.requests(path=r"/namespaces/team-a/mpijobs$") if x["method"] == "GET"]
    assert reqs and "as=Table" in reqs[-1]["accept"]


def test_get_pods_and_logs(srv):
    r = k(srv, "get", "pods", "-n", "team-a", "-o", "wide")
    assert r.code == 0, r
    head = r.out.splitlines()[0].split()
    assert head[:5] == ["NAME", "READY", "STATUS", "RESTARTS", "AGE"] and "NODE" in head
    assert "pi-running-worker-0" in r.out and "Running" in r.out
    r = k(srv, "logs", "-n", "team-a", "pi-running-worker-0", "--tail", "3")
    assert r.code == 0, r
    assert len(r.out.splitlines()) == 3 and "allreduce" in r.out
    launcher = [l.split()[0] for l in k(srv, "get", "pods", "-n", "team-a", "-l",
                                        "training.kubeflow.org/job-name=pi,training.kubeflow.org/job-role=launcher",
                                        "--no-headers").out.splitlines()]
    assert len(launcher) == 1
    r = k(srv, "logs", "-n", "team-a", launcher[0], "--timestamps")
    assert r.code == 0
    assert all(re.match(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,9})?Z \S", l) for l in r.out.splitlines())
    assert "training finished" in r.out
    r = k(srv, "logs", "-n", "golden", "pull-worker-0")
    assert r.code != 0 and "is waiting to start: trying and failing to pull image" in r.err


def test_delete_waits_for_the_object(srv):
    srv.control("POST", "/bulk", {"namespace": "kubectl-del", "count": 1, "prefix": "victim-", "state": "Running"})
    r = k(srv, "delete", "mpijob", "victim-0000", "-n", "kubectl-del")
    assert r.code == 0, r
    assert 'mpijob.kubeflow.org "victim-0000" deleted' in r.out
    r = k(srv, "get", "mpijob", "victim-0000", "-n", "kubectl-del")
    assert r.code == 1 and 'mpijobs.kubeflow.org "victim-0000" not found' in r.err


def test_get_watch_json_sees_the_change(srv):
    srv.control("POST", "/bulk", {"namespace": "kubectl-watch", "count": 1, "prefix": "w-", "state": "Running"})
    argv = [kubectl_binary(), "--kubeconfig", srv.kubeconfig, "get", "mpijob", "w-0000", "-n", "kubectl-watch",
            "-o", "json", "--watch"]
    p = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=srv.env())
    out = []
    t = threading.Thread(target=lambda: out.append(p.stdout.read()))
    t.start()
    time.sleep(1.5)
    srv.transition("kubectl-watch", "w-0000", "Succeeded")
    time.sleep(1.5)
    p.terminate()
    t.join(10)
    text = out[0].decode()
    docs = []
    dec = json.JSONDecoder()
    i = 0
    while i < len(text):
        while i < len(text) and text[i].isspace():
            i += 1
        if i >= len(text):
            break
        o, i = dec.raw_decode(text, i)
        docs.append(o)
    assert len(docs) >= 2
    last = docs[-1]["status"]["conditions"]
    assert any(c["type"] == "Succeeded" and c["status"] == "True" for c in last)


def test_identity_contexts(srv):
    assert k(srv, "get", "mpijobs", context="alice").code == 0
    r = k(srv, "get", "mpijobs", "-A", context="alice")
    assert r.code == 1 and 'cannot list resource "mpijobs" in API group "kubeflow.org" at the cluster scope' in r.err
    assert k(srv, "get", "mpijobs", context="viewer").code == 0
    assert "Unauthorized" in k(srv, "get", "mpijobs", context="bad-token").err
    assert k(srv, "auth", "can-i", "create", "mpijobs.kubeflow.org", context="ci-bot").out.strip() == "yes"
    assert k(srv, "auth", "can-i", "delete", "mpijobs.kubeflow.org", context="viewer").out.strip() == "no"
    assert "alice" in k(srv, "auth", "whoami", context="alice").out


def test_describe_pod_and_events(srv):
    r = k(srv, "describe", "pod", "-n", "team-a", "tf-bench-pending-worker-0")
    assert r.code == 0, r
    assert "FailedScheduling" in r.out and "Insufficient nvidia.com/gpu" in r.out
    r = k(srv, "get", "events", "-n", "team-b", "--field-selector", "involvedObject.name=pi-invalid")
    assert r.code == 0 and "ValidationError" in r.out


def test_no_crd_cluster(make_server_client):
    s, _ = make_server_client(no_mpijob_crd=True, seed="none")
    r = s.kubectl("get", "mpijobs")
    assert r.code == 1
    assert 'the server doesn\'t have a resource type "mpijobs"' in r.err
    assert s.kubectl("get", "pods", "-A").code == 0


def test_create_apply_explain_with_server_side_validation(fresh):
    import golden
    example = __import__("os").path.join(golden.FIXTURES, "crds", "mpi-operator", "examples", "pi", "pi.yaml")
    r = fresh.kubectl("create", "-f", example, "-n", "team-b")
    assert r.code == 0 and "mpijob.kubeflow.org/pi created" in r.out, r
    posts = [x for x in fresh.requests(path=r"/namespaces/team-b/mpijobs$") if x["method"] == "POST"]
    assert "fieldValidation=Strict" in posts[-1]["query"]
    r = fresh.kubectl("apply", "-f", example, "-n", "team-b")
    assert r.code == 0, r
    r = fresh.kubectl("apply", "--server-side", "-f", example, "-n", "golden")
    assert r.code == 0 and "serverside-applied" in r.out, r
    r = fresh.kubectl("explain", "mpijobs.spec.runPolicy")
    assert r.code == 0 and "cleanPodPolicy" in r.out
    r = fresh.kubectl("create", "-f", "-", "-n", "team-b", stdin=open(example).read().replace(
        "slotsPerWorker: 1", "slotsPerWorker: 1\n  bogusField: 1").replace("name: pi", "name: pi2"))
    assert r.code == 1 and 'unknown field "spec.bogusField"' in r.err
