"""--watch on list, get and describe: real watches, resumed after drops and 410s without
showing a change twice or losing one; NDJSON for scripts; Ctrl-C is exit 130."""

import json
import re
import time
from urllib.parse import parse_qs

import pytest

import jobkit as K


@pytest.fixture
def ns(server):
    return K.new_namespace(server, "watch")


def objects(lines):
    out = []
    for line in lines:
        d = json.loads(line)
        assert isinstance(d, dict) and d.get("kind") == "MPIJob", line
        out.append(d)
    return out


def watch_requests(srv, ns):
    """(query dict, code) of every watch of this namespace's mpijobs, in order."""
    out = []
    for r in srv.requests(path=r"/namespaces/%s/mpijobs$" % re.escape(ns)):
        q = parse_qs(r.get("query") or "")
        out.append(({k: v[0] for k, v in q.items()}, r["code"]))
    return out


def test_list_watch_json_is_ndjson_as_the_job_progresses(server, ns, tmp_path):
    w = K.Proc(server, "mpijob", "list", "--watch", "-o", "json", "-n", ns)
    try:
        time.sleep(0.5)  # the initial (empty) list is done: what follows are changes
        name = K.create(server, tmp_path, ns, outcome="Succeeded", duration=1)
        w.wait_for_line(lambda l: "Succeeded" in K.conditions_true(json.loads(l)), timeout=20)
        code = w.interrupt()
    finally:
        w.kill()
    assert code == 130
    assert w.stderr() == ""  # Ctrl-C ends a watch quietly
    seen = objects(w.seen)
    assert {d["metadata"]["name"] for d in seen} == {name}
    assert all("managedFields" not in d["metadata"] for d in seen)
    rvs = [int(d["metadata"]["resourceVersion"]) for d in seen]
    assert rvs == sorted(set(rvs)), "each change once, in order"
    states = [K.conditions_true(d) for d in seen]
    assert states[0] == [] or states[0] == ["Created"]
    assert any("Running" in s for s in states)
    assert "Succeeded" in states[-1]


def test_list_watch_table_prints_headers_once_then_rows(server, ns, tmp_path):
    first = K.create(server, tmp_path, ns, name="watch-a", outcome="Hang")
    w = K.Proc(server, "mpijob", "list", "--watch", "-n", ns)
    try:
        header = w.wait_for_line(lambda l: True)
        assert re.match(r"^NAME\s+STATUS\s+WORKERS\s+AGE$", header)
        w.wait_for_line(lambda l: l.startswith(first + " "))
        second = K.create(server, tmp_path, ns, name="watch-b", outcome="Succeeded", duration=1)
        w.wait_for_line(lambda l: re.match(r"^%s\s+Succeeded\s" % second, l), timeout=20)
        code = w.interrupt()
    finally:
        w.kill()
    assert code == 130
    assert sum(1 for l in w.seen if l.startswith("NAME")) == 1
    # Rows line up under the first table's columns.
    status_col = header.index("STATUS")
    for line in w.seen[1:]:
        assert line[status_col - 3:status_col] == "   " and line[status_col] != " ", line


def test_list_watch_yaml_separates_documents(server, ns, tmp_path):
    name = K.create(server, tmp_path, ns, outcome="Hang")
    K.wait_for_condition(server, ns, name, "Running")
    w = K.Proc(server, "mpijob", "list", "-w", "-o", "yaml", "-n", ns)
    try:
        w.wait_for_line(lambda l: l.startswith("apiVersion: kubeflow.org/v2beta1"))
        K.patch_job(server, ns, name, {"metadata": {"labels": {"changed": "yes"}}})
        w.wait_for_line(lambda l: l.strip() == "changed: \"yes\"" or l.strip() == "changed: yes", timeout=10)
        code = w.interrupt()
    finally:
        w.kill()
    assert code == 130
    assert w.seen.count("---") == 1
    assert sum(1 for l in w.seen if l == "kind: MPIJob") == 2


def _bump(srv, ns, name, step, expected):
    job = K.patch_job(srv, ns, name, {"metadata": {"annotations": {"test/step": str(step)}}})
    expected.append(job["metadata"]["resourceVersion"])
    return job["metadata"]["resourceVersion"]


def _running_quiet_job(srv, ns, tmp_path):
    """A job that has reached Running and that the simulated operator leaves alone from then on."""
    name = K.create(srv, tmp_path, ns, outcome="Hang")
    K.wait_for_condition(srv, ns, name, "Running")
    rv = K.get_job(srv, ns, name)["metadata"]["resourceVersion"]
    time.sleep(1.0)
    assert K.get_job(srv, ns, name)["metadata"]["resourceVersion"] == rv, "the job should be quiet by now"
    return name, rv


def _seen_rv(rv):
    return lambda l: json.loads(l)["metadata"]["resourceVersion"] == rv


