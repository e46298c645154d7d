"""mpijob describe: the story of a job and the diagnosis, for each simulated outcome."""

import json
import re

import pytest

import jobkit as K

ESC = "\x1b["


@pytest.fixture
def ns(server):
    return K.new_namespace(server, "desc")


def describe(server, ns, name, *extra):
    return server.odh("mpijob", "describe", name, "-n", ns, *extra)


def test_succeeded_job_has_no_findings_and_the_full_story(server, ns, tmp_path):
    name = K.create(server, tmp_path, ns, outcome="Succeeded", duration=1)
    K.wait_for_condition(server, ns, name, "Succeeded")
    r = describe(server, ns, name)
    assert r.code == 0, r
    assert r.err == ""
    out = r.out
    for section in ["Name:", "Namespace:", "Labels:", "Annotations:", "Status:", "Spec:", "Conditions:", "Pods:",
                    "Events:", "Diagnosis:"]:
        assert re.search(r"^%s" % re.escape(section), out, re.M), section
    assert re.search(r"^Name:\s+%s$" % name, out, re.M)
    assert re.search(r"^Status:\s+Succeeded$", out, re.M)
    assert "  Workers:" in out and "2 × 1 slot" in out
    assert "Clean Pod Policy:" in out and "Running" in out
    # Conditions oldest first: Created before Succeeded.
    cond = out[out.index("Conditions:"):out.index("Pods:")]
    assert cond.index("Created") < cond.index("Succeeded")
    assert re.search(r"^  TYPE\s+STATUS\s+REASON\s+AGE\s+MESSAGE$", cond, re.M)
    pods_section = out[out.index("Pods:"):out.index("Events:")]
    assert re.search(r"^  NAME\s+ROLE\s+INDEX\s+PHASE\s+READY\s+RESTARTS\s+NODE\s+REASON$", pods_section, re.M)
    assert re.search(r"%s-launcher-\w{5}\s+launcher\s+-\s+Succeeded\s+0/1\s+0\s+\S+\s+Completed" % name, pods_section)
    events = out[out.index("Events:"):out.index("Diagnosis:")]
    assert re.search(r"^  TYPE\s+REASON\s+AGE\s+FROM\s+OBJECT\s+MESSAGE$", events, re.M)
    assert "mpijob/%s" % name in events and "MPIJobSucceeded" in events
    assert "pod/%s-worker-0" % name in events and "job/%s-launcher" % name in events
    assert "No problems found: the job succeeded." in out
    assert ESC not in out  # not a terminal: no colors

    d = K.describe_json(server, ns, name)
    assert d["kind"] == "MPIJobDescription"
    assert d["status"]["phase"] == "Succeeded"
    assert d["diagnosis"] == []
    assert d["job"]["metadata"]["name"] == name
    assert "managedFields" not in d["job"]["metadata"]
    assert d["summary"]["workers"] == 2 and d["summary"]["runPolicy"]["cleanPodPolicy"] == "Running"
    reasons = [e["reason"] for e in d["events"]]
    assert "MPIJobCreated" in reasons and "MPIJobSucceeded" in reasons
    assert reasons.index("MPIJobCreated") < reasons.index("MPIJobSucceeded")


def test_failed_launcher_is_diagnosed_with_its_exit_code(server, ns, tmp_path):
    # restartPolicy Never: every failed attempt keeps its pod, so the exit code and the log are there.
    name = K.create(server, tmp_path, ns, outcome="Failed", duration=1, launcher_restart="Never")
    K.wait_for_condition(server, ns, name, "Failed")
    d = K.describe_json(server, ns, name)
    assert d["status"]["phase"] == "Failed"
    finding = next(f for f in d["diagnosis"] if f["rule"] == "launcher-error")
    assert finding["severity"] == "error"
    assert re.search(r"launcher pod %s-launcher-\w{5} exited with code 1" % name, finding["cause"])
    assert "kubectl odh mpijob logs %s -n %s" % (name, ns) in finding["fix"]
    r = describe(server, ns, name)
    assert r.code == 0, r
    assert re.search(r"^Status:\s+Failed \(BackoffLimitExceeded", r.out, re.M)
    assert "[launcher-error]" in r.out and "Fix:" in r.out


