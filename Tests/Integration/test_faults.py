"""The client under faults: retried where it should be, not where it must not be, right exit codes."""
import time

import pytest


@pytest.fixture
def srv(make_server, odh_bin):
    return make_server(seed="standard")


def gets(srv, path):
    return [r for r in srv.requests(path=path) if r["method"] == "GET"]


def test_429_with_retry_after_is_retried(srv):
    srv.add_fault(method="GET", path="/namespaces/team-a/mpijobs$", action="status", code=429, retry_after=1, times=2)
    srv.clear_requests()
    t0 = time.time()
    r = srv.odh("mpijob", "list", "-n", "team-a", "--no-headers")
    assert r.code == 0, r
    assert "pi-running" in r.out
    assert len(gets(srv, "/namespaces/team-a/mpijobs$")) == 3
    # Retry-After: 1 was honoured twice.
    assert time.time() - t0 >= 1.8


def test_503_is_retried_then_gives_up_with_exit_1(srv):
    srv.add_fault(method="GET", path="/namespaces/team-a/mpijobs$", action="status", code=503, times=-1)
    srv.clear_requests()
    r = srv.odh("mpijob", "list", "-n", "team-a", timeout=90)
    assert r.code == 1, r
    assert r.out == ""
    assert "503" in r.err
    assert len(gets(srv, "/namespaces/team-a/mpijobs$")) == 5


def test_500_is_not_retried(srv):
    srv.add_fault(method="GET", path="/namespaces/team-a/mpijobs/pi-running$", action="status", code=500, times=-1)
    srv.clear_requests()
    r = srv.odh("mpijob", "get", "pi-running", "-n", "team-a")
    assert r.code == 1
    assert len(gets(srv, "/mpijobs/pi-running$")) == 1


def test_dropped_connection_on_get_is_retried(srv):
    srv.add_fault(method="GET", path="/namespaces/team-a/mpijobs/pi-running$", action="drop", times=1)
    r = srv.odh("mpijob", "get", "pi-running", "-n", "team-a", "-o", "name")
    assert r.code == 0, r
    assert r.out.strip() == "mpijob.kubeflow.org/pi-running"


def test_post_that_may_have_arrived_is_never_sent_twice(srv):
    srv.add_fault(method="POST", path="/namespaces/team-a/mpijobs$", action="drop", times=1)
    srv.clear_requests()
    r = srv.odh("mpijob", "create", "once", "-n", "team-a", "--image", "x", "--cpu", "100m", "--memory", "100Mi",
                "--launcher-cpu", "100m", "--launcher-memory", "100Mi")
    assert r.code == 1, r
    assert "lost" in r.err or "connection" in r.err
    posts = [q for q in srv.requests(path="/namespaces/team-a/mpijobs$") if q["method"] == "POST"]
    assert len(posts) == 1


def test_truncated_json_is_a_clear_error(srv):
    srv.add_fault(method="GET", path="/namespaces/team-a/mpijobs/pi-running$", action="truncate", times=-1)
    r = srv.odh("mpijob", "get", "pi-running", "-n", "team-a")
    assert r.code == 1, r
    assert r.err.startswith("error: ")
    assert "Fatal" not in r.err and "Traceback" not in r.err


def test_html_from_a_proxy(srv):
    srv.add_fault(method="GET", path="/namespaces/team-a/mpijobs$", action="html", code=200, times=-1)
    r = srv.odh("mpijob", "list", "-n", "team-a")
    assert r.code == 1, r
    assert "HTML" in r.err
    assert "<html" not in r.err.lower()


def test_html_error_page(srv):
    srv.add_fault(method="GET", path="/namespaces/team-a/mpijobs$", action="html", code=502, times=-1)
    r = srv.odh("mpijob", "list", "-n", "team-a")
    assert r.code == 1, r
    assert "<html" not in r.err.lower()


