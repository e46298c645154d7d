"""The simulated training-operator (v1 kinds) and Trainer (TrainJob): conditions, replica statuses, pods with the
operators' labels, logs, suspend/resume, deletion, and the seed of every kind (--crds training-operator,trainer)."""

import json
import pathlib

import pytest

from kclient import Client
from test_mpijobs import wait_for

FIXTURES = pathlib.Path(__file__).resolve().parent.parent / "Fixtures" / "crds"
PT = "/apis/kubeflow.org/v1/namespaces/%s/pytorchjobs"
TJ = "/apis/trainer.kubeflow.org/v1alpha1/namespaces/%s/trainjobs"
PODS = "/api/v1/namespaces/%s/pods"


@pytest.fixture(scope="module")
def env(request):
    from harness import FakeCluster
    s = FakeCluster(seed="standard", tick=0.02, crds=["training-operator", "trainer"]).start()
    request.addfinalizer(s.stop)
    c = Client(s, "admin")
    request.addfinalizer(c.close)
    return s, c


def pytorch(name, outcome="Succeeded", duration="1", workers=1, mutate=None):
    import yaml
    job = yaml.safe_load((FIXTURES / "training-operator" / "examples" / "pytorch-simple.yaml").read_text())
    job["metadata"] = {"name": name, "annotations": {"sim.odh/outcome": outcome,
                                                      "sim.odh/duration-seconds": duration}}
    job["spec"]["pytorchReplicaSpecs"]["Worker"]["replicas"] = workers
    if mutate:
        mutate(job)
    return job


def conds(obj):
    return {c["type"]: (c["status"], c["reason"]) for c in (obj.get("status") or {}).get("conditions", [])}


def pods(c, selector, ns="default"):
    from urllib.parse import quote
    return c.get(PODS % ns + "?labelSelector=" + quote(selector)).json()["items"]


def test_pytorchjob_runs_to_success_with_the_operators_labels_and_conditions(env):
    s, c = env
    r = c.request("POST", PT % "default", body=pytorch("pt-ok", workers=2))
    assert r.status == 201, r
    running = wait_for(lambda: conds(c.get(PT % "default" + "/pt-ok").json()).get("Running") == ("True",
                                                                                                   "PyTorchJobRunning"))
    assert running
    ps = pods(c, "training.kubeflow.org/job-name=pt-ok,training.kubeflow.org/operator-name=pytorchjob-controller")
    assert sorted(p["metadata"]["name"] for p in ps) == ["pt-ok-master-0", "pt-ok-worker-0", "pt-ok-worker-1"]
    master = next(p for p in ps if p["metadata"]["name"] == "pt-ok-master-0")
    assert master["metadata"]["labels"]["training.kubeflow.org/replica-type"] == "master"
    assert master["metadata"]["labels"]["training.kubeflow.org/job-role"] == "master"
    assert master["metadata"]["ownerReferences"][0]["kind"] == "PyTorchJob"
    env_names = [e["name"] for e in master["spec"]["containers"][0]["env"]]
    assert {"MASTER_ADDR", "WORLD_SIZE", "RANK"} <= set(env_names)
    done = wait_for(lambda: conds(c.get(PT % "default" + "/pt-ok").json()).get("Succeeded", ("",))[0] == "True",
                    seconds=15)
    assert done
    job = c.get(PT % "default" + "/pt-ok").json()
    # The training-operator keeps Running, as False, next to Succeeded.
    assert conds(job)["Running"] == ("False", "PyTorchJobRunning")
    assert conds(job)["Succeeded"] == ("True", "PyTorchJobSucceeded")
    assert job["status"]["replicaStatuses"]["Worker"]["succeeded"] == 2
    assert "completionTime" in job["status"]
    log = c.get(PODS % "default" + "/pt-ok-master-0/log").text
    assert log.splitlines()[-1].startswith("training finished after")


def test_a_failing_replica_fails_the_job(env):
    s, c = env
    c.request("POST", PT % "default", body=pytorch("pt-bad", outcome="Failed"))
    failed = wait_for(lambda: conds(c.get(PT % "default" + "/pt-bad").json()).get("Failed"), seconds=15)
    assert failed == ("True", "PyTorchJobFailed")
    job = c.get(PT % "default" + "/pt-bad").json()
    msg = next(x["message"] for x in job["status"]["conditions"] if x["type"] == "Failed")
    assert msg == "PyTorchJob pt-bad is failed because 1 Worker replica(s) failed."
    events = c.get("/api/v1/namespaces/default/events?fieldSelector=involvedObject.name%3Dpt-bad").json()["items"]
    assert any(e["reason"] == "PyTorchJobFailed" for e in events)


def test_suspend_and_resume(env):
    s, c = env
    c.request("POST", PT % "default", body=pytorch("pt-susp", outcome="Hang", mutate=lambda j: j["spec"].setdefault(
        "runPolicy", {}).update(suspend=True)))
    assert wait_for(lambda: conds(c.get(PT % "default" + "/pt-susp").json()).get("Suspended") == (
        "True", "PyTorchJobSuspended"))
    assert pods(c, "training.kubeflow.org/job-name=pt-susp") == []
    r = c.request("PATCH", PT % "default" + "/pt-susp", body={"spec": {"runPolicy": {"suspend": False}}},
                  headers={"Content-Type": "application/merge-patch+json"})
    assert r.status == 200, r
    assert wait_for(lambda: conds(c.get(PT % "default" + "/pt-susp").json()).get("Running", ("",))[0] == "True")
    assert conds(c.get(PT % "default" + "/pt-susp").json())["Suspended"] == ("False", "PyTorchJobResumed")