def test_failed_onfailure_launcher_says_its_log_is_gone_and_what_would_keep_it(server, ns, tmp_path):
    # The operator's default OnFailure: the pod crash-looped in place and went with its Job at the backoff
    # limit. describe must not offer a read that cannot work, and must say what would have kept the log.
    name = K.create(server, tmp_path, ns, outcome="Failed", duration=1)
    K.wait_for_condition(server, ns, name, "Failed")
    d = K.describe_json(server, ns, name)
    assert [p for p in d["pods"] if p["role"] == "launcher"] == []
    finding = next(f for f in d["diagnosis"] if f["rule"] == "launcher-error")
    assert "backoff limit" in finding["cause"] and "its log is gone" in finding["cause"]
    assert "the Job controller deleted it" in finding["cause"]
    assert "restartPolicy: Never" in finding["fix"]
    assert "mpijob logs %s -n %s" % (name, ns) not in finding["fix"]


def test_oomkilled_worker_is_diagnosed(server, ns, tmp_path):
    name = K.create(server, tmp_path, ns, outcome="OOMKilled", duration=1, memory="512Mi")
    K.wait_for_condition(server, ns, name, "Failed")
    d = K.describe_json(server, ns, name)
    assert K.rules(d)[0] == "oom-killed", d["diagnosis"]
    finding = d["diagnosis"][0]
    assert "%s-worker-0" % name in finding["cause"]
    assert "512Mi" in finding["cause"]
    assert "--memory" in finding["fix"]
    # The launcher's death follows from the OOM: not blamed separately.
    assert "launcher-error" not in K.rules(d)
    r = describe(server, ns, name)
    assert "[oom-killed]" in r.out
    assert "OOMKilling" in r.out  # the kubelet's event is listed


def test_image_pull_failure_names_the_image(server, ns, tmp_path):
    image = "registry.example.com/team/does-not-exist:v9"
    name = K.create(server, tmp_path, ns, outcome="ImagePullBackOff", image=image)
    d = K.wait_for_rule(server, ns, name, "image-pull")
    finding = next(f for f in d["diagnosis"] if f["rule"] == "image-pull")
    assert image in finding["cause"]
    assert "%s-worker-0" % name in finding["cause"] and "%s-worker-1" % name in finding["cause"]
    assert "imagePullSecrets" in finding["fix"]
    worker = next(p for p in d["pods"] if p["name"] == "%s-worker-0" % name)
    assert worker["reason"] in ("ErrImagePull", "ImagePullBackOff")
    r = describe(server, ns, name)
    assert re.search(r"%s-worker-0\s+worker\s+0\s+Pending\s+0/1\s+0\s+\S+\s+(ErrImagePull|ImagePullBackOff)" % name, r.out)


def test_unschedulable_for_gpus_suggests_fewer_or_a_queue(server, ns, tmp_path):
    name = K.create(server, tmp_path, ns, outcome="Unschedulable", gpus=4)
    d = K.wait_for_rule(server, ns, name, "unschedulable")
    finding = next(f for f in d["diagnosis"] if f["rule"] == "unschedulable")
    assert "Insufficient nvidia.com/gpu" in finding["cause"]
    assert "8 nvidia.com/gpu (4 per worker × 2)" in finding["cause"]
    assert "--gpus-per-worker" in finding["fix"] and "--queue" in finding["fix"]
    assert all(p["reason"] == "Unschedulable" for p in d["pods"])
    r = describe(server, ns, name)
    assert "FailedScheduling" in r.out
    assert re.search(r"^  GPUs:\s+8 total \(4 per worker\)$", r.out, re.M)


