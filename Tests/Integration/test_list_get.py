"""list and get against the test API server: output contracts, exit codes, kubectl agreement."""
import json
import os
import shutil
import subprocess

import pytest
import yaml

SEEDED_STATES = {
    ("team-a", "pi"): "Succeeded",
    ("team-a", "pi-failed"): "Failed",
    ("team-a", "pi-queued"): "Queued",
    ("team-a", "pi-restarting"): "Restarting",
    ("team-a", "pi-running"): "Running",
    ("team-a", "tf-bench-pending"): "Pending",
    ("team-b", "pi-suspended"): "Suspended",
}


def strip_managed(obj):
    obj = json.loads(json.dumps(obj))
    obj.get("metadata", {}).pop("managedFields", None)
    return obj


@pytest.fixture(scope="module")
def seeded(server):
    server.reset()
    return server


def table_rows(out):
    lines = out.splitlines()
    header = lines[0].split()
    return header, [dict(zip(header, line.split())) for line in lines[1:]]


def test_list_table_shows_each_derived_status(seeded, odh):
    r = odh("mpijob", "list", "-A")
    assert r.code == 0, r
    header, rows = table_rows(r.out)
    assert header == ["NAMESPACE", "NAME", "STATUS", "WORKERS", "AGE"]
    found = {(row["NAMESPACE"], row["NAME"]): row["STATUS"] for row in rows}
    for key, state in SEEDED_STATES.items():
        assert found.get(key) == state, (key, found.get(key))
    for row in rows:
        ready, desired = row["WORKERS"].split("/")
        assert int(ready) <= int(desired)


def test_list_namespace_from_context_and_flag(seeded, odh):
    alice = odh("mpijob", "list", context="alice")  # alice's context namespace is team-a
    assert alice.code == 0, alice
    names = [line.split()[0] for line in alice.out.splitlines()[1:]]
    assert "pi-running" in names and "pi-suspended" not in names
    assert alice.out.splitlines()[0].split()[0] == "NAME"
    other = odh("mpijob", "list", "-n", "team-b", "--no-headers")
    assert "pi-suspended" in other.out
    assert "NAME" not in other.out


def test_list_json_is_a_kubectl_list_and_agrees_with_kubectl(seeded, odh, kubectl):
    mine = odh("mpijob", "list", "-A", "-o", "json")
    theirs = kubectl("get", "mpijobs.kubeflow.org", "-A", "-o", "json")
    assert mine.code == 0 and theirs.code == 0, (mine, theirs)
    a, b = mine.json(), theirs.json()
    assert a["kind"] == "List" and a["apiVersion"] == "v1" and a["metadata"] == {"resourceVersion": ""}
    assert [i["metadata"]["name"] for i in a["items"]] == [i["metadata"]["name"] for i in b["items"]]
    assert a["items"] == [strip_managed(i) for i in b["items"]]
    assert all("managedFields" not in i["metadata"] for i in a["items"])
    # Byte for byte: same indentation and key order as kubectl prints.
    assert mine.out == theirs.out


def test_get_json_and_yaml_agree_with_kubectl(seeded, odh, kubectl):
    for fmt in ["json", "yaml"]:
        mine = odh("mpijob", "get", "pi-running", "-n", "team-a", "-o", fmt)
        theirs = kubectl("get", "mpijob.kubeflow.org", "pi-running", "-n", "team-a", "-o", fmt)
        assert mine.code == 0, mine
        assert mine.out == theirs.out, fmt


def test_yaml_reparses_to_the_same_json(seeded, odh):
    as_json = odh("mpijob", "list", "-A", "-o", "json").json()
    as_yaml = yaml.safe_load(odh("mpijob", "list", "-A", "-o", "yaml").out)
    assert as_yaml == as_json


