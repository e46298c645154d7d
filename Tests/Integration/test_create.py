"""mpijob create: manifests and flags, validation, pre-flight checks, dry runs, --wait."""
import glob
import json
import os
import signal
import subprocess
import time

import pytest
import yaml

from harness import REPO_ROOT, odh_binary

SHARED = REPO_ROOT / "Tests" / "Fixtures" / "crds"
UPSTREAM = sorted(glob.glob(str(SHARED / "mpi-operator" / "examples" / "**" / "*.yaml"), recursive=True)) + [
    str(SHARED / "kueue" / "sample-mpijob.yaml")]
EXAMPLES = sorted(glob.glob(str(REPO_ROOT / "examples" / "*.yaml")))


@pytest.fixture
def srv(make_server, odh_bin):
    return make_server(seed="standard")


def posts(srv):
    return [r for r in srv.requests(path="/mpijobs$") if r["method"] == "POST"]


def job_manifest(name, outcome="Succeeded", duration="0.5", namespace=None, workers=1):
    meta = {"name": name, "annotations": {"sim.odh/outcome": outcome, "sim.odh/duration-seconds": duration}}
    if namespace:
        meta["namespace"] = namespace
    return {"apiVersion": "kubeflow.org/v2beta1", "kind": "MPIJob", "metadata": meta, "spec": {
        "mpiReplicaSpecs": {
            "Launcher": {"replicas": 1, "template": {"spec": {"containers": [{
                "name": "launcher", "image": "mpioperator/mpi-pi:openmpi", "command": ["mpirun", "/pi"],
                "resources": {"limits": {"cpu": "100m", "memory": "64Mi"}}}]}}},
            "Worker": {"replicas": workers, "template": {"spec": {"containers": [{
                "name": "worker", "image": "mpioperator/mpi-pi:openmpi",
                "resources": {"limits": {"cpu": "100m", "memory": "64Mi"}}}]}}}}}}


def write(tmp_path, name, doc):
    path = tmp_path / name
    path.write_text(yaml.safe_dump_all(doc) if isinstance(doc, list) else yaml.safe_dump(doc))
    return str(path)


@pytest.mark.parametrize("fmt", ["json", "yaml"])
@pytest.mark.parametrize("path", UPSTREAM, ids=os.path.basename)
def test_upstream_examples_round_trip_through_dry_run(path, fmt, odh_bin, tmp_path):
    """Every upstream manifest passes validation and comes back without losing a field."""
    from harness import run, clean_env
    r = run([odh_bin, "mpijob", "create", "-f", path, "--dry-run=client", "-o", fmt],
            env=clean_env(tmp_path, {"KUBECONFIG": None}))
    assert r.code == 0, r
    docs = [d for d in yaml.safe_load_all(open(path)) if d]
    out = r.json() if fmt == "json" else yaml.safe_load(r.out)
    got = out["items"] if out.get("kind") == "List" else [out]
    assert got == docs


def test_client_dry_run_sends_nothing(srv, tmp_path):
    srv.clear_requests()
    r = srv.odh("mpijob", "create", "-f", UPSTREAM[0], "--dry-run=client", "-o", "yaml", "-n", "team-a")
    assert r.code == 0, r
    assert yaml.safe_load(r.out)["metadata"]["namespace"] == "team-a"
    assert srv.requests() == []


def test_create_from_file_then_conflict(srv, tmp_path):
    path = write(tmp_path, "a.yaml", job_manifest("from-file"))
    r = srv.odh("mpijob", "create", "-f", path, "-n", "team-a")
    assert r.code == 0, r
    assert r.out == "mpijob.kubeflow.org/from-file created\n"
    again = srv.odh("mpijob", "create", "-f", path, "-n", "team-a")
    assert again.code == 7
    assert 'already exists' in again.err and "hint:" in again.err


def test_stdin_several_files_multi_document_and_json(srv, tmp_path):
    multi = write(tmp_path, "multi.yaml", [job_manifest("multi-1"), job_manifest("multi-2")])
    js = tmp_path / "j.json"
    js.write_text(json.dumps(job_manifest("from-json")))
    r = srv.odh("mpijob", "create", "-f", multi, "-f", str(js), "-f", "-", "-n", "team-a", "-o", "name",
                stdin=yaml.safe_dump(job_manifest("from-stdin")))
    assert r.code == 0, r
    assert r.out.split() == ["mpijob.kubeflow.org/multi-1", "mpijob.kubeflow.org/multi-2",
                             "mpijob.kubeflow.org/from-json", "mpijob.kubeflow.org/from-stdin"]


def test_other_kinds_are_refused_and_nothing_is_sent(srv, tmp_path):
    cm = {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "x"}}
    path = write(tmp_path, "mixed.yaml", [job_manifest("ok-one"), cm])
    srv.clear_requests()
    r = srv.odh("mpijob", "create", "-f", path, "-n", "team-a")
    assert r.code == 2
    assert "ConfigMap is not an MPIJob" in r.err
    assert posts(srv) == []