def test_wrong_kind(srv):
    srv.add_fault(method="GET", path="/namespaces/team-a/mpijobs/pi-running$", action="wrongkind", times=-1)
    r = srv.odh("mpijob", "get", "pi-running", "-n", "team-a")
    assert r.code == 1, r
    assert "expected MPIJob" in r.err


def test_slow_drip_is_bounded_by_the_request_timeout(srv):
    srv.add_fault(method="GET", path="/namespaces/team-a/mpijobs$", action="drip", delay=0.5, times=-1)
    r = srv.odh("mpijob", "list", "-n", "team-a", "--request-timeout", "2s", timeout=30)
    assert r.code == 1, r
    assert r.seconds < 6
    assert "timed out" in r.err


def test_connection_refused(srv, tmp_path):
    import yaml
    cfg = yaml.safe_load(open(srv.kubeconfig))
    for cluster in cfg["clusters"]:
        cluster["cluster"]["server"] = "https://127.0.0.1:1"
    path = tmp_path / "refused"
    path.write_text(yaml.safe_dump(cfg))
    r = srv.odh("mpijob", "list", kubeconfig=str(path), timeout=60)
    assert r.code == 1
    assert "cannot connect" in r.err
    assert "hint:" in r.err


def test_ctrl_c_exits_130(srv):
    import signal
    import subprocess
    from harness import odh_binary
    srv.add_fault(method="GET", path="/namespaces/team-a/mpijobs$", action="slow", delay=20, times=-1)
    p = subprocess.Popen([str(odh_binary()), "--kubeconfig", srv.kubeconfig, "mpijob", "list", "-n", "team-a"],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=srv.env())
    time.sleep(1.0)
    p.send_signal(signal.SIGINT)
    out, err = p.communicate(timeout=10)
    assert p.returncode == 130, err
    assert b"Traceback" not in err and b"Fatal" not in err


@pytest.mark.parametrize("action,says", [("wrongkind", "expected MPIJob"), ("truncate", "lost mid-response"),
                                         ("html", "HTML")])
def test_get_json_checks_what_it_prints_unparsed(srv, action, says):
    # -o json prints the server's bytes without parsing them whole: still checked, never passed through.
    srv.add_fault(method="GET", path="/namespaces/team-a/mpijobs/pi-running$", action=action, times=-1,
                  **({"code": 200} if action == "html" else {}))
    r = srv.odh("mpijob", "get", "pi-running", "-n", "team-a", "-o", "json")
    assert r.code == 1, r
    assert says in r.err
    assert r.out == ""


def test_a_bare_404_on_the_namespace_is_not_a_missing_namespace(srv):
    # A server that does not serve /api/v1/namespaces at all (an extension apiserver on its own, a proxy)
    # answers a bare 404 there: nobody can tell whether the namespace exists, so the list is just empty.
    srv.add_fault(method="GET", path="^/api/v1/namespaces/nobody-here$", action="html", code=404, times=-1)
    r = srv.odh("mpijob", "list", "-n", "nobody-here")
    assert r.code == 0, r
    assert r.out == ""
    assert r.err.strip() == "No resources found in nobody-here namespace."
    # Without the fault the server's Status says the namespace is missing: exit 4.
    srv.clear_faults()
    r = srv.odh("mpijob", "list", "-n", "nobody-here")
    assert r.code == 4 and 'error: namespace "nobody-here" not found' in r.err


def test_a_404_that_is_not_a_status_says_what_it_means(srv):
    # What a generic apiserver sends for a path it does not serve: JSON, but an index of its paths,
    # whose first line is a lone brace (once printed as `error: {`).
    srv.add_fault(method="GET", path="^/api/v1/namespaces/team-a/pods$", action="status", code=404,
                  times=-1, raw='{\n  "paths": [\n    "/apis"\n  ]\n}')
    r = srv.odh("mpijob", "describe", "pi-running", "-n", "team-a")
    assert r.code == 4, r
    assert r.out == ""
    assert r.err.strip() == "error: the server could not find the requested resource"
