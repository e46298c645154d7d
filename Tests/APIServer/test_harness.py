"""The pytest harness other tests use (Tests/Integration/harness.py): env isolation, results, pty runs."""

import os
import sys

import harness


def test_clean_env_hides_the_users_kube_config(srv, monkeypatch):
    monkeypatch.setenv("KUBECONFIG", "/root/.kube/real")
    monkeypatch.setenv("HTTPS_PROXY", "http://proxy.invalid:3128")
    env = srv.env({"EXTRA": "1"})
    assert "KUBECONFIG" not in env and "HTTPS_PROXY" not in env and env["EXTRA"] == "1"
    assert env["HOME"].startswith(str(srv.dir))
    r = harness.run([sys.executable, "-c", "import os,json;print(json.dumps(dict(os.environ)))"], env=env)
    assert r.code == 0 and r.json()["HOME"] == env["HOME"]


def test_kubectl_helper_uses_the_server_kubeconfig(srv):
    if harness.kubectl_binary() is None:
        return
    r = srv.kubectl("config", "current-context")
    assert r.code == 0 and r.out.strip() == "admin"
    r = srv.kubectl("get", "ns", "team-a", "-o", "name", context="alice")
    assert r.code == 0 and r.out.strip() == "namespace/team-a"


def test_run_in_pty_answers_a_prompt():
    prog = ("import sys; print('tty' if sys.stdin.isatty() else 'pipe'); "
            "a = input('Delete mpijob x in namespace y? [y/N] '); print('got', a); sys.exit(3 if a == 'y' else 0)")
    r = harness.run_in_pty([sys.executable, "-c", prog], b"y\n", env=dict(os.environ), timeout=20, expect="[y/N]")
    assert r.code == 3 and "tty" in r.out and "got y" in r.out


def test_timeouts_are_reported():
    r = harness.run([sys.executable, "-c", "import time; time.sleep(5)"], timeout=0.5)
    assert r.code == -9 and "timed out" in r.err


def test_control_helpers(srv):
    assert srv.control("GET", "/healthz")["ok"] is True
    rule = srv.add_fault(path="/never-matches", code=500)
    assert [f["id"] for f in srv.faults()] == [rule["id"]]
    srv.clear_faults()
    assert srv.faults() == []
    assert any(j["name"] == "pi-running" for j in srv.jobs())


def test_quota_create_gets_usage(fresh):
    from kclient import Client
    c = Client(fresh, "admin")
    r = c.request("POST", "/api/v1/namespaces/team-b/resourcequotas",
                  body={"metadata": {"name": "q"}, "spec": {"hard": {"pods": "50", "limits.cpu": "20"}}})
    assert r.status == 201 and r.json()["kind"] == "ResourceQuota"
    q = c.get("/api/v1/namespaces/team-b/resourcequotas/q").json()
    assert q["status"]["hard"] == {"limits.cpu": "20", "pods": "50"}
    assert int(q["status"]["used"]["pods"]) >= 1
    c.close()