def test_jq_reads_the_json(seeded, odh):
    jq = shutil.which("jq")
    if jq is None:
        pytest.skip("jq not installed")
    r = odh("mpijob", "list", "-n", "team-a", "-o", "json")
    names = subprocess.run([jq, "-r", ".items[].metadata.name"], input=r.out, text=True, capture_output=True)
    assert names.returncode == 0
    assert "pi-running" in names.stdout.split()


def test_name_output(seeded, odh):
    r = odh("mpijob", "list", "-n", "team-a", "-o", "name")
    assert r.code == 0
    assert "mpijob.kubeflow.org/pi-running" in r.out.splitlines()
    assert all(line.startswith("mpijob.kubeflow.org/") for line in r.out.splitlines())


def test_wide_adds_columns(seeded, odh):
    r = odh("mpijob", "list", "-n", "team-a", "-o", "wide")
    header = r.out.splitlines()[0].split()
    assert header == ["NAME", "STATUS", "WORKERS", "AGE", "LAUNCHER", "GPUS", "QUEUE", "IMAGE", "DURATION"]
    queued = next(line for line in r.out.splitlines() if line.startswith("pi-queued "))
    assert "user-queue" in queued


def test_status_filter_and_sort(seeded, odh):
    r = odh("mpijob", "list", "-A", "--status", "running,failed", "--no-headers")
    states = {line.split()[2] for line in r.out.splitlines()}
    assert states <= {"Running", "Failed"} and states
    by_name = odh("mpijob", "list", "-n", "team-a", "--sort-by", "name", "--no-headers")
    names = [line.split()[0] for line in by_name.out.splitlines()]
    assert names == sorted(names)
    by_age = odh("mpijob", "list", "-n", "team-a", "--sort-by", "age", "-o", "json").json()
    stamps = [i["metadata"]["creationTimestamp"] for i in by_age["items"]]
    assert stamps == sorted(stamps)
    bad = odh("mpijob", "list", "--status", "runing")
    assert bad.code == 2 and "did you mean Running?" in bad.err


def test_label_selector_reaches_the_server(seeded, odh):
    seeded.clear_requests()
    r = odh("mpijob", "list", "-A", "-l", "kueue.x-k8s.io/queue-name=user-queue", "--no-headers")
    assert r.code == 0, r
    assert r.out and all("Queued" in line for line in r.out.splitlines())
    sent = seeded.requests(path="/mpijobs$")
    assert any("labelSelector=kueue.x-k8s.io" in req["query"] for req in sent)
    bad = odh("mpijob", "list", "-l", "a in (b")
    assert bad.code == 2, bad
    assert bad.err.startswith("error: ")


def test_empty_namespace(seeded, odh):
    # Nothing matches in a namespace that exists: kubectl's words on stderr, exit 0, an empty List.
    r = odh("mpijob", "list", "-n", "team-b", "-l", "nobody=here")
    assert r.code == 0
    assert r.out == ""
    assert "No resources found in team-b namespace." in r.err
    j = odh("mpijob", "list", "-n", "team-b", "-l", "nobody=here", "-o", "json")
    assert j.json()["items"] == []
    # A namespace that does not exist is a typo, not an empty namespace (docs/exit-codes.md).
    missing = odh("mpijob", "list", "-n", "nobody-here")
    assert missing.code == 4 and missing.out == ""
    assert 'error: namespace "nobody-here" not found' in missing.err


def test_get_missing_is_exit_4(seeded, odh):
    r = odh("mpijob", "get", "nosuch", "-n", "team-a")
    assert r.code == 4
    assert r.out == ""
    assert r.err.strip() == 'error: mpijob "nosuch" not found in namespace "team-a"'


def test_get_some_missing_prints_the_rest_and_exits_4(seeded, odh):
    r = odh("mpijob", "get", "pi-running", "nosuch", "-n", "team-a", "-o", "json")
    assert r.code == 4
    doc = r.json()
    assert doc["kind"] == "List"
    assert [i["metadata"]["name"] for i in doc["items"]] == ["pi-running"]
    assert 'mpijob "nosuch" not found' in r.err