def _drop_open_watch(srv, timeout=5.0):
    """Drops the client's watch once it is open: right after a drop the client may still be
    reconnecting (the old stream can deliver its last events before it notices the drop)."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        if srv.drop_watches()["dropped"] >= 1:
            return
        time.sleep(0.05)
    raise AssertionError("no open watch to drop within %ss" % timeout)


def test_dropped_watch_resumes_without_losing_or_repeating(make_server, tmp_path):
    srv = make_server(seed="none", tick=0.05)
    ns = K.new_namespace(srv, "drop")
    name, rv0 = _running_quiet_job(srv, ns, tmp_path)
    expected = [rv0]
    srv.clear_requests()
    w = K.Proc(srv, "mpijob", "list", "--watch", "-o", "json", "-n", ns)
    try:
        w.wait_for_line(_seen_rv(rv0))
        rv = _bump(srv, ns, name, 1, expected)
        w.wait_for_line(_seen_rv(rv))
        # Dropped mid-way: the changes made while the client is away come from the backlog.
        _drop_open_watch(srv)
        _bump(srv, ns, name, 2, expected)
        rv = _bump(srv, ns, name, 3, expected)
        w.wait_for_line(_seen_rv(rv))
        _drop_open_watch(srv)
        rv = _bump(srv, ns, name, 4, expected)
        w.wait_for_line(_seen_rv(rv))
        code = w.interrupt()
    finally:
        w.kill()
    assert code == 130, w.stderr()
    assert w.stderr() == ""
    seen = [(d["metadata"]["name"], d["metadata"]["resourceVersion"]) for d in objects(w.seen)]
    assert seen == [(name, rv) for rv in expected]
    watches = [q for q, _ in watch_requests(srv, ns) if q.get("watch")]
    lists = [q for q, _ in watch_requests(srv, ns) if not q.get("watch")]
    assert len(watches) >= 3, watches  # the first watch and one resume per drop
    assert len(lists) == 1, lists  # resumed from the last resourceVersion: no relist needed
    assert all(q.get("resourceVersion") for q in watches)


def _unseen_change(srv, step):
    """A write the namespace's MPIJob watch does not carry: it only moves the server's resourceVersion on."""
    r = K.api(srv).request("PATCH", "/api/v1/namespaces/default", {"metadata": {"labels": {"test/noise": str(step)}}},
                           headers={"Content-Type": "application/merge-patch+json"})
    assert r.status == 200, r


def test_410_in_the_middle_relists_and_reports_only_real_changes(make_server, tmp_path):
    srv = make_server(seed="none", tick=0.05)
    ns = K.new_namespace(srv, "gone")
    name, rv0 = _running_quiet_job(srv, ns, tmp_path)
    srv.clear_requests()
    w = K.Proc(srv, "mpijob", "list", "--watch", "-o", "json", "-n", ns)
    expected = [rv0]
    try:
        w.wait_for_line(_seen_rv(rv0))
        rv = _bump(srv, ns, name, 1, expected)
        w.wait_for_line(_seen_rv(rv))
        # History compacted past the client's resourceVersion, then the stream drops: resuming
        # gets 410 Gone and the client lists again. The job changes meanwhile.
        for attempt in range(3):
            _unseen_change(srv, attempt)
            srv.compact()
            srv.drop_watches()
            _bump(srv, ns, name, 10 + 2 * attempt, expected)
            rv = _bump(srv, ns, name, 11 + 2 * attempt, expected)
            w.wait_for_line(_seen_rv(rv))
            if len([q for q, _ in watch_requests(srv, ns) if not q.get("watch")]) >= 2:
                break
            # A watch bookmark carried the newest resourceVersion just before the compaction:
            # the resume was not too old. Try again.
        code = w.interrupt()
    finally:
        w.kill()
    assert code == 130, w.stderr()
    assert w.stderr() == ""
    seen = [(d["metadata"]["name"], d["metadata"]["resourceVersion"]) for d in objects(w.seen)]
    mine = [rv for n, rv in seen if n == name]
    # No change twice, versions only go forward, the last one is there. A relist may fold two
    # changes made while the client was away into one (the history between is gone): that is
    # all a 410 allows.
    assert len(seen) == len(set(seen)), seen
    assert [int(v) for v in mine] == sorted(int(v) for v in mine)
    assert mine[:2] == expected[:2] and mine[-1] == expected[-1]
    assert set(mine) <= set(expected)
    lists = [q for q, _ in watch_requests(srv, ns) if not q.get("watch")]
    assert len(lists) >= 2, "a 410 makes the client list again"


def test_get_watch_by_name_until_done(server, ns, tmp_path):
    name = K.create(server, tmp_path, ns, outcome="Succeeded", duration=1)
    other = K.create(server, tmp_path, ns, outcome="Hang")
    r = server.odh("mpijob", "get", name, "--watch", "--until-done", "-o", "json", "-n", ns, timeout=40)
    assert r.code == 0, r
    assert r.err == ""
    seen = objects(r.lines())
    assert {d["metadata"]["name"] for d in seen} == {name}, "watches only the named job"
    assert "Succeeded" in K.conditions_true(seen[-1])
    assert other
    queries = [q for q, _ in watch_requests(server, ns) if q.get("watch")]
    assert any(q.get("fieldSelector") == "metadata.name=%s" % name for q in queries), queries


def test_get_watch_until_done_failed_exits_3_with_the_reason(server, ns, tmp_path):
    name = K.create(server, tmp_path, ns, outcome="Failed", duration=1)
    r = server.odh("mpijob", "get", name, "--watch", "--until-done", "-n", ns, timeout=40)
    assert r.code == 3, r
    assert re.search(r"^%s\s+Failed\s" % name, r.lines()[-1])
    assert 'error: mpijob "%s" failed: BackoffLimitExceeded' % name in r.err
    assert "kubectl odh mpijob describe %s" % name in r.err


def test_get_watch_of_a_deleted_job_exits_4(server, ns, tmp_path):
    name = K.create(server, tmp_path, ns, outcome="Hang")
    w = K.Proc(server, "mpijob", "get", name, "-w", "-n", ns)
    try:
        w.wait_for_line(lambda l: l.startswith(name))
        r = server.odh("mpijob", "delete", name, "-n", ns)
        assert r.code == 0, r
        code = w.wait(20)
    finally:
        w.kill()
    assert code == 4
    assert re.search(r"^%s\s+Deleted\s" % name, w.seen[-1])
    assert 'error: mpijob "%s" was deleted' % name in w.stderr()


def test_get_watch_of_a_missing_job_exits_4(server, ns):
    r = server.odh("mpijob", "get", "nothing-here", "--watch", "-n", ns)
    assert r.code == 4
    assert r.out == ""
    assert 'mpijob "nothing-here" not found' in r.err


def test_get_watch_takes_one_name(server):
    r = server.odh("mpijob", "get", "a", "b", "--watch")
    assert r.code == 2
    assert "--watch follows one MPIJob" in r.err


def test_describe_watch_rerenders_until_done(server, ns, tmp_path):
    name = K.create(server, tmp_path, ns, outcome="OOMKilled", duration=2)
    r = server.odh("mpijob", "describe", name, "--watch", "--until-done", "-o", "json", "-n", ns, timeout=40)
    assert r.code == 3, r
    docs = [json.loads(l) for l in r.lines()]
    assert all(d["kind"] == "MPIJobDescription" for d in docs)
    assert len(docs) >= 2, "one rendering per change"
    assert docs[-1]["status"]["phase"] == "Failed"
    assert "oom-killed" in K.rules(docs[-1])
    assert 'error: mpijob "%s" failed' % name in r.err


def test_describe_watch_text_redraws_only_on_a_terminal(server, ns, tmp_path, run_in_pty):
    import harness
    name = K.create(server, tmp_path, ns, outcome="Succeeded", duration=2)
    r = server.odh("mpijob", "describe", name, "--watch", "--until-done", "-n", ns, timeout=40)
    assert r.code == 0, r
    assert "\x1b[" not in r.out
    assert r.out.count("\nDiagnosis:") >= 2
    assert r.out.rstrip().endswith("No problems found: the job succeeded.")
    name2 = K.create(server, tmp_path, ns, outcome="Succeeded", duration=2)
    argv = [str(harness.odh_binary()), "--kubeconfig", server.kubeconfig, "mpijob", "describe", name2, "--watch",
            "--until-done", "-n", ns]
    tty = run_in_pty(argv, env=server.env(), timeout=40)
    assert tty.code == 0, tty
    assert "\x1b[H\x1b[2J" in tty.out


def test_describe_watch_notices_pod_only_changes(server, ns, tmp_path):
    # An image that does not pull changes the pods, never the MPIJob: the pod watch must catch it.
    name = K.create(server, tmp_path, ns, outcome="ImagePullBackOff", image="example.invalid/nope:1")
    w = K.Proc(server, "mpijob", "describe", name, "--watch", "-o", "json", "-n", ns)
    try:
        w.wait_for_line(lambda l: "image-pull" in K.rules(json.loads(l)), timeout=20)
        code = w.interrupt()
    finally:
        w.kill()
    assert code == 130
    assert w.stderr() == ""


def test_describe_watch_of_a_missing_job_exits_4(server, ns):
    r = server.odh("mpijob", "describe", "absent", "--watch", "-n", ns)
    assert r.code == 4
    assert 'mpijob "absent" not found' in r.err
    assert r.out == ""


def test_list_watch_without_the_crd_says_so(make_server):
    srv = make_server(seed="none", no_mpijob_crd=True)
    r = srv.odh("mpijob", "list", "--watch", timeout=30)
    assert r.code == 4, r
    assert r.out == ""
    assert "CustomResourceDefinition" in r.err and "not installed" in r.err