def test_queued_in_kueue_then_admitted(server, ns, tmp_path):
    name = K.create(server, tmp_path, ns, outcome="Succeeded", duration=30, queue_name="team-queue", suspend=True,
                    annotations={"sim.odh/admit-after-seconds": "3"})
    d = K.wait_for_rule(server, ns, name, "queued")
    assert d["status"]["phase"] == "Queued"
    finding = next(f for f in d["diagnosis"] if f["rule"] == "queued")
    assert finding["severity"] == "info"
    assert '"team-queue"' in finding["cause"] and "admission" in finding["cause"]
    assert "kubectl get localqueue team-queue -n %s" % ns in finding["fix"]
    d = K.wait_for_rule(server, ns, name, "admitted", timeout=20)
    assert "queued" not in K.rules(d)


def test_suspended_by_hand_says_how_to_resume(server, ns, tmp_path):
    name = K.create(server, tmp_path, ns, suspend=True)
    d = K.wait_for_rule(server, ns, name, "suspended")
    fix = next(f["fix"] for f in d["diagnosis"] if f["rule"] == "suspended")
    assert "kubectl patch mpijob %s -n %s --type merge" % (name, ns) in fix
    # The fix works: patch exactly as it says, and the job runs.
    patch = json.loads(fix.split("-p ", 1)[1].strip("'"))
    K.patch_job(server, ns, name, patch)
    K.wait_for_condition(server, ns, name, "Succeeded")


def test_istio_sidecar_is_found(server, ns, tmp_path):
    name = K.create(server, tmp_path, ns, outcome="Hang", worker_sidecars=["istio-proxy"])
    d = K.wait_for_rule(server, ns, name, "istio-sidecar")
    finding = next(f for f in d["diagnosis"] if f["rule"] == "istio-sidecar")
    assert "%s-worker-0" % name in finding["cause"]
    assert 'sidecar.istio.io/inject: "false"' in finding["fix"]


def test_clean_pod_policy_none_leaves_workers_running(server, ns, tmp_path):
    name = K.create(server, tmp_path, ns, outcome="Succeeded", duration=1, clean_pod_policy=None)
    K.wait_for_condition(server, ns, name, "Succeeded")
    d = K.wait_for_rule(server, ns, name, "workers-left-running")
    finding = next(f for f in d["diagnosis"] if f["rule"] == "workers-left-running")
    assert "%s-worker-0 and %s-worker-1" % (name, name) in finding["cause"]
    assert "not set" in finding["cause"]
    assert "kubectl delete pods -n %s -l" % ns in finding["fix"]


def test_seeded_operator_problems(server):
    # Seeded in the past: the validation error and the never-picked-up job need time to show.
    d = K.describe_json(server, "team-b", "pi-invalid")
    finding = next(f for f in d["diagnosis"] if f["rule"] == "validation-error")
    assert 'Unsupported value: "Always"' in finding["cause"]
    d = K.describe_json(server, "default", "never-picked")
    assert K.rules(d) == ["never-picked-up"]
    assert "kubectl get deploy -n mpi-operator" in d["diagnosis"][0]["fix"]


def test_describe_json_and_yaml_hold_the_same_findings(server, ns, tmp_path):
    name = K.create(server, tmp_path, ns, outcome="OOMKilled", duration=1)
    K.wait_for_condition(server, ns, name, "Failed")
    j = server.odh("mpijob", "describe", name, "-n", ns, "-o", "json")
    y = server.odh("mpijob", "describe", name, "-n", ns, "-o", "yaml")
    assert j.code == 0 and y.code == 0, (j, y)
    doc = j.json()
    assert set(doc) >= {"apiVersion", "kind", "metadata", "status", "summary", "conditions", "pods", "events",
                        "diagnosis", "job"}
    for f in doc["diagnosis"]:
        assert set(f) == {"rule", "severity", "cause", "fix"}
        assert f["severity"] in ("error", "warning", "info")
    assert y.out.startswith("apiVersion: kubectl-odh/v1alpha1\n")
    assert "\nkind: MPIJobDescription\n" in y.out
    assert "rule: oom-killed" in y.out
    assert j.err == "" and y.err == ""


