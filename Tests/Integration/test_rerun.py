"""mpijob rerun: a new job from an old one, named <name>-rerun-<n>, --name or --generate-name, refused on a clash,
checked and sent by create's pipeline (validation, pre-flight, --dry-run, -o, --wait)."""

import json
import re

import pytest

import jobkit as K
import kueuekit as Q


@pytest.fixture
def ns(server):
    return K.new_namespace(server, "rr")


def test_default_names_count_up_and_the_copy_is_clean(server, ns, tmp_path):
    name = K.create(server, tmp_path, ns, outcome="Succeeded", duration=0.3, labels={"team": "nlp"},
                    annotations={"note": "first try"})
    old = K.wait_for_condition(server, ns, name, "Succeeded")
    r = server.odh("mpijob", "rerun", name, "-n", ns)
    assert r.code == 0, r
    assert r.out.strip() == "mpijob.kubeflow.org/%s-rerun-1 created" % name
    new = K.get_job(server, ns, name + "-rerun-1")
    assert new["metadata"]["labels"] == old["metadata"]["labels"] == {"team": "nlp"}
    assert new["metadata"]["annotations"] == old["metadata"]["annotations"]
    assert new["metadata"]["uid"] != old["metadata"]["uid"]
    assert "ownerReferences" not in new["metadata"]
    assert new["spec"]["mpiReplicaSpecs"] == old["spec"]["mpiReplicaSpecs"]
    assert new["spec"]["runPolicy"] == dict(old["spec"]["runPolicy"], suspend=False)
    assert "Succeeded" not in K.conditions_true(new), "status is never copied"
    # The next one takes the next number, also when rerunning a rerun.
    assert server.odh("mpijob", "rerun", name, "-n", ns, "-o", "name").out.strip() == \
        "mpijob.kubeflow.org/%s-rerun-2" % name
    assert server.odh("mpijob", "rerun", name + "-rerun-1", "-n", ns).out.strip() == \
        "mpijob.kubeflow.org/%s-rerun-3 created" % name


def test_a_chosen_name_and_its_clash(server, ns, tmp_path):
    name = K.create(server, tmp_path, ns, outcome="Succeeded", duration=0.3)
    r = server.odh("mpijob", "rerun", name, "-n", ns, "--name", "again", "-o", "json")
    assert r.code == 0, r
    assert r.json()["metadata"]["name"] == "again" and K.get_job(server, ns, "again") is not None
    clash = server.odh("mpijob", "rerun", name, "-n", ns, "--name", "again")
    assert clash.code == 7, clash
    assert 'error: mpijob "again" already exists in namespace "%s"' % ns in clash.err
    assert "hint:" in clash.err and "--generate-name" in clash.err and "%s-rerun-<next number>" % name in clash.err
    both = server.odh("mpijob", "rerun", name, "-n", ns, "--name", "x", "--generate-name")
    assert both.code == 2 and "either --name or --generate-name" in both.err


def test_generate_name_lets_the_server_pick(server, ns, tmp_path):
    name = K.create(server, tmp_path, ns, outcome="Succeeded", duration=0.3)
    r = server.odh("mpijob", "rerun", name, "-n", ns, "--generate-name", "-o", "name")
    assert r.code == 0, r
    m = re.fullmatch(r"mpijob\.kubeflow\.org/(%s-rerun-[a-z0-9]{5})" % re.escape(name), r.out.strip())
    assert m, r.out
    assert K.get_job(server, ns, m.group(1)) is not None


def test_dry_run_sends_nothing_and_a_rerun_can_be_waited_on(server, ns, tmp_path):
    name = K.create(server, tmp_path, ns, outcome="Failed", duration=0.5)
    K.wait_for_condition(server, ns, name, "Failed")
    r = server.odh("mpijob", "rerun", name, "-n", ns, "--dry-run", "-o", "json")
    assert r.code == 0, r
    assert r.json()["metadata"]["name"] == name + "-rerun-1"
    assert K.get_job(server, ns, name + "-rerun-1") is None
    server.clear_requests()
    r = server.odh("mpijob", "rerun", name, "-n", ns, "--dry-run=server")
    assert r.code == 0 and "(server dry run)" in r.out
    assert any("dryRun=All" in q["query"] for q in server.requests(method="POST", path="/mpijobs$"))
    # The same outcome annotations: the rerun fails too, and --wait says so with exit 3.
    r = server.odh("mpijob", "rerun", name, "-n", ns, "--wait", "--timeout", "60s")
    assert r.code == 3, r
    assert 'mpijob "%s-rerun-1" failed' % name in r.err


def test_missing_job_and_preflight_refusals(server, ns, tmp_path):
    r = server.odh("mpijob", "rerun", "nope", "-n", ns)
    assert r.code == 4 and 'mpijob "nope" not found' in r.err
    # A ResourceQuota the old job already exceeds: a rerun is pre-flighted like a create.
    quota = {"apiVersion": "v1", "kind": "ResourceQuota", "metadata": {"name": "gpus"},
             "spec": {"hard": {"requests.nvidia.com/gpu": "1"}}}
    assert K.api(server).request("POST", "/api/v1/namespaces/%s/resourcequotas" % ns, quota).status == 201
    big = K.manifest("big", workers=2, gpus=1, outcome="Hang")
    assert K.api(server).request("POST", K.MPIJOBS % ns, big).status == 201
    r = server.odh("mpijob", "rerun", "big", "-n", ns)
    assert r.code == 8, r
    assert 'mpijob "big-rerun-1" does not fit the ResourceQuota' in r.err and "nothing was created" in r.err
    assert K.get_job(server, ns, "big-rerun-1") is None
    # A name the operator would refuse (the worker hostname gets too long) is exit 2.
    long_name = K.create(server, tmp_path, ns, name="n" * 50, outcome="Succeeded", duration=0.2)
    r = server.odh("mpijob", "rerun", long_name, "-n", ns)
    assert r.code == 2 and "use --name" in r.err


def test_a_kueue_rerun_is_checked_for_its_local_queue():
    srv = Q.start_server()
    try:
        # The seed's default/pi-queued names LocalQueue user-queue, which namespace default does not have.
        r = srv.odh("mpijob", "rerun", "pi-queued", "-n", "default")
        assert r.code == 4, r
        assert 'LocalQueue "user-queue" not found in namespace "default"' in r.err
        assert "nothing was created" in r.err and "has no LocalQueue" in r.err
        # team-b's gpu-train runs admitted: its rerun queues (Kueue suspends it) with the same queue and priority.
        r = srv.odh("mpijob", "rerun", "gpu-train", "-n", "team-b", "-o", "json")
        assert r.code == 0, r
        new = r.json()
        assert new["metadata"]["labels"]["kueue.x-k8s.io/queue-name"] == "user-queue"
        assert new["metadata"]["labels"]["kueue.x-k8s.io/priority-class"] == "high"
        assert new["spec"]["runPolicy"]["suspend"] is True, "Kueue's webhook suspends the rerun until admitted"
    finally:
        srv.stop()