def test_get_one_json_is_the_object(seeded, odh):
    r = odh("mpijob", "get", "pi-running", "-n", "team-a", "-o", "json")
    assert r.json()["kind"] == "MPIJob"


def test_forbidden_namespace_is_exit_6(seeded, odh):
    r = odh("mpijob", "list", "-n", "team-b", context="alice")
    assert r.code == 6
    assert r.out == ""
    assert 'User "alice" cannot list resource "mpijobs"' in r.err
    cluster = odh("mpijob", "list", "-A", context="alice")
    assert cluster.code == 6


def test_bad_token_is_exit_6(seeded, odh):
    r = odh("mpijob", "list", context="bad-token")
    assert r.code == 6
    assert "not authenticated" in r.err


def test_token_and_token_file_users(seeded, odh):
    assert odh("mpijob", "list", context="ci-bot").code == 0
    assert odh("mpijob", "list", context="viewer").code == 0


def test_unknown_context_is_exit_4(seeded, odh):
    r = odh("mpijob", "list", "--context", "nope")
    assert r.code == 4
    assert 'context "nope" does not exist' in r.err


def test_verbose_masks_the_token(seeded, odh):
    token = seeded.token("ci-bot")
    r = odh("mpijob", "list", "-v", "8", context="ci-bot")
    assert r.code == 0
    assert "Authorization: Bearer <masked>" in r.err
    assert token not in r.err and token not in r.out
    assert "GET https://127.0.0.1" in r.err and "200 OK" in r.err


def test_kubeconfig_env_merging(seeded, odh, tmp_path):
    # A first file that only switches the current context; the real one second.
    first = tmp_path / "first"
    first.write_text("apiVersion: v1\nkind: Config\ncurrent-context: alice\n")
    r = odh("mpijob", "list", kubeconfig=False,
            env={"KUBECONFIG": "%s:/no/such/file:%s" % (first, seeded.kubeconfig)})
    assert r.code == 0, r
    names = [line.split()[0] for line in r.out.splitlines()[1:]]
    assert "pi-running" in names  # alice's namespace team-a


def test_tls_is_verified(seeded, odh, tmp_path):
    # The same kubeconfig without the CA: the server's certificate must be refused.
    cfg = yaml.safe_load(open(seeded.kubeconfig))
    for cluster in cfg["clusters"]:
        cluster["cluster"].pop("certificate-authority", None)
        cluster["cluster"].pop("certificate-authority-data", None)
    path = tmp_path / "noca"
    path.write_text(yaml.safe_dump(cfg))
    r = odh("mpijob", "list", kubeconfig=str(path))
    assert r.code == 1
    assert "TLS" in r.err or "certificate" in r.err
    cfg["clusters"][0]["cluster"]["insecure-skip-tls-verify"] = True
    for cluster in cfg["clusters"]:
        cluster["cluster"]["insecure-skip-tls-verify"] = True
    path.write_text(yaml.safe_dump(cfg))
    assert odh("mpijob", "list", kubeconfig=str(path)).code == 0


def test_paged_list_uses_limit_and_continue(make_server, odh_bin):
    srv = make_server(seed="none")
    srv.bulk(namespace="paged", count=1203, prefix="job-", state="Running", pods=False)
    srv.clear_requests()
    r = srv.odh("mpijob", "list", "-n", "paged", "-o", "name", "--chunk-size", "500")
    assert r.code == 0, r
    assert len(r.out.splitlines()) == 1203
    assert len(set(r.out.splitlines())) == 1203
    pages = srv.requests(path="/namespaces/paged/mpijobs$")
    assert len(pages) == 3
    assert all("limit=500" in p["query"] for p in pages)
    assert sum("continue=" in p["query"] for p in pages) == 2