def test_describe_missing_job_is_not_found(server, ns):
    r = describe(server, ns, "no-such-job")
    assert r.code == 4
    assert r.out == ""
    assert r.err.startswith('error: mpijob "no-such-job" not found in namespace "%s"' % ns)
    j = describe(server, ns, "no-such-job", "-o", "json")
    assert j.code == 4 and j.out == ""


def test_describe_several_names_goes_on_past_a_missing_one(server, ns, tmp_path):
    name = K.create(server, tmp_path, ns, outcome="Hang")
    r = describe(server, ns, name, "missing-one")
    assert r.code == 4
    assert re.search(r"^Name:\s+%s$" % name, r.out, re.M)
    assert 'mpijob "missing-one" not found' in r.err
    # -o json: several names are a List whatever was found, so `jq '.items[]'` works either way.
    j = describe(server, ns, name, "missing-one", "-o", "json")
    assert j.code == 4
    doc = json.loads(j.out)
    assert doc["kind"] == "List" and [i["kind"] for i in doc["items"]] == ["MPIJobDescription"]
    both_missing = describe(server, ns, "missing-one", "missing-two", "-o", "json")
    assert both_missing.code == 4 and json.loads(both_missing.out)["items"] == []


def test_describe_usage_errors(server):
    r = server.odh("mpijob", "describe")
    assert r.code == 2 and "describe needs the name" in r.err and r.out == ""
    r = server.odh("mpijob", "describe", "x", "-o", "wide")
    assert r.code == 2 and "unknown output format" in r.err
    r = server.odh("mpijob", "describe", "a", "b", "--watch")
    assert r.code == 2 and "--watch follows one MPIJob" in r.err


def test_colors_only_on_a_terminal(server, ns, tmp_path, run_in_pty):
    name = K.create(server, tmp_path, ns, outcome="Failed", duration=1)
    K.wait_for_condition(server, ns, name, "Failed")
    import harness
    argv = [str(harness.odh_binary()), "--kubeconfig", server.kubeconfig, "mpijob", "describe", name, "-n", ns]
    tty = run_in_pty(argv, env=server.env())
    assert tty.code == 0, tty
    assert ESC + "1mName:" in tty.out  # bold headings
    assert ESC + "31m" in tty.out  # red: Failed status, Warning events, errors
    plain = run_in_pty(argv + ["--no-color"], env=server.env())
    assert ESC not in plain.out and "Diagnosis:" in plain.out
    no_color_env = run_in_pty(argv, env=server.env({"NO_COLOR": "1"}))
    assert ESC not in no_color_env.out


def test_wide_job_reads_events_with_one_namespace_list(server, ns, tmp_path):
    # Past a handful of pods, one namespace list (filtered client-side) beats a request per pod.
    name = K.create(server, tmp_path, ns, outcome="Succeeded", duration=1, workers=16, clean_pod_policy="None")
    K.wait_for_condition(server, ns, name, "Succeeded")
    server.clear_requests()
    d = K.describe_json(server, ns, name)
    objects = {(e["object"]["kind"], e["object"]["name"]) for e in d["events"]}
    assert ("Pod", "%s-worker-15" % name) in objects and ("MPIJob", name) in objects
    assert ("Job", "%s-launcher" % name) in objects
    assert all(n == name or n.startswith(name + "-") for _, n in objects)
    event_reads = server.requests(path=r"/namespaces/%s/events$" % ns)
    assert len(event_reads) == 1 and "fieldSelector" not in (event_reads[0].get("query") or ""), event_reads
    assert "workers-left-running" in K.rules(d)
    assert len([p for p in d["pods"] if p["role"] == "worker"]) == 16