def test_retired_api_version_explains_the_change(srv, tmp_path):
    v1 = job_manifest("old")
    v1["apiVersion"] = "kubeflow.org/v1"
    v1["spec"]["cleanPodPolicy"] = "Running"
    r = srv.odh("mpijob", "create", "-f", write(tmp_path, "v1.yaml", v1), "-n", "team-a")
    assert r.code == 2
    assert "v2beta1" in r.err and "runPolicy" in r.err


def test_namespace_conflict(srv, tmp_path):
    path = write(tmp_path, "ns.yaml", job_manifest("ns-job", namespace="team-b"))
    r = srv.odh("mpijob", "create", "-f", path, "-n", "team-a")
    assert r.code == 2
    assert 'does not match --namespace "team-a"' in r.err
    ok = srv.odh("mpijob", "create", "-f", path)
    assert ok.code == 0, ok
    assert srv.odh("mpijob", "get", "ns-job", "-n", "team-b").code == 0


def test_invalid_manifest_lists_every_broken_rule(srv, tmp_path):
    bad = job_manifest("x" * 55, workers=2)
    bad["spec"]["mpiReplicaSpecs"]["Worker"]["restartPolicy"] = "Always"
    bad["spec"]["mpiReplicaSpecs"]["Launcher"]["replicas"] = 2
    srv.clear_requests()
    r = srv.odh("mpijob", "create", "-f", write(tmp_path, "bad.yaml", bad), "-n", "team-a")
    assert r.code == 2
    assert r.out == ""
    assert "restartPolicy" in r.err and "Always" in r.err
    assert "Launcher" in r.err and "replicas" in r.err
    assert "worker-1" in r.err  # the worker hostname that would be too long
    assert posts(srv) == []


def test_malformed_yaml(srv, tmp_path):
    path = tmp_path / "broken.yaml"
    path.write_text("apiVersion: kubeflow.org/v2beta1\nkind: MPIJob\nmetadata:\n  name: [\n")
    r = srv.odh("mpijob", "create", "-f", str(path))
    assert r.code == 2
    assert "invalid YAML" in r.err and "line" in r.err


def test_missing_file_is_exit_4(srv):
    r = srv.odh("mpijob", "create", "-f", "/no/such.yaml")
    assert r.code == 4
    assert "/no/such.yaml" in r.err


def test_flags_build_a_complete_job_with_safe_defaults(srv):
    r = srv.odh("mpijob", "create", "ddp", "-n", "team-a", "--image", "my/img:1", "--workers", "3",
                "--gpus-per-worker", "2", "--cpu", "4", "--memory", "16Gi", "--env", "A=1", "--env", "B=x=y",
                "--queue", "team-q", "--priority-class", "high", "--label", "team=nlp", "--ttl", "1h",
                "--active-deadline", "90m", "--backoff-limit", "2", "--pvc", "data:/data", "--node-selector",
                "gpu=a100", "--dry-run=client", "-o", "json", "--", "mpirun", "-np", "6", "python", "train.py")
    assert r.code == 0, r
    job = r.json()
    spec = job["spec"]
    assert job["metadata"]["labels"]["kueue.x-k8s.io/queue-name"] == "team-q"
    assert job["metadata"]["labels"]["kueue.x-k8s.io/priority-class"] == "high"
    assert spec["slotsPerWorker"] == 2
    assert spec["runPolicy"]["cleanPodPolicy"] == "Running"
    assert spec["runPolicy"]["ttlSecondsAfterFinished"] == 3600
    assert spec["runPolicy"]["activeDeadlineSeconds"] == 5400
    assert spec["runPolicy"]["backoffLimit"] == 2
    launcher = spec["mpiReplicaSpecs"]["Launcher"]
    worker = spec["mpiReplicaSpecs"]["Worker"]
    assert worker["replicas"] == 3 and launcher["replicas"] == 1
    for role in (launcher, worker):
        assert role["template"]["metadata"]["annotations"]["sidecar.istio.io/inject"] == "false"
        c = role["template"]["spec"]["containers"][0]
        assert c["image"] == "my/img:1"
        assert {"name": "B", "value": "x=y"} in c["env"]
    wc = worker["template"]["spec"]["containers"][0]
    assert wc["resources"]["limits"]["nvidia.com/gpu"] in ("2", 2)
    assert launcher["template"]["spec"]["containers"][0]["command"] == ["mpirun", "-np", "6", "python", "train.py"]
    assert "nvidia.com/gpu" not in json.dumps(launcher)


def test_bad_flag_values_show_the_value(srv):
    r = srv.odh("mpijob", "create", "j", "--image", "x", "--cpu", "16GB", "--ttl", "2x", "--workers", "two",
                "--dry-run")
    assert r.code == 2
    assert '"16GB"' in r.err and '"2x"' in r.err and '"two"' in r.err