def test_cluster_without_the_crd(make_server, odh_bin):
    srv = make_server(seed="none", no_mpijob_crd=True)
    for argv in (["mpijob", "list"], ["mpijob", "get", "x"], ["mpijob", "list", "-A"]):
        r = srv.odh(*argv)
        assert r.code == 4, r
        assert "mpijobs.kubeflow.org" in r.err and "not installed" in r.err
        assert "hint: install the mpi-operator" in r.err
        assert r.out == ""


def test_closed_pipe_ends_quietly(make_server, odh_bin):
    srv = make_server(seed="none")
    srv.bulk(namespace="pipe", count=600, prefix="p-", state="Running", pods=False)
    cmd = "'%s' --kubeconfig '%s' mpijob list -n pipe -o json | head -n 2" % (odh_bin, srv.kubeconfig)
    p = subprocess.run(["bash", "-o", "pipefail", "-c", cmd], capture_output=True, text=True, env=srv.env())
    assert p.returncode == 0, p.stderr
    assert p.stderr == ""
    assert len(p.stdout.splitlines()) == 2


def test_request_timeout(make_server, odh_bin):
    srv = make_server(seed="standard")
    srv.add_fault(method="GET", path="/mpijobs$", action="slow", delay=5, times=-1)
    r = srv.odh("mpijob", "list", "-n", "team-a", "--request-timeout", "1s", timeout=30)
    assert r.code == 1, r
    assert "timed out" in r.err
    assert r.seconds < 4.5


def test_watch_name_output_and_no_repeated_rows(make_server, odh_bin):
    import signal
    import time
    srv = make_server(seed="standard")
    p = subprocess.Popen([str(odh_bin), "--kubeconfig", srv.kubeconfig, "mpijob", "list", "-n", "team-a", "--watch",
                          "-o", "name"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=srv.env())
    table = subprocess.Popen([str(odh_bin), "--kubeconfig", srv.kubeconfig, "mpijob", "list", "-n", "team-a",
                              "--watch", "--no-headers"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=srv.env())
    time.sleep(1.5)
    # A change no column shows (an annotation) must not print the same row again.
    r = srv.odh("mpijob", "create", "watch-quiet", "-n", "team-a", "--image", "x", "--cpu", "100m", "--memory", "64Mi",
                "--launcher-cpu", "100m", "--launcher-memory", "64Mi")
    assert r.code == 0, r
    time.sleep(4)
    for proc in (p, table):
        proc.send_signal(signal.SIGINT)
    out, err = p.communicate(timeout=10)
    tout, _ = table.communicate(timeout=10)
    assert p.returncode == 130, err
    lines = out.decode().splitlines()
    assert "mpijob.kubeflow.org/pi-running" in lines
    assert "mpijob.kubeflow.org/watch-quiet" in lines
    assert all(line.startswith("mpijob.kubeflow.org/") for line in lines)
    rows = [line.split() for line in tout.decode().splitlines() if line.startswith("watch-quiet ")]
    visible = [(r[0], r[1], r[2]) for r in rows]
    assert visible, tout
    assert all(a != b for a, b in zip(visible, visible[1:])), visible


def test_expired_continue_token_falls_back_to_a_full_list(make_server, odh_bin):
    srv = make_server(seed="none")
    srv.bulk(namespace="expire", count=1100, prefix="job-", state="Running", pods=False)
    srv.add_fault(method="GET", path="/namespaces/expire/mpijobs$", query="continue=", action="status", code=410,
                  reason="Expired", message="The provided continue parameter is too old to display a consistent "
                  "list result. You can start a new list without the continue parameter.", times=1)
    srv.clear_requests()
    r = srv.odh("mpijob", "list", "-n", "expire", "-o", "name", "--chunk-size", "500")
    assert r.code == 0, r
    names = r.out.splitlines()
    assert len(names) == 1100 and len(set(names)) == 1100
    sent = srv.requests(path="/namespaces/expire/mpijobs$")
    assert [("limit=" in q["query"], "continue=" in q["query"]) for q in sent] == [
        (True, False), (True, True), (False, False)]