def test_deleting_a_job_deletes_its_pods(env):
    s, c = env
    c.request("POST", PT % "default", body=pytorch("pt-del", outcome="Hang"))
    assert wait_for(lambda: len(pods(c, "training.kubeflow.org/job-name=pt-del")) == 2)
    assert c.request("DELETE", PT % "default" + "/pt-del").status == 200
    assert wait_for(lambda: pods(c, "training.kubeflow.org/job-name=pt-del") == [], seconds=10)


def test_trainjob_runs_its_runtime_as_jobs_and_pods_with_jobset_labels(env):
    s, c = env
    import yaml
    tj = yaml.safe_load((FIXTURES / "trainer" / "examples" / "01-multi-node.yaml").read_text())
    tj["metadata"] = {"name": "tj-ok", "annotations": {"sim.odh/duration-seconds": "1"}}
    tj["spec"]["trainer"]["numNodes"] = 2
    assert c.request("POST", TJ % "default", body=tj).status == 201
    done = wait_for(lambda: conds(c.get(TJ % "default" + "/tj-ok").json()).get("Complete"), seconds=15)
    assert done == ("True", "AllJobsCompleted")
    job = c.get(TJ % "default" + "/tj-ok").json()
    assert "Running" not in conds(job)
    assert job["status"]["jobsStatus"] == [{"name": "node", "ready": 0, "succeeded": 1, "failed": 0, "active": 0,
                                            "suspended": 0}]
    ps = pods(c, "jobset.sigs.k8s.io/jobset-name=tj-ok")
    assert sorted(p["metadata"]["labels"]["batch.kubernetes.io/job-completion-index"] for p in ps) == ["0", "1"]
    assert all(p["metadata"]["labels"]["jobset.sigs.k8s.io/replicatedjob-name"] == "node" for p in ps)
    assert all(p["metadata"]["name"].startswith("tj-ok-node-0-") for p in ps)
    # The runtime's image, the TrainJob's command.
    c0 = ps[0]["spec"]["containers"][0]
    assert c0["image"].startswith("pytorch/pytorch") and c0["command"][0] == "torchrun"


def test_a_trainjob_without_its_runtime_gets_only_a_warning_event(env):
    s, c = env
    import yaml
    tj = yaml.safe_load((FIXTURES / "trainer" / "examples" / "01-multi-node.yaml").read_text())
    tj["metadata"] = {"name": "tj-noruntime"}
    tj["spec"]["runtimeRef"]["name"] = "no-such-runtime"
    assert c.request("POST", TJ % "default", body=tj).status == 201

    def warned():
        items = c.get("/api/v1/namespaces/default/events?fieldSelector=involvedObject.name%3Dtj-noruntime").json()
        return [e for e in items["items"] if e["reason"] == "TrainJobResourcesCreationFailed"]
    found = wait_for(warned)
    assert 'clustertrainingruntimes.trainer.kubeflow.org "no-such-runtime" not found' in found[0]["message"]
    assert (c.get(TJ % "default" + "/tj-noruntime").json().get("status") or {}).get("conditions") is None


def test_the_seed_has_every_kind_in_its_states(env):
    s, c = env
    seen = {}
    for path in ("/apis/kubeflow.org/v1/%s" % p for p in ("pytorchjobs", "tfjobs", "xgboostjobs", "paddlejobs",
                                                           "jaxjobs")):
        for item in c.get(path).json()["items"]:
            seen[(item["kind"], item["metadata"]["name"])] = conds(item)
    for item in c.get("/apis/trainer.kubeflow.org/v1alpha1/trainjobs").json()["items"]:
        seen[(item["kind"], item["metadata"]["name"])] = conds(item)
    assert seen[("PyTorchJob", "mnist-restarting")]["Restarting"] == ("True", "PyTorchJobRestarting")
    assert seen[("PyTorchJob", "mnist-queued")]["Suspended"] == ("True", "PyTorchJobSuspended")
    assert seen[("TFJob", "tf-oom")]["Failed"][0] == "True"
    assert seen[("XGBoostJob", "xgb-iris")]["Succeeded"][0] == "True"
    assert seen[("PaddleJob", "paddle-check")]["Running"][0] == "True"
    assert seen[("JAXJob", "jax-suspended")]["Suspended"][0] == "True"
    assert seen[("TrainJob", "ds-train")]["Failed"] == ("True", "FailedJobs")
    assert seen[("TrainJob", "kueue-example")]["Suspended"] == ("True", "Suspended")
    runtimes = c.get("/apis/trainer.kubeflow.org/v1alpha1/clustertrainingruntimes").json()["items"]
    assert {r["metadata"]["name"] for r in runtimes} == {"torch-distributed", "deepspeed-distributed",
                                                         "mpi-distributed"}


def test_bulk_makes_jobs_of_any_served_kind(env):
    s, c = env
    out = s.bulk(namespace="bulk-kinds", count=6, prefix="pt-", kind="PyTorchJob")
    assert out["created"] == 6 and out["kind"] == "PyTorchJob"
    items = c.get(PT % "bulk-kinds").json()["items"]
    assert [i["metadata"]["name"] for i in items] == ["pt-%05d" % n for n in range(6)]
    states = [conds(i).get("Succeeded", ("False",))[0] for i in items]
    assert states == ["False", "True"] * 3
    assert 3000 < len(json.dumps(items[0])) < 6000
    out = s.bulk(namespace="bulk-kinds", count=2, prefix="tj-", kind="TrainJob")
    assert [i["metadata"]["name"] for i in c.get(TJ % "bulk-kinds").json()["items"]] == ["tj-00000", "tj-00001"]