def test_long_name_refused_before_sending(srv):
    srv.clear_requests()
    r = srv.odh("mpijob", "create", "a" * 55, "--image", "x", "--workers", "2", "-n", "team-a")
    assert r.code == 2
    assert posts(srv) == []


def test_server_dry_run(srv, tmp_path):
    path = write(tmp_path, "d.yaml", job_manifest("dry-server"))
    srv.clear_requests()
    r = srv.odh("mpijob", "create", "-f", path, "-n", "team-a", "--dry-run=server")
    assert r.code == 0, r
    assert "(server dry run)" in r.out
    assert any("dryRun=All" in p["query"] for p in posts(srv))
    assert srv.odh("mpijob", "get", "dry-server", "-n", "team-a").code == 4


@pytest.mark.parametrize("path", EXAMPLES, ids=os.path.basename)
def test_examples_pass_server_dry_run(srv, path):
    r = srv.odh("mpijob", "create", "-f", path, "-n", "team-a", "--dry-run=server")
    assert r.code == 0, r


def test_rbac_preflight_refuses_without_creating(srv, tmp_path):
    path = write(tmp_path, "v.yaml", job_manifest("by-viewer"))
    srv.clear_requests()
    r = srv.odh("mpijob", "create", "-f", path, context="viewer")
    assert r.code == 6
    assert 'user "viewer" may not create' in r.err and '"team-a"' in r.err
    assert posts(srv) == []


def test_quota_preflight_prints_the_numbers(srv):
    srv.clear_requests()
    r = srv.odh("mpijob", "create", "huge", "-n", "team-a", "--image", "x", "--workers", "4",
                "--gpus-per-worker", "2", "--cpu", "1", "--memory", "1Gi")
    assert r.code == 8, r
    assert "REQUESTED" in r.err and "HARD" in r.err
    assert "requests.nvidia.com/gpu" in r.err
    assert posts(srv) == []
    assert srv.odh("mpijob", "get", "huge", "-n", "team-a").code == 4


def test_quota_rejection_from_the_server_is_exit_8(srv, tmp_path):
    msg = ('mpijobs.kubeflow.org "q" is forbidden: exceeded quota: team-a-quota, requested: '
           'count/mpijobs.kubeflow.org=1, used: count/mpijobs.kubeflow.org=10, limited: count/mpijobs.kubeflow.org=10')
    srv.add_fault(method="POST", path="/namespaces/team-a/mpijobs$", action="status", code=403, reason="Forbidden",
                  message=msg, times=1)
    r = srv.odh("mpijob", "create", "-f", write(tmp_path, "q.yaml", job_manifest("q")), "-n", "team-a")
    assert r.code == 8, r
    assert "exceeded quota" in r.err


def test_wait_succeeds(srv, tmp_path):
    r = srv.odh("mpijob", "create", "-f", write(tmp_path, "s.yaml", job_manifest("wait-ok")), "-n", "team-a",
                "--wait", "--timeout", "60s")
    assert r.code == 0, r
    assert "created" in r.out and "succeeded" in r.out


def test_wait_failed_prints_reason_and_launcher_tail(srv, tmp_path):
    r = srv.odh("mpijob", "create", "-f", write(tmp_path, "f.yaml", job_manifest("wait-fail", outcome="Failed")),
                "-n", "team-a", "--wait", "--timeout", "60s")
    assert r.code == 3, r
    assert 'mpijob "wait-fail" failed' in r.err
    assert "BackoffLimitExceeded" in r.err
    assert "last 20 lines" in r.err
    tail = r.err.split("last 20 lines", 1)[1].splitlines()[1:]
    assert 0 < len(tail) <= 20


def test_wait_times_out(srv, tmp_path):
    r = srv.odh("mpijob", "create", "-f", write(tmp_path, "h.yaml", job_manifest("wait-hang", outcome="Hang")),
                "-n", "team-a", "--wait", "--timeout", "2s")
    assert r.code == 5, r
    assert "timed out" in r.err
    assert srv.odh("mpijob", "get", "wait-hang", "-n", "team-a").code == 0


def test_ctrl_c_while_waiting_leaves_the_job(srv, tmp_path):
    path = write(tmp_path, "c.yaml", job_manifest("wait-int", outcome="Hang"))
    p = subprocess.Popen([str(odh_binary()), "--kubeconfig", srv.kubeconfig, "-n", "team-a", "mpijob", "create",
                          "-f", path, "--wait"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=srv.env())
    time.sleep(2)
    p.send_signal(signal.SIGINT)
    out, err = p.communicate(timeout=10)
    assert p.returncode == 130, err
    assert b"keeps running" in err
    assert srv.odh("mpijob", "get", "wait-int", "-n", "team-a").code == 0
